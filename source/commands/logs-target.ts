import type {List, Pod} from '../model/k8s.js';
import {LogOptionError} from '../model/logs/options.js';
import type {LogsQuery} from '../model/logs/query.js';
import {KubeError, type KubeHttp} from '../kube/http.js';
import type {FanoutTarget} from '../kube/pod-log-fanout.js';
import {WorkloadError, workloadPods} from '../kube/workload-pods.js';
import {type ContainersOf, containersOfQuery} from './logs-containers.js';
import {waitForPod} from './logs-wait.js';

// Which pods `podscope logs` reads, decided against the cluster:
// - POD: the pod of that name, fetched first as kubectl does for its errors and containers.
//   When there is no such pod, the argument is a pod-name regex (stern's query) if it matches
//   pods or could not be a pod name at all (a character no name has: `web-.*`, `^api`);
//   otherwise kubectl's NotFound. With -A it is always a regex, as in stern.
// - TYPE/NAME: the workload's pods in kubectl's order; the first, or all with --all-pods.
// - -l SELECTOR: the selector's pods in name order.
// A follow of more than one pod (-l, a regex, --all-pods) is a watch: see PodLogFanout.

export type LogsTarget =
	/** These pods, read one after the other, or followed (a single pod) through its restarts. */
	| {kind: 'pods'; pods: Pod[]; containersOf: ContainersOf; single: boolean}
	/** Every pod the watch finds, now and later. */
	| {kind: 'many'; fanout: FanoutTarget}
	/** Nothing to read (already said on stderr). */
	| {kind: 'none'};

const podsPath = (namespace: string | undefined) => (namespace === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`);

/** Pod names hold lowercase letters, digits, '-' and '.': anything else makes the argument a pattern. */
const cannotBeAName = (text: string) => /[^a-z0-9.-]/.test(text);

const byName = (a: Pod, b: Pod) => {
	const [x, y] = [`${a.metadata.namespace}/${a.metadata.name}`, `${b.metadata.namespace}/${b.metadata.name}`];
	return x < y ? -1 : x > y ? 1 : 0;
};

function nothingFound(query: LogsQuery, namespace: string, stderr: (text: string) => void): LogsTarget {
	stderr(query.allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
	return {kind: 'none'};
}

async function namedPod(http: KubeHttp, namespace: string, name: string): Promise<Pod | undefined> {
	try {
		return await http.json<Pod>(`${podsPath(namespace)}/${encodeURIComponent(name)}`);
	} catch (error) {
		if (error instanceof KubeError && error.code === 404) return undefined;
		throw error;
	}
}

export async function resolveTarget(http: KubeHttp, namespace: string, query: LogsQuery, stderr: (text: string) => void): Promise<LogsTarget> {
	const scope = query.allNamespaces ? undefined : namespace;
	const {target} = query;
	if (target.kind === 'resource') return workloadTarget(http, namespace, query, stderr);
	if (target.kind === 'selector') {
		const containersOf = containersOfQuery(query, false, stderr);
		if (query.follow && !query.previous) return {kind: 'many', fanout: {namespace: scope, labelSelector: query.selector, containersOf}};
		const list = await http.json<List<Pod>>(podsPath(scope), {query: {labelSelector: query.selector}});
		if (list.items.length === 0) return nothingFound(query, namespace, stderr);
		return {kind: 'pods', pods: list.items.sort(byName), containersOf, single: false};
	}
	const name = target.name;
	const pod = query.allNamespaces ? undefined : await namedPod(http, namespace, name);
	if (pod) return {kind: 'pods', pods: [pod], containersOf: containersOfQuery(query, true, stderr), single: true};
	const notFound = new LogOptionError(`error from server (NotFound): pods ${JSON.stringify(name)} not found in namespace ${JSON.stringify(namespace)}`);
	let pattern: RegExp;
	try {
		pattern = new RegExp(name);
	} catch (error) {
		if (query.allNamespaces || cannotBeAName(name)) throw new LogOptionError(`invalid pod query ${JSON.stringify(name)}: ${(error as Error).message}`);
		throw notFound;
	}
	const podMatches = (candidate: Pod) => pattern.test(candidate.metadata.name);
	const list = await http.json<List<Pod>>(podsPath(scope));
	const pods = list.items.filter(podMatches).sort(byName);
	if (pods.length === 0 && !query.allNamespaces && !cannotBeAName(name)) throw notFound;
	const containersOf = containersOfQuery(query, false, stderr);
	if (query.follow && !query.previous) return {kind: 'many', fanout: {namespace: scope, podMatches, containersOf}};
	if (pods.length === 0) return nothingFound(query, namespace, stderr);
	return {kind: 'pods', pods, containersOf, single: false};
}

async function workloadTarget(http: KubeHttp, namespace: string, query: LogsQuery, stderr: (text: string) => void): Promise<LogsTarget> {
	const target = query.target as Extract<LogsQuery['target'], {kind: 'resource'}>;
	const workload = await workloadPods(http, namespace, target.type, target.name, target.resource);
	if (query.allPods) {
		const containersOf = containersOfQuery(query, false, stderr);
		if (query.follow && !query.previous) return {kind: 'many', fanout: {namespace, labelSelector: workload.selector, containersOf}};
		if (workload.pods.length === 0) return {kind: 'pods', pods: [await waitForPod(http, namespace, workload.selector)], containersOf, single: false};
		return {kind: 'pods', pods: workload.pods, containersOf, single: false};
	}
	// kubectl reads the first pod, and says which when there were several (logsforobject.go).
	const first = workload.pods[0] ?? (await waitForPod(http, namespace, workload.selector));
	if (workload.pods.length > 1) stderr(`Found ${workload.pods.length} pods, using pod/${first.metadata.name}\n`);
	return {kind: 'pods', pods: [first], containersOf: containersOfQuery(query, true, stderr), single: true};
}

export {WorkloadError};
