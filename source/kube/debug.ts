import type {Container, ContainerStatus, Pod} from '../model/k8s.js';
import type {KubeHttp} from './http.js';
import type {StreamTarget} from './exec.js';

// kubectl debug's first half: add an ephemeral container that targets a container's process
// namespace, then wait until it runs.

export const defaultDebugImage = 'busybox:1.36';

// The global Web Crypto rather than node:crypto: every command imports this file (for the
// default image), and importing node:crypto cost ~20 ms of each start, --version's too.
const suffix = () => {
	const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
	return [...crypto.getRandomValues(new Uint8Array(5))].map(byte => alphabet[byte % alphabet.length]).join('');
};

/** `interactive` gives the container stdin and a TTY to attach to (kubectl debug -it). */
export async function addDebugContainer(
	http: KubeHttp,
	target: StreamTarget,
	image: string,
	command?: string[],
	interactive = !command?.length,
): Promise<string> {
	const name = `debugger-${suffix()}`;
	const container: Container = {
		name,
		image,
		imagePullPolicy: 'IfNotPresent',
		stdin: interactive,
		tty: interactive,
		terminationMessagePolicy: 'File',
		targetContainerName: target.container,
		...(command?.length ? {command} : {}),
	};
	// A strategic merge patch merges by name, so the pod's existing debug containers stay.
	await http.json(`/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/ephemeralcontainers`, {
		method: 'PATCH',
		contentType: 'application/strategic-merge-patch+json',
		body: {spec: {ephemeralContainers: [container]}},
	});
	return name;
}

export type DebugState = {phase: 'waiting'; reason: string} | {phase: 'running'} | {phase: 'terminated'; reason: string; exitCode: number};

export function debugState(pod: Pod, name: string): DebugState {
	const status: ContainerStatus | undefined = pod.status?.ephemeralContainerStatuses?.find(item => item.name === name);
	const state = status?.state;
	if (state?.running) return {phase: 'running'};
	if (state?.terminated) return {phase: 'terminated', reason: state.terminated.reason ?? 'Error', exitCode: state.terminated.exitCode};
	return {phase: 'waiting', reason: state?.waiting?.reason ?? 'Pending'};
}

/**
 * Watch the pod until the debug container reaches a state `until` accepts (by default: no
 * longer waiting), reporting each state on the way.
 */
export async function waitForDebugContainer(
	http: KubeHttp,
	target: StreamTarget,
	name: string,
	onState: (state: DebugState) => void,
	options: {until?: (state: DebugState) => boolean; timeoutMs?: number} = {},
): Promise<DebugState> {
	const until = options.until ?? ((state: DebugState) => state.phase !== 'waiting');
	const timeoutMs = options.timeoutMs ?? 60_000;
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	try {
		const response = await http.fetch(`/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods`, {
			query: {watch: 1, fieldSelector: `metadata.name=${target.pod}`, timeoutSeconds: Math.ceil(timeoutMs / 1000)},
			signal: controller.signal,
		});
		const decoder = new TextDecoder();
		let pending = '';
		for await (const chunk of response.body ?? []) {
			pending += decoder.decode(chunk as Uint8Array, {stream: true});
			for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
				const line = pending.slice(0, newline);
				pending = pending.slice(newline + 1);
				if (!line.trim()) continue;
				const event = JSON.parse(line) as {type: string; object: Pod};
				if (event.type === 'DELETED') return {phase: 'terminated', reason: 'PodDeleted', exitCode: -1};
				if (event.type !== 'ADDED' && event.type !== 'MODIFIED') continue;
				const state = debugState(event.object, name);
				onState(state);
				if (until(state)) return state;
			}
		}
		return {phase: 'waiting', reason: 'timed out waiting for the debug container to start'};
	} catch (error) {
		if (controller.signal.aborted) return {phase: 'waiting', reason: 'timed out waiting for the debug container to start'};
		throw error;
	} finally {
		clearTimeout(timer);
	}
}
