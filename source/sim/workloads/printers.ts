import {humanDuration, translateTimestampSince} from '../../model/duration.js';
import {ageDescription, column, nameDescription, type Printer} from '../routes/table.js';
import {formatLabelSelector, selectorString} from './label-selector.js';
import type {Workload} from './types.js';

// The server-side Table columns and cells of kube-apiserver's printers for the workloads
// (printDeployment, printReplicaSet, printStatefulSet, printDaemonSet, printJob in
// pkg/printers/internalversion/printers.go), descriptions from the types' swagger docs.

const containersDescription = 'Names of each container in the template.';
const imagesDescription = 'Images referenced by each container in the template.';

/** layoutContainerCells: names and images, comma-separated. */
function containerCells(object: Workload): [string, string] {
	const containers = object.spec.template?.spec?.containers ?? [];
	return [containers.map(container => container.name).join(','), containers.map(container => container.image ?? '').join(',')];
}

const age = (object: Workload, now: number) => translateTimestampSince(object.metadata.creationTimestamp, now);

export const deploymentPrinter: Printer<Workload> = {
	columns: [
		column('Name', nameDescription, 0, 'name'),
		column('Ready', 'Number of the pod with ready state'),
		column('Up-to-date', 'Total number of non-terminating pods targeted by this deployment that have the desired template spec.'),
		column('Available', 'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.'),
		column('Age', ageDescription),
		column('Containers', containersDescription, 1),
		column('Images', imagesDescription, 1),
		column('Selector', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1),
	],
	row(object, now) {
		const status = object.status ?? {};
		return [
			object.metadata.name,
			`${status.readyReplicas ?? 0}/${object.spec.replicas ?? 0}`,
			status.updatedReplicas ?? 0,
			status.availableReplicas ?? 0,
			age(object, now),
			...containerCells(object),
			selectorString(object.spec.selector),
		];
	},
};

export const replicaSetPrinter: Printer<Workload> = {
	columns: [
		column('Name', nameDescription, 0, 'name'),
		column(
			'Desired',
			'Replicas is the number of desired pods. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset',
			0,
			'',
			'integer',
		),
		column(
			'Current',
			'Replicas is the most recently observed number of non-terminating pods. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicaset',
			0,
			'',
			'integer',
		),
		column('Ready', 'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.', 0, '', 'integer'),
		column('Age', ageDescription),
		column('Containers', containersDescription, 1),
		column('Images', imagesDescription, 1),
		column(
			'Selector',
			'Selector is a label query over pods that should match the replica count. If the selector is empty, it is defaulted to the labels present on the pod template. Label keys and values that must match in order to be controlled by this replica set. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
			1,
		),
	],
	row: (object, now) => [
		object.metadata.name,
		object.spec.replicas ?? 0,
		object.status?.replicas ?? 0,
		object.status?.readyReplicas ?? 0,
		age(object, now),
		...containerCells(object),
		formatLabelSelector(object.spec.selector),
	],
};

export const statefulSetPrinter: Printer<Workload> = {
	columns: [
		column('Name', nameDescription, 0, 'name'),
		column('Ready', 'Number of the pod with ready state'),
		column('Age', ageDescription),
		column('Containers', containersDescription, 1),
		column('Images', imagesDescription, 1),
	],
	row: (object, now) => [
		object.metadata.name,
		`${object.status?.readyReplicas ?? 0}/${object.spec.replicas ?? 0}`,
		age(object, now),
		...containerCells(object),
	],
};

/** labels.FormatLabels: "k=v,k2=v2" sorted by key, or "<none>". */
const formatLabels = (labels: Record<string, string> | undefined) =>
	Object.keys(labels ?? {})
		.sort()
		.map(key => `${key}=${labels![key]}`)
		.join(',') || '<none>';

export const daemonSetPrinter: Printer<Workload> = {
	columns: [
		column('Name', nameDescription, 0, 'name'),
		column(
			'Desired',
			'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
			0,
			'',
			'integer',
		),
		column(
			'Current',
			'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/',
			0,
			'',
			'integer',
		),
		column('Ready', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.', 0, '', 'integer'),
		column('Up-to-date', 'The total number of nodes that are running updated daemon pod', 0, '', 'integer'),
		column(
			'Available',
			'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)',
			0,
			'',
			'integer',
		),
		column(
			'Node Selector',
			"NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/",
		),
		column('Age', ageDescription),
		column('Containers', containersDescription, 1),
		column('Images', imagesDescription, 1),
		column(
			'Selector',
			'A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
			1,
		),
	],
	row(object, now) {
		const status = object.status ?? {};
		return [
			object.metadata.name,
			status.desiredNumberScheduled ?? 0,
			status.currentNumberScheduled ?? 0,
			status.numberReady ?? 0,
			status.updatedNumberScheduled ?? 0,
			status.numberAvailable ?? 0,
			formatLabels(object.spec.template?.spec?.nodeSelector as Record<string, string> | undefined),
			age(object, now),
			...containerCells(object),
			formatLabelSelector(object.spec.selector),
		];
	},
};

const hasCondition = (object: Workload, type: string) =>
	(object.status?.conditions ?? []).some(condition => condition.type === type && condition.status === 'True');

/** printJob's STATUS: the first condition that holds, in its order. */
export function jobStatus(object: Workload): string {
	if (hasCondition(object, 'Complete')) return 'Complete';
	if (hasCondition(object, 'Failed')) return 'Failed';
	if (object.metadata.deletionTimestamp) return 'Terminating';
	if (hasCondition(object, 'Suspended')) return 'Suspended';
	if (hasCondition(object, 'FailureTarget')) return 'FailureTarget';
	if (hasCondition(object, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
	return 'Running';
}

export const jobPrinter: Printer<Workload> = {
	columns: [
		column('Name', nameDescription, 0, 'name'),
		column('Status', 'Status of the job.'),
		column(
			'Completions',
			'The number of pods which reached phase Succeeded. The value increases monotonically for a given spec. However, it may decrease in reaction to scale down of elastic indexed jobs.',
		),
		column('Duration', 'Time required to complete the job.'),
		column('Age', ageDescription),
		column('Containers', containersDescription, 1),
		column('Images', imagesDescription, 1),
		column(
			'Selector',
			'A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors',
			1,
		),
	],
	row(object, now) {
		const {spec} = object;
		const status = object.status ?? {};
		const succeeded = status.succeeded ?? 0;
		let completions: string;
		if (spec.completions !== undefined && spec.completions !== null) completions = `${succeeded}/${spec.completions}`;
		else if ((spec.parallelism ?? 0) > 1) completions = `${succeeded}/1 of ${spec.parallelism}`;
		else completions = `${succeeded}/1`;
		let duration = '';
		if (status.startTime && !status.completionTime) duration = humanDuration(now - Date.parse(status.startTime));
		else if (status.startTime && status.completionTime) duration = humanDuration(Date.parse(status.completionTime) - Date.parse(status.startTime));
		return [object.metadata.name, jobStatus(object), completions, duration, age(object, now), ...containerCells(object), formatLabelSelector(spec.selector)];
	},
};
