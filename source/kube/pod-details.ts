import type {KubeEvent, List, Pod} from '../model/k8s.js';
import type {KubeHttp} from './http.js';

// One-shot reads behind describe, timeline and doctor: the pod, its events (found the way
// kubectl describe finds them), and the tail of a container's previous instance's log.

const podPath = (namespace: string, name: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;

export function getPod(http: KubeHttp, namespace: string, name: string, signal?: AbortSignal): Promise<Pod> {
	return http.json<Pod>(podPath(namespace, name), {signal});
}

/** kubectl's searchEvents: by involved object name, namespace and uid, in pages of 500. */
export function podEventSelector(pod: Pick<Pod, 'metadata'>): string {
	const {name, namespace, uid} = pod.metadata;
	return [`involvedObject.name=${name}`, `involvedObject.namespace=${namespace ?? 'default'}`, uid ? `involvedObject.uid=${uid}` : '']
		.filter(Boolean)
		.join(',');
}

export async function listPodEvents(http: KubeHttp, pod: Pick<Pod, 'metadata'>, signal?: AbortSignal): Promise<KubeEvent[]> {
	const path = `/api/v1/namespaces/${encodeURIComponent(pod.metadata.namespace ?? 'default')}/events`;
	const items: KubeEvent[] = [];
	let token: string | undefined;
	do {
		const page = await http.json<List<KubeEvent>>(path, {query: {fieldSelector: podEventSelector(pod), limit: 500, continue: token}, signal});
		items.push(...page.items);
		token = page.metadata.continue || undefined;
	} while (token);
	return items;
}

/** The last lines the previous instance of a container wrote, or undefined when there is none. */
export async function previousLogTail(
	http: KubeHttp,
	namespace: string,
	pod: string,
	container: string,
	lines = 10,
	signal?: AbortSignal,
): Promise<string[] | undefined> {
	try {
		const response = await http.fetch(`${podPath(namespace, pod)}/log`, {query: {container, previous: true, tailLines: lines}, accept: '*/*', signal});
		return (await response.text()).split('\n').filter(line => line !== '');
	} catch {
		// No previous instance (400), or logs forbidden: the finding stands without them.
		return undefined;
	}
}

export type TargetFlags = {kubeconfig?: string; context?: string; namespace?: string};

/** The API client and namespace for a one-shot command, kubectl's flag rules. */
export async function connect(flags: TargetFlags): Promise<{http: KubeHttp; namespace: string}> {
	const [{loadKubeconfig}, {KubeHttp}] = await Promise.all([import('./kubeconfig.js'), import('./http.js')]);
	const loaded = loadKubeconfig({kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace});
	return {http: new KubeHttp(loaded.access), namespace: loaded.namespace};
}

/** kubectl's one-line rendering of any failure of a one-shot command. */
export function errorText(error: unknown): string {
	const text = (error as {kubectlText?: string}).kubectlText;
	if (text) return text;
	return `error: ${(error as Error)?.message ?? String(error)}`;
}

/** Previous-instance logs of restarted containers and the current tail of running ones. */
export async function collectLogs(
	http: KubeHttp,
	pod: Pod,
	signal?: AbortSignal,
): Promise<{previous: Record<string, string[]>; current: Record<string, string[]>}> {
	const namespace = pod.metadata.namespace ?? 'default';
	const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
	const previous: Record<string, string[]> = {};
	const current: Record<string, string[]> = {};
	await Promise.all(
		statuses.map(async status => {
			if (status.restartCount > 0 || status.lastState?.terminated) {
				const lines = await previousLogTail(http, namespace, pod.metadata.name, status.name, 10, signal);
				if (lines) previous[status.name] = lines;
			}
			if (status.state?.running || status.state?.terminated) {
				const lines = await logTail(http, namespace, pod.metadata.name, status.name, 20, signal);
				if (lines) current[status.name] = lines;
			}
		}),
	);
	return {previous, current};
}

async function logTail(http: KubeHttp, namespace: string, pod: string, container: string, lines: number, signal?: AbortSignal): Promise<string[] | undefined> {
	try {
		const response = await http.fetch(`${podPath(namespace, pod)}/log`, {query: {container, tailLines: lines}, accept: '*/*', signal});
		return (await response.text()).split('\n').filter(line => line !== '');
	} catch {
		return undefined;
	}
}
