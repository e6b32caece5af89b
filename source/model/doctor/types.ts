import type {ContainerRole} from '../containers.js';
import type {Container, ContainerStatus, KubeEvent, Pod} from '../k8s.js';
import type {Node} from '../k8s-node.js';
import {isRestartableInitContainer} from '../pod-status.js';
import {sanitizeName} from '../sanitize.js';

// The doctor's vocabulary: what a rule gets (the pod, its events, log tails, peak usage) and
// what it returns (findings with evidence a person can check and a fix to try).

export type Severity = 'error' | 'warning' | 'info';

export type Finding = {
	id: string;
	severity: Severity;
	title: string;
	/** Field paths, events and log lines, each one line, sanitised. */
	evidence: string[];
	fix: string;
	/** The container the finding is about, when it is about one. */
	container?: string;
};

export type DoctorInput = {
	pod: Pod;
	events: KubeEvent[];
	/** Last lines of each container's previous instance, and of its current one. */
	logs?: {previous?: Record<string, string[]>; current?: Record<string, string[]>};
	/** Highest memory working set seen per container, in bytes (metrics.k8s.io), when known. */
	peakMemory?: Record<string, number>;
	/** The cluster's nodes when the user may list them: unschedulable pods are explained against them. */
	nodes?: Node[];
	now: number;
};

export type Rule = {
	id: string;
	/** Generic rules give way to a specific finding about the same container. */
	generic?: boolean;
	check(input: DoctorInput): Finding[];
};

export type Entry = {
	name: string;
	role: ContainerRole;
	/** "spec.containers{app}": the same path events use in involvedObject.fieldPath. */
	path: string;
	statusPath: string;
	spec: Container;
	status?: ContainerStatus;
};

// Every rule asks for the entries of the pod it examines: made once per pod object (objects
// from the watch are never changed, a change brings a new one). The TUI's marks diagnose
// thousands of pods; without this, making the entries again for each of twenty-odd rules was
// a third of what the marks allocated (a heap allocation profile of 5,000 pods: 160 MB in 3 s).
const entriesOf = new WeakMap<Pod, readonly Entry[]>();

/** Every container with where it is declared and its status, init containers first (shared: never change it). */
export function entries(pod: Pod): readonly Entry[] {
	let known = entriesOf.get(pod);
	if (!known) {
		known = makeEntries(pod);
		entriesOf.set(pod, known);
	}
	return known;
}

function makeEntries(pod: Pod): Entry[] {
	const status = pod.status ?? {};
	const make = (
		list: Container[] | undefined,
		kind: string,
		statusKind: string,
		statuses: ContainerStatus[] | undefined,
		role: (container: Container) => ContainerRole,
	): Entry[] =>
		(list ?? []).map(container => ({
			name: container.name,
			role: role(container),
			path: `spec.${kind}{${sanitizeName(container.name)}}`,
			statusPath: `status.${statusKind}{${sanitizeName(container.name)}}`,
			spec: container,
			status: statuses?.find(item => item.name === container.name),
		}));
	return [
		...make(pod.spec.initContainers, 'initContainers', 'initContainerStatuses', status.initContainerStatuses, container =>
			isRestartableInitContainer(container) ? 'sidecar' : 'init',
		),
		...make(pod.spec.containers, 'containers', 'containerStatuses', status.containerStatuses, () => 'main'),
		...make(pod.spec.ephemeralContainers, 'ephemeralContainers', 'ephemeralContainerStatuses', status.ephemeralContainerStatuses, () => 'ephemeral'),
	];
}

/** Containers that run for the pod's life: native sidecars and regular containers. */
export const longRunning = (pod: Pod) => entries(pod).filter(entry => entry.role === 'sidecar' || entry.role === 'main');

export const clean = sanitizeName;

export function logEvidence(input: DoctorInput, container: string, which: 'previous' | 'current', max = 5): string[] {
	const lines = input.logs?.[which]?.[container] ?? [];
	return lines
		.filter(line => line.trim() !== '')
		.slice(-max)
		.map(line => `log ${clean(container)} (${which}): ${clean(line.trimEnd())}`);
}

export function eventEvidence(input: DoctorInput, entry: Entry, reasons: RegExp): string[] {
	return input.events
		.filter(event => event.involvedObject.fieldPath === entry.path && reasons.test(event.reason ?? ''))
		.slice(-2)
		.map(
			event =>
				`event ${clean(event.type ?? '')} ${clean(event.reason ?? '')}${(event.count ?? 1) > 1 ? ` ×${event.count}` : ''}: ${clean((event.message ?? '').replace(/\s+/g, ' ').trim())}`,
		);
}

/** "exit 1 (Error)": the last termination of a container, from its current or previous state. */
export function lastExit(status: ContainerStatus | undefined): {exitCode: number; reason?: string; path: string} | undefined {
	const current = status?.state?.terminated;
	if (current) return {exitCode: current.exitCode, reason: current.reason, path: 'state.terminated'};
	const last = status?.lastState?.terminated;
	return last ? {exitCode: last.exitCode, reason: last.reason, path: 'lastState.terminated'} : undefined;
}

export const exitText = (exit: {exitCode: number; reason?: string}) => `exit ${exit.exitCode}${exit.reason ? ` (${clean(exit.reason)})` : ''}`;

/**
 * Restarting with back-off. Waiting in CrashLoopBackOff, or exited again after a restart and
 * due for another: kubelet 1.35 shows that as Error (or Completed) for most of each back-off,
 * and CrashLoopBackOff only at the sync that ends it, so the waiting reason alone misses most
 * of a young crash loop.
 */
export function isCrashLooping(entry: Entry, restartPolicy = 'Always'): boolean {
	const status = entry.status;
	if (status?.state?.waiting?.reason === 'CrashLoopBackOff') return true;
	const terminated = status?.state?.terminated;
	if (!terminated || (status?.restartCount ?? 0) === 0) return false;
	switch (entry.role) {
		case 'sidecar':
			return true;
		case 'ephemeral':
			return false;
		case 'init':
			return terminated.exitCode !== 0 && restartPolicy !== 'Never';
		default:
			return restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && terminated.exitCode !== 0);
	}
}

export const listNames = (names: string[]) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);
