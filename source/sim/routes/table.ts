import {translateTimestampSince} from '../../model/duration.js';
import type {KubeEvent, Namespace, ObjectMeta, Pod} from '../../model/k8s.js';
import {podRow} from '../../model/pod-status.js';
import type {Node} from '../cluster.js';

// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for, with the
// columns and cells of kube-apiserver's printers (always generated wide; kubectl hides
// priority-1 columns unless -o wide).

export type Column = {name: string; type: string; format: string; description: string; priority: number};
export type TableRow = {cells: unknown[]; object?: unknown};
export type Printer<T> = {columns: Column[]; row(object: T, now: number): unknown[]};

const column = (name: string, description: string, priority = 0, format = '', type = 'string'): Column => ({name, type, format, description, priority});

export const podPrinter: Printer<Pod> = {
	columns: [
		column('Name', 'Name must be unique within a namespace.', 0, 'name'),
		column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
		column('Status', 'The aggregate status of the containers in this pod.'),
		column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
		column('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
		column('IP', 'podIP is an IP address allocated to the pod.', 1),
		column('Node', 'NodeName is a request to schedule this pod onto a specific node.', 1),
		column('Nominated Node', 'nominatedNodeName is set only when this pod preempts other pods on the node.', 1),
		column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
	],
	row: (pod, now) => podRow(pod, now, true),
};

const eventSource = (event: KubeEvent) => {
	const component = event.source?.component || event.reportingComponent || '';
	return event.source?.host ? `${component}, ${event.source.host}` : component;
};

export const eventPrinter: Printer<KubeEvent> = {
	columns: [
		column('Last Seen', 'Time when this Event was last observed.'),
		column('Type', 'Type of this event (Normal, Warning).'),
		column('Reason', 'Short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
		column('Object', 'Object this event is about.'),
		column('Subobject', 'The field of the object this event is about.', 1),
		column('Source', 'The component reporting this event.', 1),
		column('Message', 'A human-readable description of the status of this operation.'),
		column('First Seen', 'Time when this Event was first observed.', 1),
		column('Count', 'The number of times this event has occurred.', 1),
		column('Name', 'Name must be unique within a namespace.', 1, 'name'),
	],
	row(event, now) {
		const first = translateTimestampSince(event.firstTimestamp ?? event.eventTime ?? undefined, now);
		let last = event.lastTimestamp ? translateTimestampSince(event.lastTimestamp, now) : first;
		const count = event.count ?? 0;
		if (count > 1) last = `${last} (x${count} over ${first})`;
		const involved = event.involvedObject;
		const target = involved.name ? `${(involved.kind ?? '').toLowerCase()}/${involved.name}` : (involved.kind ?? '').toLowerCase();
		return [last, event.type, event.reason, target, involved.fieldPath ?? '', eventSource(event), (event.message ?? '').trim(), first, count, event.metadata.name];
	},
};

export const namespacePrinter: Printer<Namespace> = {
	columns: [
		column('Name', 'Name must be unique within a namespace.', 0, 'name'),
		column('Status', 'The status of the namespace'),
		column('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
	],
	row: (namespace, now) => [namespace.metadata.name, namespace.status?.phase ?? '', translateTimestampSince(namespace.metadata.creationTimestamp, now)],
};

export const nodePrinter: Printer<Node> = {
	columns: [
		column('Name', 'Name must be unique within a namespace.', 0, 'name'),
		column('Status', 'The status of the node'),
		column('Roles', 'The roles of the node'),
		column('Age', 'CreationTimestamp is a timestamp representing the server time when this object was created.'),
		column('Version', 'Kubelet Version reported by the node.'),
		column('Internal-IP', 'List of internal IPs for the node.', 1),
		column('External-IP', 'List of external IPs for the node.', 1),
		column('OS-Image', 'OS image reported by the node.', 1),
		column('Kernel-Version', 'Kernel version reported by the node.', 1),
		column('Container-Runtime', 'Container runtime and version reported by the node.', 1),
	],
	row(node, now) {
		const info = (node.status.nodeInfo ?? {}) as Record<string, string>;
		const roles = Object.keys(node.metadata.labels ?? {})
			.filter(label => label.startsWith('node-role.kubernetes.io/'))
			.map(label => label.slice('node-role.kubernetes.io/'.length))
			.join(',');
		return [node.metadata.name, 'Ready', roles || '<none>', translateTimestampSince(node.metadata.creationTimestamp, now), info.kubeletVersion ?? '', '172.18.0.2', '<none>', info.osImage ?? '', '6.1.0', info.containerRuntimeVersion ?? ''];
	},
};

export function partialMetadata(metadata: ObjectMeta): unknown {
	return {kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata};
}

export function table<T extends {metadata: ObjectMeta}>(
	printer: Printer<T>,
	items: T[],
	now: number,
	options: {resourceVersion: string; includeObject: string; withColumns: boolean; continueToken?: string; remaining?: number},
): unknown {
	return {
		kind: 'Table',
		apiVersion: 'meta.k8s.io/v1',
		metadata: {
			resourceVersion: options.resourceVersion,
			...(options.continueToken ? {continue: options.continueToken} : {}),
			...(options.remaining ? {remainingItemCount: options.remaining} : {}),
		},
		columnDefinitions: options.withColumns ? printer.columns : [],
		rows: items.map(item => ({
			cells: printer.row(item, now),
			...(options.includeObject === 'None' ? {} : {object: options.includeObject === 'Object' ? item : partialMetadata(item.metadata)}),
		})),
	};
}

/** Whether the client asked for a Table (kubectl get's Accept header). */
export function wantsTable(accept: string | undefined): boolean {
	return accept !== undefined && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}
