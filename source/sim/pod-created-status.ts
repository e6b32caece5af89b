import type {Pod, PodStatus} from '../model/k8s.js';
import {qosClass} from './kubelet/pod-phase.js';
import {schedulingGatedMessage} from './scheduler/messages.js';

/**
 * The status kube-apiserver gives a new Pod (PrepareForCreate, pkg/registry/core/pod/
 * strategy.go, v1.35.4): Pending with its QoS class, and a gated pod's PodScheduled=False
 * SchedulingGated condition (applySchedulingGatedCondition), before any scheduler or kubelet
 * has seen it.
 */
export function createdStatus(pod: Pod, now: string): PodStatus {
	const gated = (pod.spec.schedulingGates ?? []).length > 0;
	return {
		phase: 'Pending',
		...(gated
			? {
					conditions: [
						{type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'SchedulingGated', message: schedulingGatedMessage},
					],
				}
			: {}),
		qosClass: qosClass(pod),
	};
}
