import {KubeHttp} from '../kube/http.js';
import {contextNames, loadKubeconfig} from '../kube/kubeconfig.js';
import type {Lookups} from '../model/completion/candidates.js';
import type {Scope} from '../model/completion/request.js';
import type {List, Namespace, Pod} from '../model/k8s.js';

// The cluster's names for a Tab: quick and quiet. One request each, no retries, a short
// deadline; a credential plugin may run but never asks the terminal anything nor writes to it
// (kubectl passes a plugin's completion stderr straight to the terminal). Whatever fails
// completes nothing: the caller catches it.

export const lookupTimeoutMs = 2000;

function connect(scope: Scope): {http: KubeHttp; namespace: string} {
	const loaded = loadKubeconfig({
		kubeconfig: scope.kubeconfig,
		context: scope.context,
		namespace: scope.namespace,
		plugins: {stdinIsTerminal: () => false, stderr: 'ignore', timeoutMs: lookupTimeoutMs},
	});
	return {http: new KubeHttp(loaded.access), namespace: loaded.namespace};
}

const quick = () => ({retries: 0, signal: AbortSignal.timeout(lookupTimeoutMs)});

async function listPods(scope: Scope, labelSelector?: string): Promise<Pod[]> {
	const {http, namespace} = connect(scope);
	const path = scope.allNamespaces ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
	return (await http.json<List<Pod>>(path, {...quick(), query: {labelSelector}})).items;
}

const containerNames = (pod: Pod) =>
	[...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map(container => container.name);

export const clusterLookups: Lookups = {
	contexts: async scope => contextNames({kubeconfig: scope.kubeconfig}),
	namespaces: async scope => {
		const {http} = connect(scope);
		return (await http.json<List<Namespace>>('/api/v1/namespaces', quick())).items.map(item => item.metadata.name);
	},
	pods: async scope => (await listPods(scope)).map(pod => pod.metadata.name),
	containers: async scope => {
		if (scope.pod === undefined) return (await listPods(scope, scope.selector)).flatMap(containerNames);
		const {http, namespace} = connect(scope);
		return containerNames(await http.json<Pod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(scope.pod)}`, quick()));
	},
};
