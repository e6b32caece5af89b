import type {Pod} from '../../model/k8s.js';
import {type NodeInfo, nodeInfo, runFilters, type Status} from './filters.js';
import {fitErrorMessage} from './messages.js';

// The PostFilter plugins on the sim's one node, in the profile's order: DynamicResources
// (DRA, on by default since 1.34: placed before DefaultPreemption, so an idle claim goes before
// a pod), then DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption/
// default_preemption.go and framework/preemption/preemption.go, v1.35.4). Preemption gives
// either the message that joins the FailedScheduling text after "preemption: ", or the
// lower-priority pods whose eviction lets the pod fit.

export type Preemption = {message: string; victims?: undefined} | {message?: undefined; victims: Pod[]};

const priority = (pod: Pod) => pod.spec.priority ?? 0;
const startTime = (pod: Pod) => Date.parse(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '') || 0;

/** util.MoreImportantPod: higher priority first, then the one that started earlier. */
const moreImportantFirst = (a: Pod, b: Pod) => priority(b) - priority(a) || startTime(a) - startTime(b);

/** PodEligibleToPreemptOthers' refusals. */
function notEligible(pod: Pod, info: NodeInfo, status: Status): string | undefined {
	if (pod.spec.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
	if (pod.status?.nominatedNodeName && status.code !== 'UnschedulableAndUnresolvable') {
		const terminatingVictim = info.pods.some(
			other =>
				priority(other) < priority(pod) &&
				other.metadata.deletionTimestamp &&
				other.status?.conditions?.some(
					condition => condition.type === 'DisruptionTarget' && condition.status === 'True' && condition.reason === 'PreemptionByScheduler',
				),
		);
		if (terminatingVictim) return 'not eligible due to a terminating pod on the nominated node.';
	}
	return undefined;
}

const onOneNode = (reasons: string[]) => `preemption: ${fitErrorMessage({numAllNodes: 1, nodeReasons: [reasons]})}`;

/**
 * Preempt for a pod the node's filters rejected with `status`. A node whose rejection
 * preemption cannot resolve is no candidate; otherwise SelectVictimsOnNode removes every
 * lower-priority pod, checks that the pod then fits, and reprieves the most important
 * victims that can stay.
 */
export function preempt(pod: Pod, info: NodeInfo, status: Status): Preemption {
	const refusal = notEligible(pod, info, status);
	if (refusal) return {message: `preemption: ${refusal}`};
	if (status.code === 'UnschedulableAndUnresolvable') {
		return {message: `preemption: ${fitErrorMessage({numAllNodes: 1, nodeReasons: [], absentReasons: ['Preemption is not helpful for scheduling']})}`};
	}
	const potential = info.pods.filter(other => priority(other) < priority(pod));
	if (potential.length === 0) return {message: onOneNode(['No preemption victims found for incoming pod'])};
	const kept = info.pods.filter(other => !potential.includes(other));
	const without = runFilters(pod, nodeInfo(info.node, kept));
	if (without) return {message: onOneNode(without.reasons)};
	const victims: Pod[] = [];
	for (const candidate of [...potential].sort(moreImportantFirst)) {
		if (runFilters(pod, nodeInfo(info.node, [...kept, candidate]))) victims.push(candidate);
		else kept.push(candidate);
	}
	return {victims};
}

/**
 * RunPostFilterPlugins' message: each plugin's reasons joined, until one succeeds. A pod
 * without resource claims gets DynamicResources' "no new claims to deallocate" first; a
 * successful preemption says nothing.
 */
export function postFilterMessage(preemption: Preemption): string {
	return preemption.victims ? '' : `no new claims to deallocate, ${preemption.message}`;
}
