import {translateTimestampSince} from '../../model/duration.js';
import type {KubeEvent, Namespace, ObjectMeta, Pod} from '../../model/k8s.js';
import {podRow} from '../../model/pod-status.js';
import type {Node} from '../cluster.js';

// Server-side printing: the meta.k8s.io Table that `kubectl get` asks for, with the columns
// and cells of kube-apiserver's printers (pkg/printers/internalversion/printers.go). The
// apiserver always generates the wide form; kubectl hides priority-1 columns unless -o wide.

export type Column = {name: string; type: string; format: string; description: string; priority: number};
export type RowCondition = {type: string; status: string; reason?: string; message?: string};
export type TableRow = {cells: unknown[]; conditions?: RowCondition[]; object?: unknown};
export type Printer<T> = {columns: Column[]; row(object: T, now: number): unknown[]; conditions?(object: T): RowCondition[] | undefined};

export const column = (name: string, description: string, priority = 0, format = '', type = 'string'): Column => ({name, type, format, description, priority});

export const nameDescription =
	'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
export const ageDescription =
	'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const podPrinter: Printer<Pod> = {
	columns: [
		column('Name', nameDescription, 0, 'name'),
		column('Ready', 'The aggregate readiness state of this pod for accepting traffic.'),
		column('Status', 'The aggregate status of the containers in this pod.'),
		column('Restarts', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
		column('Age', ageDescription),
		column('IP', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
		column(
			'Node',
			'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.',
			1,
		),
		column(
			'Nominated Node',
			'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.',
			1,
		),
		column('Readiness Gates', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
	],
	row: (pod, now) => podRow(pod, now, true),
	// printPod marks finished pods so clients can tell them apart (RowCompleted).
	conditions(pod) {
		const phase = pod.status?.phase;
		if (phase === 'Succeeded') return [{type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.'}];
		if (phase === 'Failed') return [{type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.'}];
		return undefined;
	},
};

const firstNonEmpty = (...values: Array<string | undefined>) => values.find(value => value) ?? '';

/** formatEventSource: component (or reporting controller), then host (or reporting instance). */
function eventSource(event: KubeEvent): string {
	const component = firstNonEmpty(event.source?.component, event.reportingComponent);
	const instance = firstNonEmpty(event.source?.host, event.reportingInstance);
	return instance ? `${component}, ${instance}` : component;
}

export const eventPrinter: Printer<KubeEvent> = {
	columns: [
		column('Last Seen', 'The time at which the most recent occurrence of this event was recorded.'),
		column('Type', 'Type of this event (Normal, Warning), new types could be added in the future'),
		column('Reason', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
		column('Object', 'The object that this event is about.'),
		column(
			'Subobject',
			'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
			1,
		),
		column('Source', 'The component reporting this event. Should be a short machine understandable string.', 1),
		column('Message', 'A human-readable description of the status of this operation.'),
		column('First Seen', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
		column('Count', 'The number of times this event has occurred.', 1),
		column('Name', nameDescription, 1, 'name'),
	],
	row(event, now) {
		const since = (time: string | null | undefined) => (time ? translateTimestampSince(time, now) : '<unknown>');
		const first = event.firstTimestamp ? since(event.firstTimestamp) : since(event.eventTime);
		// A series (events.k8s.io) counts and dates the repeats; a singleton carries no count.
		const last = event.series ? since(event.series.lastObservedTime) : event.lastTimestamp ? since(event.lastTimestamp) : first;
		const count = event.series ? event.series.count : event.count || 1;
		const involved = event.involvedObject;
		const kind = (involved.kind ?? '').toLowerCase();
		const target = involved.name ? `${kind}/${involved.name}` : kind;
		return [
			last,
			event.type ?? '',
			event.reason ?? '',
			target,
			involved.fieldPath ?? '',
			eventSource(event),
			(event.message ?? '').trim(),
			first,
			count,
			event.metadata.name,
		];
	},
};

export const namespacePrinter: Printer<Namespace> = {
	columns: [column('Name', nameDescription, 0, 'name'), column('Status', 'The status of the namespace'), column('Age', ageDescription)],
	row: (namespace, now) => [namespace.metadata.name, namespace.status?.phase ?? '', translateTimestampSince(namespace.metadata.creationTimestamp, now)],
};

type NodeStatus = {
	conditions?: Array<{type: string; status: string}>;
	addresses?: Array<{type: string; address: string}>;
	nodeInfo?: Record<string, string | undefined>;
};

export const nodePrinter: Printer<Node> = {
	columns: [
		column('Name', nameDescription, 0, 'name'),
		column('Status', 'The status of the node'),
		column('Roles', 'The roles of the node'),
		column('Age', ageDescription),
		column('Version', 'Kubelet Version reported by the node.'),
		column('Internal-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
		column('External-IP', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
		column('OS-Image', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
		column('Kernel-Version', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
		column('Container-Runtime', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
	],
	row(node, now) {
		const status = node.status as NodeStatus;
		const ready = (status.conditions ?? []).find(condition => condition.type === 'Ready');
		const states = ready ? [ready.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
		if ((node.spec as {unschedulable?: boolean}).unschedulable) states.push('SchedulingDisabled');
		const roles = new Set<string>();
		for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
			if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) roles.add(key.slice('node-role.kubernetes.io/'.length));
			else if (key === 'kubernetes.io/role' && value) roles.add(value);
		}
		const address = (type: string) => (status.addresses ?? []).find(entry => entry.type === type)?.address ?? '<none>';
		const info = status.nodeInfo ?? {};
		return [
			node.metadata.name,
			states.join(','),
			[...roles].sort().join(',') || '<none>',
			translateTimestampSince(node.metadata.creationTimestamp, now),
			info.kubeletVersion ?? '',
			address('InternalIP'),
			address('ExternalIP'),
			info.osImage || '<unknown>',
			info.kernelVersion || '<unknown>',
			info.containerRuntimeVersion || '<unknown>',
		];
	},
};

export function partialMetadata(metadata: ObjectMeta, version = 'v1'): unknown {
	return {kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata};
}

export type TableOptions = {
	resourceVersion: string;
	/** includeObject: None, Metadata (the default) or Object. */
	includeObject: string;
	withColumns: boolean;
	version?: string;
	continueToken?: string;
	remaining?: number;
};

export function table<T extends {metadata: ObjectMeta}>(printer: Printer<T>, items: T[], now: number, options: TableOptions): unknown {
	const version = options.version ?? 'v1';
	return {
		kind: 'Table',
		apiVersion: `meta.k8s.io/${version}`,
		metadata: {
			resourceVersion: options.resourceVersion,
			...(options.continueToken ? {continue: options.continueToken} : {}),
			...(options.remaining ? {remainingItemCount: options.remaining} : {}),
		},
		columnDefinitions: options.withColumns ? printer.columns : null,
		rows: items.map(item => {
			const conditions = printer.conditions?.(item);
			return {
				cells: printer.row(item, now),
				...(conditions ? {conditions} : {}),
				object: options.includeObject === 'None' ? null : options.includeObject === 'Object' ? item : partialMetadata(item.metadata, version),
			};
		}),
	};
}
