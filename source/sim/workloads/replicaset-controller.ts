import type {Pod} from '../../model/k8s.js';
import type {ControllerContext} from './context.js';
import {writeStatus} from './context.js';
import {claimPods} from './claim.js';
import {createPodFromTemplate, deleteControlledPod, isActive, isAvailable, isReady, isTerminating} from './pod-control.js';
import {controllerOf, type Workload} from './types.js';

// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go): as many active pods
// as spec.replicas, made from the template with generateName "<rs>-", the surplus deleted
// in getPodsToDelete's order, and the status counted from the pods.

export const replicaSetComponent = 'replicaset-controller';

/** The scenario's behaviours for a ReplicaSet's pods: its own, or its Deployment's. */
function behavioursFor(context: ControllerContext, rs: Workload) {
	const namespace = rs.metadata.namespace ?? 'default';
	const own = context.stores.behavioursOf('ReplicaSet', namespace, rs.metadata.name);
	if (own) return own;
	const owner = controllerOf(rs.metadata);
	return owner ? context.stores.behavioursOf(owner.kind, namespace, owner.name) : undefined;
}

const phaseRank: Record<string, number> = {Pending: 0, Unknown: 1, Running: 2};
const restarts = (pod: Pod) => (pod.status?.containerStatuses ?? []).reduce((total, status) => total + (status.restartCount ?? 0), 0);

/**
 * ActivePods' Less, the order in which pods are deleted first: unscheduled, pending, not
 * ready, ready for less time, more restarts, newer.
 */
export function deletionOrder(a: Pod, b: Pod): number {
	const scheduled = (pod: Pod) => (pod.spec.nodeName ? 1 : 0);
	if (scheduled(a) !== scheduled(b)) return scheduled(a) - scheduled(b);
	const phase = (pod: Pod) => phaseRank[pod.status?.phase ?? 'Pending'] ?? 0;
	if (phase(a) !== phase(b)) return phase(a) - phase(b);
	const ready = (pod: Pod) => (isReady(pod) ? 1 : 0);
	if (ready(a) !== ready(b)) return ready(a) - ready(b);
	if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
	return Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? '');
}

/** calculateStatus: counted from the pods the controller saw before acting. */
export function replicaSetStatus(rs: Workload, pods: Pod[], since: (ms: number) => number): NonNullable<Workload['status']> {
	const active = pods.filter(isActive);
	const minReady = rs.spec.minReadySeconds ?? 0;
	const templateLabels = rs.spec.template?.metadata?.labels ?? {};
	return {
		replicas: active.length,
		fullyLabeledReplicas: active.filter(pod => Object.entries(templateLabels).every(([key, value]) => pod.metadata.labels?.[key] === value)).length,
		readyReplicas: active.filter(isReady).length,
		availableReplicas: active.filter(pod => isAvailable(pod, minReady, since)).length,
		terminatingReplicas: pods.filter(isTerminating).length,
		observedGeneration: rs.metadata.generation ?? 1,
		...(rs.status?.conditions?.length ? {conditions: rs.status.conditions} : {}),
	};
}

export function syncReplicaSet(context: ControllerContext, namespace: string, name: string): void {
	const rs = context.stores.replicaSets.get(namespace, name);
	if (!rs) return;
	const pods = claimPods(context, rs);
	const active = pods.filter(isActive);
	if (!rs.metadata.deletionTimestamp) {
		const diff = active.length - (rs.spec.replicas ?? 1);
		if (diff < 0) {
			const behaviours = behavioursFor(context, rs);
			for (let i = 0; i < Math.min(-diff, 500); i++) {
				createPodFromTemplate(context.cluster, context.events, rs, rs.spec.template, {generateName: `${rs.metadata.name}-`}, replicaSetComponent, behaviours);
			}
		} else if (diff > 0) {
			for (const pod of [...active].sort(deletionOrder).slice(0, diff)) deleteControlledPod(context.cluster, context.events, rs, pod, replicaSetComponent);
		}
	}
	writeStatus(context, rs, replicaSetStatus(rs, pods, context.since));
}
