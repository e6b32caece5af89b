import type {LabelSelector, List, Pod} from '../model/k8s.js';
import {SelectorError, selectorString} from '../model/logs/label-selector.js';
import {inLoggingOrder} from '../model/logs/pod-order.js';
import {qualifiedResource, type WorkloadResource, workloadPath} from '../model/logs/workload-resource.js';
import {KubeError, type KubeHttp} from './http.js';

// `podscope logs TYPE/NAME`: the workload's pods as kubectl finds them
// (k8s.io/kubectl/pkg/polymorphichelpers/logsforobject.go): the type looked up in discovery,
// the object fetched, its spec.selector listed, the pods in ByLogging order.

/** An error kubectl prints as `error: <message>` (exit code 1). */
export class WorkloadError extends Error {}

type ResourceList = {resources: Array<{name: string; singularName?: string; shortNames?: string[]; kind: string; namespaced?: boolean}>};

/** kubectl's text for a type discovery does not know (k8s.io/cli-runtime/pkg/resource/builder.go). */
const noSuchType = (type: string) => new WorkloadError(`the server doesn't have a resource type ${JSON.stringify(type)}`);

async function served(http: KubeHttp, groupVersion: string): Promise<ResourceList | undefined> {
	try {
		return await http.json<ResourceList>(groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`);
	} catch (error) {
		if (error instanceof KubeError && (error.code === 404 || error.code === 503)) return undefined;
		throw error;
	}
}

/**
 * A type podscope cannot read logs of: kubectl fetches the object of a kind the cluster
 * serves (its NotFound), then finds it has no pod selector (SelectorsForObject); a kind
 * discovery does not know is the unknown-type error.
 */
async function unreadable(http: KubeHttp, namespace: string, type: string, name: string): Promise<WorkloadError> {
	const lower = type.toLowerCase();
	const core = await served(http, 'v1');
	const entry = core?.resources.find(
		item =>
			!item.name.includes('/') && (item.name === lower || item.singularName === lower || item.shortNames?.includes(lower) || item.kind.toLowerCase() === lower),
	);
	if (!entry) return noSuchType(type);
	const path = entry.namespaced ? `/api/v1/namespaces/${encodeURIComponent(namespace)}/${entry.name}` : `/api/v1/${entry.name}`;
	try {
		await http.json(`${path}/${encodeURIComponent(name)}`);
	} catch (error) {
		if (error instanceof KubeError && error.code === 404)
			return new WorkloadError(`error from server (NotFound): ${entry.name} ${JSON.stringify(name)} not found in namespace ${JSON.stringify(namespace)}`);
		throw error;
	}
	const goType = `*v1.${entry.kind}`;
	// kubectl's own words for a kind that has no pods (polymorphichelpers' SelectorsForObject):
	// a complete answer quoted, not unfinished work here.
	return new WorkloadError(`cannot get the logs from ${goType}: selector for ${goType} not implemented`);
}

export type WorkloadPods = {
	/** The label selector of the workload's pods, as sent to the API. */
	selector: string;
	/** Its pods in the order kubectl reads them: the first is the one `logs TYPE/NAME` reads. */
	pods: Pod[];
};

/** The workload's selector and pods; WorkloadError with kubectl's text when it cannot be read. */
export async function workloadPods(http: KubeHttp, namespace: string, type: string, name: string, entry: WorkloadResource | undefined): Promise<WorkloadPods> {
	if (!entry) throw await unreadable(http, namespace, type, name);
	const list = await served(http, entry.group ? `${entry.group}/${entry.version}` : 'v1');
	if (!list?.resources.some(item => item.name === entry.resource)) throw noSuchType(type);
	let object: {spec?: {selector?: LabelSelector | null}};
	try {
		object = await http.json(workloadPath(entry, namespace, name));
	} catch (error) {
		// kubectl logs wraps a NotFound with the namespace (k8s.io/kubectl/pkg/cmd/logs/logs.go, Complete).
		if (error instanceof KubeError && error.code === 404)
			throw new WorkloadError(
				`error from server (NotFound): ${qualifiedResource(entry)} ${JSON.stringify(name)} not found in namespace ${JSON.stringify(namespace)}`,
			);
		throw error;
	}
	let selector: string;
	try {
		selector = selectorString(object.spec?.selector);
	} catch (error) {
		if (error instanceof SelectorError) throw new WorkloadError(`cannot get the logs from ${entry.resource}: ${error.message}`);
		throw error;
	}
	const pods = await http.json<List<Pod>>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {query: {labelSelector: selector || undefined}});
	return {selector, pods: inLoggingOrder(pods.items)};
}
