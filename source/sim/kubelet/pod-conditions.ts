import type {ContainerStatus, Pod, PodCondition} from '../../model/k8s.js';
import {isSidecar} from './pod-phase.js';

// The Pod conditions the kubelet owns, ported from its status generators
// (pkg/kubelet/status/generate.go) and the status manager's transition-time rule.

type Generated = {type: string; ok: boolean; reason?: string; message?: string};

const kubeletOwned = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'PodReadyToStartContainers']);

const goList = (names: string[]) => `[${names.join(' ')}]`;

const joinMessages = (parts: Array<[string, string[]]>) =>
	parts
		.filter(([, names]) => names.length > 0)
		.map(([label, names]) => `containers with ${label} status: ${goList(names)}`)
		.join(', ');

/** HasAnyRegularContainerStarted: a regular container running or exited means init has completed before. */
function anyRegularContainerStarted(pod: Pod, statuses: ContainerStatus[]): boolean {
	const names = new Set(pod.spec.containers.map(container => container.name));
	return statuses.some(status => names.has(status.name) && Boolean(status.state?.running || status.state?.terminated));
}

function initialized(pod: Pod, statuses: ContainerStatus[], phase: string): Generated {
	const type = 'Initialized';
	const unknown: string[] = [];
	const incomplete: string[] = [];
	for (const container of pod.spec.initContainers ?? []) {
		const status = statuses.find(s => s.name === container.name);
		if (!status) unknown.push(container.name);
		// A sidecar counts once started; a regular init container once it exited 0 (its `ready`).
		else if (isSidecar(container) ? !status.started : !status.ready) incomplete.push(container.name);
	}
	if (phase === 'Succeeded' && unknown.length === 0) return {type, ok: true, reason: 'PodCompleted'};
	if (anyRegularContainerStarted(pod, statuses)) return {type, ok: true};
	const message = joinMessages([
		['unknown', unknown],
		['incomplete', incomplete],
	]);
	return message ? {type, ok: false, reason: 'ContainersNotInitialized', message} : {type, ok: true};
}

function containersReady(pod: Pod, statuses: ContainerStatus[], phase: string): Generated {
	const type = 'ContainersReady';
	const unknown: string[] = [];
	const unready: string[] = [];
	const containers = [...(pod.spec.initContainers ?? []).filter(isSidecar), ...pod.spec.containers];
	for (const container of containers) {
		const status = statuses.find(s => s.name === container.name);
		if (!status) unknown.push(container.name);
		else if (!status.ready) unready.push(container.name);
	}
	if (phase === 'Succeeded' && unknown.length === 0) return {type, ok: false, reason: 'PodCompleted'};
	if (phase === 'Failed') return {type, ok: false, reason: 'PodFailed'};
	const message = joinMessages([
		['unknown', unknown],
		['unready', unready],
	]);
	return message ? {type, ok: false, reason: 'ContainersNotReady', message} : {type, ok: true};
}

function ready(pod: Pod, containers: Generated, conditions: PodCondition[]): Generated {
	const type = 'Ready';
	if (!containers.ok) return {...containers, type};
	const messages: string[] = [];
	for (const gate of pod.spec.readinessGates ?? []) {
		const condition = conditions.find(c => c.type === gate.conditionType);
		if (!condition) messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
		else if (condition.status !== 'True') messages.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${condition.status}`);
	}
	return messages.length > 0 ? {type, ok: false, reason: 'ReadinessGatesNotReady', message: messages.join(', ')} : {type, ok: true};
}

export type ConditionInputs = {scheduled: boolean; sandboxReady: boolean; phase: string};

/**
 * Conditions in the order the kubelet writes them, after any it does not own. A condition
 * keeps its lastTransitionTime until its status changes. Each the kubelet generates carries
 * the pod's generation as its observedGeneration (CalculatePodConditionObservedGeneration,
 * pkg/api/v1/pod/util.go: PodObservedGenerationTracking is GA and on in 1.35).
 */
export function podConditions(pod: Pod, now: string, {scheduled, sandboxReady, phase}: ConditionInputs): PodCondition[] {
	const generation = pod.metadata.generation;
	const previous = pod.status?.conditions ?? [];
	const foreign = previous.filter(condition => !kubeletOwned.has(condition.type));
	if (!scheduled) return foreign;
	const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
	const terminal = phase === 'Succeeded' || phase === 'Failed';
	const containers = containersReady(pod, statuses, phase);
	const generated: Generated[] = [
		// The sandbox is torn down once the pod is terminal.
		{type: 'PodReadyToStartContainers', ok: sandboxReady && !terminal},
		initialized(pod, statuses, phase),
		ready(pod, containers, previous),
		containers,
		{type: 'PodScheduled', ok: true},
	];
	return [
		...foreign,
		...generated.map(({type, ok, reason, message}) => {
			const status = ok ? 'True' : 'False';
			const before = previous.find(condition => condition.type === type);
			const condition: PodCondition = {
				type,
				...(generation ? {observedGeneration: generation} : {}),
				status,
				lastProbeTime: null,
				lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
			};
			if (reason) condition.reason = reason;
			if (message) condition.message = message;
			return condition;
		}),
	];
}
