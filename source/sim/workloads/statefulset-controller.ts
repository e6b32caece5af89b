import type {Pod} from '../../model/k8s.js';
import {writeStatus, type ControllerContext} from './context.js';
import {currentRevision, truncateHistory} from './controller-revisions.js';
import {createPodFromTemplate, isAvailable, isReady, podsOf} from './pod-control.js';
import type {Workload} from './types.js';

// The StatefulSet controller (pkg/controller/statefulset: stateful_set_control.go,
// stateful_set_utils.go, stateful_pod_control.go): pods "<set>-<ordinal>" with a stable
// hostname, the pod-name, pod-index and controller-revision-hash labels; under OrderedReady
// one at a time, each only once the ones before it are Running and Ready, scaled down from the
// highest ordinal, and updated from the highest ordinal down to the partition.

export const statefulSetComponent = 'statefulset-controller';

export const podNameLabel = 'statefulset.kubernetes.io/pod-name';
export const podIndexLabel = 'apps.kubernetes.io/pod-index';
export const revisionLabel = 'controller-revision-hash';

export const ordinalOf = (set: Workload, pod: Pod): number => {
	const match = new RegExp(`^${set.metadata.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(pod.metadata.name);
	return match ? Number(match[1]) : -1;
};

/** isRunningAndReady. */
const runningAndReady = (pod: Pod) => pod.status?.phase === 'Running' && isReady(pod);
const failed = (pod: Pod) => pod.status?.phase === 'Failed';

/** "Create Pod db-0 in StatefulSet db successful" (recordPodEvent: the verb in title case). */
function record(context: ControllerContext, set: Workload, verb: 'create' | 'delete', pod: string): void {
	const reason = verb === 'create' ? 'SuccessfulCreate' : 'SuccessfulDelete';
	context.events.record(
		set,
		'Normal',
		reason,
		`${verb === 'create' ? 'Create' : 'Delete'} Pod ${pod} in StatefulSet ${set.metadata.name} successful`,
		statefulSetComponent,
	);
}

function createOrdinal(context: ControllerContext, set: Workload, ordinal: number, revision: string): void {
	const name = `${set.metadata.name}-${ordinal}`;
	const labels = {[podNameLabel]: name, [podIndexLabel]: String(ordinal), [revisionLabel]: revision};
	const spec = {hostname: name, ...(set.spec.serviceName ? {subdomain: set.spec.serviceName} : {})};
	const behaviours = context.stores.behavioursOf('StatefulSet', set.metadata.namespace ?? 'default', set.metadata.name);
	// StatefulPodControl's events, not RealPodControl's: "Create Pod db-0 in StatefulSet db successful".
	const created = createPodFromTemplate(context.cluster, undefined, set, set.spec.template, {name, labels, spec}, statefulSetComponent, behaviours);
	if (!(created instanceof Error)) record(context, set, 'create', name);
	else
		context.events.record(
			set,
			'Warning',
			'FailedCreate',
			`Create Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${created.message}`,
			statefulSetComponent,
		);
}

function deletePod(context: ControllerContext, set: Workload, pod: Pod): void {
	context.cluster.deletePod(pod.metadata.namespace!, pod.metadata.name);
	record(context, set, 'delete', pod.metadata.name);
}

/** One pass of updateStatefulSet: at most one pod created, deleted or replaced under OrderedReady. */
function reconcile(context: ControllerContext, set: Workload, pods: Pod[], revision: string): void {
	const replicas = set.spec.replicas ?? 1;
	const ordered = (set.spec.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
	const byOrdinal = new Map(pods.map(pod => [ordinalOf(set, pod), pod]));
	for (let ordinal = 0; ordinal < replicas; ordinal++) {
		const pod = byOrdinal.get(ordinal);
		if (pod && failed(pod) && !pod.metadata.deletionTimestamp) {
			deletePod(context, set, pod);
			if (ordered) return;
			continue;
		}
		if (!pod) {
			createOrdinal(context, set, ordinal, revision);
			if (ordered) return;
			continue;
		}
		if (ordered && (pod.metadata.deletionTimestamp || !runningAndReady(pod))) return;
	}
	// Condemned: ordinals beyond replicas, highest first, once the rest are healthy.
	const condemned = pods
		.filter(pod => ordinalOf(set, pod) >= replicas && !pod.metadata.deletionTimestamp)
		.sort((a, b) => ordinalOf(set, b) - ordinalOf(set, a));
	if (condemned.length > 0) {
		if (ordered && pods.some(pod => ordinalOf(set, pod) < replicas && (!runningAndReady(pod) || pod.metadata.deletionTimestamp))) return;
		for (const pod of ordered ? condemned.slice(0, 1) : condemned) deletePod(context, set, pod);
		return;
	}
	if (pods.some(pod => pod.metadata.deletionTimestamp)) return;
	// RollingUpdate: the highest ordinal not yet on the update revision, above the partition.
	if (set.spec.updateStrategy?.type === 'OnDelete') return;
	const partition = set.spec.updateStrategy?.rollingUpdate?.partition ?? 0;
	for (let ordinal = replicas - 1; ordinal >= partition; ordinal--) {
		const pod = byOrdinal.get(ordinal);
		if (!pod) return;
		if (pod.metadata.labels?.[revisionLabel] !== revision) {
			deletePod(context, set, pod);
			return;
		}
		if (!runningAndReady(pod)) return;
	}
}

export function syncStatefulSet(context: ControllerContext, namespace: string, name: string): void {
	const set = context.stores.statefulSets.get(namespace, name);
	if (!set || set.metadata.deletionTimestamp) return;
	const revision = currentRevision(context, set).metadata.name;
	const pods = podsOf(context.cluster, set).filter(pod => ordinalOf(set, pod) >= 0);
	reconcile(context, set, pods, revision);
	const live = pods.filter(pod => !pod.metadata.deletionTimestamp);
	const updated = live.filter(pod => pod.metadata.labels?.[revisionLabel] === revision).length;
	const currentRevisionName = updated === live.length && live.length >= (set.spec.replicas ?? 1) ? revision : (set.status?.currentRevision ?? revision);
	truncateHistory(context, set, new Set([...live.map(pod => pod.metadata.labels?.[revisionLabel] ?? ''), revision, currentRevisionName]));
	writeStatus(context, set, {
		observedGeneration: set.metadata.generation ?? 1,
		replicas: live.length,
		readyReplicas: live.filter(isReady).length,
		currentReplicas: live.filter(pod => pod.metadata.labels?.[revisionLabel] === currentRevisionName).length,
		updatedReplicas: updated,
		currentRevision: currentRevisionName,
		updateRevision: revision,
		collisionCount: set.status?.collisionCount ?? 0,
		availableReplicas: live.filter(pod => isAvailable(pod, set.spec.minReadySeconds ?? 0, context.since)).length,
	});
}
