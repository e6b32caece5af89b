import type {Container, ContainerStatus, Pod, PodCondition} from '../../model/k8s.js';
import type {ContainerSlot} from './container-slot.js';

// The status the kubelet leaves on a pod it evicted (evictPod, pkg/kubelet/eviction/
// eviction_manager.go): phase Failed, reason Evicted, the eviction manager's message and, for
// node-pressure evictions, a DisruptionTarget condition. The API sees none of it until every
// container has stopped (mergePodStatus delays a terminal phase while containers may run).

/** An eviction the kubelet decided on. */
export type Eviction = {message: string; graceSeconds: number; condition?: PodCondition};

/** convertToAPIContainerStatuses and TerminatePod (status_manager.go) for a container the runtime no longer has. */
export function unlocatedStatus(spec: Container, restartCount: number, volumeMounts: ContainerStatus['volumeMounts']): ContainerStatus {
	// Go's zero times: the API writes them as null.
	const never = null as unknown as string;
	return {
		name: spec.name,
		state: {
			terminated: {
				exitCode: 137,
				reason: 'ContainerStatusUnknown',
				message: 'The container could not be located when the pod was terminated',
				startedAt: never,
				finishedAt: never,
			},
		},
		lastState: {
			terminated: {
				exitCode: 137,
				reason: 'ContainerStatusUnknown',
				message: 'The container could not be located when the pod was deleted.  The container used to be Running',
				startedAt: never,
				finishedAt: never,
			},
		},
		ready: false,
		restartCount,
		// No runtime status: the image as the spec names it, and no image or container ID.
		image: spec.image ?? '',
		imageID: '',
		started: false,
		...(volumeMounts && volumeMounts.length > 0 ? {volumeMounts} : {}),
	};
}

/**
 * The evicted pod as the kubelet reports it once its containers are stopped.
 *
 * An evicted pod's dead containers may be removed at once (ShouldPodContentBeRemoved is true
 * for an evicted pod, and PLEG's ContainerDied cleans up the pod's containers), which races
 * with the kubelet reading their final state after the kill (kubernetes/kubernetes#122160). On
 * the real 1.35 node of test/cluster the one-container pod read its containers first (Error,
 * 137), the two-container pod lost the race (ContainerStatusUnknown for both, a restart counted
 * for each: the pod was not deleted). The sim cannot race; it takes the outcome by the number of
 * containers it had to kill, which gives both of those.
 */
export function evictedPod(pod: Pod, killed: ContainerSlot[], eviction: Eviction): Pod {
	if (killed.length > 1) {
		for (const slot of killed) {
			slot.unlocated = true;
			slot.restartCount += 1;
		}
	}
	const conditions = [...(pod.status?.conditions ?? [])];
	if (eviction.condition) {
		const index = conditions.findIndex(condition => condition.type === eviction.condition!.type);
		if (index >= 0) conditions[index] = eviction.condition;
		else conditions.push(eviction.condition);
	}
	return {...pod, status: {...pod.status, phase: 'Failed', reason: 'Evicted', message: eviction.message, conditions}};
}
