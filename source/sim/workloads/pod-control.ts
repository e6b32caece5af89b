import type {Pod} from '../../model/k8s.js';
import type {Behaviour} from '../behaviour.js';
import type {Cluster} from '../cluster.js';
import type {ControllerEvents} from './events.js';
import {controllerOf, controllerRef, type PodTemplate, type Workload} from './types.js';

// What the controllers share about pods (pkg/controller/controller_utils.go): making one from a
// template (RealPodControl.CreatePods), and telling active, ready and available pods apart.

export type PodNaming = {
	name?: string;
	generateName?: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	finalizers?: string[];
	spec?: Partial<Pod['spec']>;
};

/**
 * GetPodFromTemplate: the template's labels, annotations and spec, the owner's controller
 * reference, and a name or generateName. The pod goes through the API's create (defaults,
 * validation), the scheduler and the kubelet as any other. Returns the pod, or the error
 * (FailedCreate, when `events` are given).
 */
export function createPodFromTemplate(
	cluster: Cluster,
	events: ControllerEvents | undefined,
	owner: Workload,
	template: PodTemplate,
	naming: PodNaming,
	component: string,
	behaviours: Record<string, Behaviour> = {},
): Pod | Error {
	const namespace = owner.metadata.namespace ?? 'default';
	const labels = {...(template.metadata?.labels ?? {}), ...(naming.labels ?? {})};
	const annotations = {...(template.metadata?.annotations ?? {}), ...(naming.annotations ?? {})};
	const pod = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			...(naming.name ? {name: naming.name} : {generateName: naming.generateName ?? `${owner.metadata.name}-`}),
			namespace,
			labels,
			...(Object.keys(annotations).length > 0 ? {annotations} : {}),
			ownerReferences: [controllerRef(owner)],
			...(naming.finalizers ? {finalizers: naming.finalizers} : {}),
		},
		spec: structuredClone({...template.spec, ...(naming.spec ?? {})}),
	} as unknown as Pod;
	try {
		// NamespaceLifecycle admission: no new pods in a namespace being deleted (the name is the generateName then).
		if (cluster.namespaces.get(undefined, namespace)?.metadata.deletionTimestamp) {
			throw new Error(
				`pods "${pod.metadata.name ?? pod.metadata.generateName}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
			);
		}
		const created = cluster.createPod(pod, behaviours, namespace);
		events?.record(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, component);
		return created;
	} catch (error) {
		events?.record(owner, 'Warning', 'FailedCreate', `Error creating: ${(error as Error).message}`, component);
		return error as Error;
	}
}

/** Delete a pod as the controllers do (graceful, through the API), with SuccessfulDelete. */
export function deleteControlledPod(cluster: Cluster, events: ControllerEvents, owner: Workload, pod: Pod, component: string): void {
	cluster.deletePod(pod.metadata.namespace!, pod.metadata.name);
	events.record(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, component);
}

/** The pods whose controller reference is this owner (after claimPods has adopted and released). */
export const podsOf = (cluster: Cluster, owner: Workload) =>
	cluster.pods.list().filter(pod => pod.metadata.namespace === owner.metadata.namespace && controllerOf(pod.metadata)?.uid === owner.metadata.uid);

const finished = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** FilterActivePods: neither finished nor being deleted. */
export const isActive = (pod: Pod) => !finished(pod) && !pod.metadata.deletionTimestamp;

/** Being deleted and not yet finished: what terminatingReplicas counts. */
export const isTerminating = (pod: Pod) => !finished(pod) && Boolean(pod.metadata.deletionTimestamp);

const readyCondition = (pod: Pod) => pod.status?.conditions?.find(condition => condition.type === 'Ready');

export const isReady = (pod: Pod) => readyCondition(pod)?.status === 'True';

/** IsPodAvailable: ready for at least minReadySeconds (simulated seconds, `since` counts them). */
export function isAvailable(pod: Pod, minReadySeconds: number, since: (ms: number) => number): boolean {
	const ready = readyCondition(pod);
	if (ready?.status !== 'True') return false;
	if (minReadySeconds <= 0) return true;
	return since(ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : 0) >= minReadySeconds;
}
