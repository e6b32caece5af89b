import type {List, Pod} from '../model/k8s.js';
import {LogOptionError} from '../model/logs/options.js';
import type {LogsRequest} from '../model/logs/args.js';
import {KubeError, type KubeHttp} from '../kube/http.js';
import {allContainerNames, defaultContainer as kubectlDefaultContainer} from './default-container.js';

// Which pods and containers `podscope logs` reads: the named pod, fetched first as kubectl
// does for its errors and its containers, or the selector's pods in name order; then the
// containers asked for, every one, or the pod's default.

export type LogsTarget = {
	pods: Pod[];
	/** The containers to read of a pod, in display order. */
	containersOf(pod: Pod): string[];
};

/** The pod's containers in start order, as --all-containers lists them. */
const allContainers = allContainerNames;

function defaultContainer(pod: Pod, stderr: (text: string) => void): string {
	const chosen = kubectlDefaultContainer(pod);
	if (chosen.notice) stderr(`${chosen.notice}\n`);
	return chosen.name;
}

/** The target, or undefined when a selector matched nothing and there is nothing to follow (already said on stderr). */
export async function resolveTarget(http: KubeHttp, namespace: string, request: LogsRequest, stderr: (text: string) => void): Promise<LogsTarget | undefined> {
	const {pod: podName, selector, containers} = request;
	// Named pod: fetch it first, as kubectl does, for its errors and its containers.
	let pods: Pod[];
	if (podName) {
		try {
			pods = [await http.json<Pod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(podName)}`)];
		} catch (error) {
			if (error instanceof KubeError && error.code === 404)
				throw new LogOptionError(`error from server (NotFound): pods ${JSON.stringify(podName)} not found in namespace ${JSON.stringify(namespace)}`);
			throw error;
		}
	} else {
		const list = await http.json<List<Pod>>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {query: {labelSelector: selector}});
		pods = list.items.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
		if (pods.length === 0 && !request.follow) {
			stderr(`No resources found in ${namespace} namespace.\n`);
			return undefined;
		}
	}

	let defaulted: string | undefined;
	const containersOf = (pod: Pod): string[] => {
		if (request.allContainers) return allContainers(pod);
		if (containers.length > 0) return containers.filter(name => allContainers(pod).includes(name));
		if (podName) {
			// Said once on stderr, as kubectl does, however often the pod is read again.
			defaulted ??= defaultContainer(pod, stderr);
			return [defaulted];
		}
		return [defaultContainer(pod, () => {})];
	};
	for (const pod of pods) {
		for (const name of containers) {
			if (podName && !allContainers(pod).includes(name)) throw new LogOptionError(`container ${name} is not valid for pod ${pod.metadata.name}`);
		}
	}
	return {pods, containersOf};
}
