import type {ConfigMap, Namespace} from '../../model/k8s.js';
import type {ObjectStore} from '../store.js';

// kube-controller-manager's root CA publisher (pkg/controller/certificates/rootcacertpublisher):
// every active namespace holds a ConfigMap kube-root-ca.crt with the cluster's CA, which the
// kube-api-access projected volume of every pod mounts. One that is deleted or changed is put
// back.

export const rootCAConfigMap = 'kube-root-ca.crt';
const description =
	'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export type PublisherStores = {namespaces: ObjectStore<Namespace>; configMaps: ObjectStore<ConfigMap>};

/** Keep kube-root-ca.crt in every active namespace; returns the function that stops it. */
export function publishRootCA(stores: PublisherStores, caPem: () => string, now: () => string): () => void {
	const sync = (namespace: string) => {
		const home = stores.namespaces.get(undefined, namespace);
		if (!home || home.metadata.deletionTimestamp) return;
		const data = {'ca.crt': caPem()};
		const existing = stores.configMaps.get(namespace, rootCAConfigMap);
		if (!existing) {
			stores.configMaps.create({
				apiVersion: 'v1',
				kind: 'ConfigMap',
				metadata: {
					name: rootCAConfigMap,
					namespace,
					uid: crypto.randomUUID(),
					creationTimestamp: now(),
					annotations: {'kubernetes.io/description': description},
				},
				data,
			});
		} else if (existing.data?.['ca.crt'] !== data['ca.crt'] || Object.keys(existing.data ?? {}).length !== 1) {
			stores.configMaps.update({...existing, data});
		}
	};
	for (const namespace of stores.namespaces.list()) sync(namespace.metadata.name);
	const stopNamespaces = stores.namespaces.watch(stores.namespaces.revision, change => {
		if (change.type !== 'DELETED') sync(change.object.metadata.name);
	});
	const stopConfigMaps = stores.configMaps.watch(stores.configMaps.revision, change => {
		if (change.object.metadata.name === rootCAConfigMap) sync(change.object.metadata.namespace ?? '');
	});
	return () => {
		stopNamespaces();
		stopConfigMaps();
	};
}
