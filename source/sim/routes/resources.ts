import type {ConfigMap, KubeEvent, Namespace, ObjectMeta, Pod, Secret} from '../../model/k8s.js';
import type {Cluster, Node} from '../cluster.js';
import type {Resource} from './collection.js';
import {configMapPrinter, secretPrinter} from './config-tables.js';
import {eventPrinter, namespacePrinter, nodePrinter, podPrinter} from './table.js';

// The resources the sim serves from its stores: names, kinds, printers, and the fields each
// supports in field selectors.

export const podResource = (cluster: Cluster): Resource<Pod> => ({
	plural: 'pods',
	listKind: 'PodList',
	kind: 'Pod',
	apiVersion: 'v1',
	store: cluster.pods,
	printer: podPrinter,
	namespaced: true,
	fields: [
		'metadata.name',
		'metadata.namespace',
		'spec.nodeName',
		'spec.restartPolicy',
		'spec.schedulerName',
		'spec.serviceAccountName',
		'spec.hostNetwork',
		'status.phase',
		'status.podIP',
		'status.nominatedNodeName',
	],
	field(pod, name) {
		switch (name) {
			case 'metadata.name':
				return pod.metadata.name;
			case 'metadata.namespace':
				return pod.metadata.namespace;
			case 'spec.nodeName':
				return pod.spec.nodeName;
			case 'spec.restartPolicy':
				return pod.spec.restartPolicy;
			case 'spec.schedulerName':
				return pod.spec.schedulerName;
			case 'spec.serviceAccountName':
				return pod.spec.serviceAccountName;
			case 'spec.hostNetwork':
				return String((pod.spec as {hostNetwork?: boolean}).hostNetwork === true);
			case 'status.phase':
				return pod.status?.phase;
			case 'status.podIP':
				// ToSelectableFields reads podIPs[0], not podIP.
				return pod.status?.podIPs?.[0]?.ip ?? '';
			default:
				return pod.status?.nominatedNodeName;
		}
	},
});

export const eventResource = (cluster: Cluster): Resource<KubeEvent> => ({
	plural: 'events',
	listKind: 'EventList',
	kind: 'Event',
	apiVersion: 'v1',
	store: cluster.events,
	printer: eventPrinter,
	namespaced: true,
	fields: [
		'metadata.name',
		'metadata.namespace',
		'involvedObject.kind',
		'involvedObject.namespace',
		'involvedObject.name',
		'involvedObject.uid',
		'involvedObject.apiVersion',
		'involvedObject.resourceVersion',
		'involvedObject.fieldPath',
		'reason',
		'reportingComponent',
		'source',
		'type',
	],
	field(event, name) {
		if (name === 'metadata.name') return event.metadata.name;
		if (name === 'metadata.namespace') return event.metadata.namespace;
		if (name.startsWith('involvedObject.')) return (event.involvedObject as Record<string, string | undefined>)[name.slice('involvedObject.'.length)];
		// The event strategy falls back to the reporting controller for "source".
		if (name === 'source') return event.source?.component || event.reportingComponent;
		return (event as unknown as Record<string, string | undefined>)[name];
	},
});

export const namespaceResource = (cluster: Cluster): Resource<Namespace> => ({
	plural: 'namespaces',
	listKind: 'NamespaceList',
	kind: 'Namespace',
	apiVersion: 'v1',
	store: cluster.namespaces,
	printer: namespacePrinter,
	namespaced: false,
	fields: ['metadata.name', 'status.phase'],
	field: (namespace, name) => (name === 'metadata.name' ? namespace.metadata.name : namespace.status?.phase),
});

export const nodeResource = (cluster: Cluster): Resource<Node> => ({
	plural: 'nodes',
	listKind: 'NodeList',
	kind: 'Node',
	apiVersion: 'v1',
	store: cluster.nodes,
	printer: nodePrinter,
	namespaced: false,
	fields: ['metadata.name', 'spec.unschedulable'],
	field: (node, name) => (name === 'metadata.name' ? node.metadata.name : String((node.spec as {unschedulable?: boolean}).unschedulable === true)),
});

export const configMapResource = (cluster: Cluster): Resource<ConfigMap> => ({
	plural: 'configmaps',
	listKind: 'ConfigMapList',
	kind: 'ConfigMap',
	apiVersion: 'v1',
	store: cluster.configMaps,
	printer: configMapPrinter,
	namespaced: true,
	fields: ['metadata.name', 'metadata.namespace'],
	field: (configMap, name) => (name === 'metadata.name' ? configMap.metadata.name : configMap.metadata.namespace),
});

/** Secrets select by type too (secret.SelectableFields, pkg/registry/core/secret/strategy.go). */
export const secretResource = (cluster: Cluster): Resource<Secret> => ({
	plural: 'secrets',
	listKind: 'SecretList',
	kind: 'Secret',
	apiVersion: 'v1',
	store: cluster.secrets,
	printer: secretPrinter,
	namespaced: true,
	fields: ['metadata.name', 'metadata.namespace', 'type'],
	field: (secret, name) => (name === 'metadata.name' ? secret.metadata.name : name === 'type' ? secret.type : secret.metadata.namespace),
});

/** An object of any of these resources, as the routes shared by all of them see it. */
export type Stored = {apiVersion?: string; kind?: string; metadata: ObjectMeta} & Record<string, unknown>;

/** The core/v1 resources the sim serves, by the plural in their URLs. */
export const servedResources = (cluster: Cluster): Record<string, Resource<Stored>> =>
	({
		pods: podResource(cluster),
		events: eventResource(cluster),
		namespaces: namespaceResource(cluster),
		nodes: nodeResource(cluster),
		configmaps: configMapResource(cluster),
		secrets: secretResource(cluster),
	}) as unknown as Record<string, Resource<Stored>>;
