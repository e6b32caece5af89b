import type {Pod} from '../k8s.js';
import {isRestartableInitContainer} from '../pod-status.js';
import {parseQuantity} from '../quantity.js';
import {formatBytes, formatCpu} from '../usage-format.js';
import {clean} from './types.js';

// What a pod asks of a node for one resource, the way kube-scheduler's NodeResourcesFit adds it
// up (PodRequests, k8s.io/component-helpers/resource/helpers.go, v0.35.4): the regular
// containers and the native sidecars run together; each init container runs beside the
// sidecars declared before it, so the pod needs the larger of the two; pod-level requests
// (spec.resources, PodLevelResources) replace the containers' sum for cpu and memory; the
// RuntimeClass overhead comes on top. Also the evidence lines that show the sum.

export type PodRequest = {
	total: number;
	evidence: string[];
	/** What decided the total. */
	from: 'pod-level' | 'containers' | 'init';
	initName?: string;
	/** The path of the container asking the most, the one to lower first. */
	largest?: string;
};

const amount = (value: string | undefined) => parseQuantity(value) ?? 0;

export const formatAmount = (resource: string, value: number) =>
	resource === 'cpu'
		? formatCpu(value)
		: resource === 'memory' || resource.includes('storage') || resource.startsWith('hugepages-')
			? formatBytes(value)
			: `${value}`;

export function podRequest(pod: Pod, resource: string): PodRequest {
	const evidence: string[] = [];
	const overhead = amount(pod.spec.overhead?.[resource]);
	if (overhead) evidence.push(`spec.overhead.${clean(resource)}: ${clean(pod.spec.overhead![resource]!)}`);
	const podLevel = pod.spec.resources?.requests?.[resource];
	if (podLevel !== undefined && (resource === 'cpu' || resource === 'memory' || resource.startsWith('hugepages-'))) {
		return {total: amount(podLevel) + overhead, evidence: [`spec.resources.requests.${clean(resource)}: ${clean(podLevel)}`, ...evidence], from: 'pod-level'};
	}
	let running = 0;
	let sidecars = 0;
	let initPeak = 0;
	let initName: string | undefined;
	let largest: {path: string; value: number} | undefined;
	const line = (path: string, value: string | undefined) => {
		if (value !== undefined) evidence.push(`${path}.resources.requests.${clean(resource)}: ${clean(value)}`);
	};
	for (const container of pod.spec.initContainers ?? []) {
		const request = amount(container.resources?.requests?.[resource]);
		line(`spec.initContainers{${clean(container.name)}}`, container.resources?.requests?.[resource]);
		if (isRestartableInitContainer(container)) {
			sidecars += request;
			running += request;
			continue;
		}
		if (request + sidecars > initPeak) {
			initPeak = request + sidecars;
			initName = container.name;
		}
	}
	for (const container of [...(pod.spec.initContainers ?? []).filter(isRestartableInitContainer), ...pod.spec.containers]) {
		const value = amount(container.resources?.requests?.[resource]);
		const path = `spec.${isRestartableInitContainer(container) ? 'initContainers' : 'containers'}{${clean(container.name)}}`;
		if (value > (largest?.value ?? 0)) largest = {path, value};
	}
	for (const container of pod.spec.containers) {
		running += amount(container.resources?.requests?.[resource]);
		line(`spec.containers{${clean(container.name)}}`, container.resources?.requests?.[resource]);
	}
	if (initPeak > running) return {total: initPeak + overhead, evidence, from: 'init', initName};
	return {total: running + overhead, evidence, from: 'containers', ...(largest ? {largest: largest.path} : {})};
}

/** Whether the pod sets a request or a limit, pod-level or on any container. */
export function hasPodLevelResources(pod: Pod): {requests: boolean; limits: boolean; memoryLimit: boolean} {
	const requests = pod.spec.resources?.requests ?? {};
	const limits = pod.spec.resources?.limits ?? {};
	return {
		requests: requests.cpu !== undefined || requests.memory !== undefined,
		limits: limits.cpu !== undefined || limits.memory !== undefined,
		memoryLimit: limits.memory !== undefined,
	};
}
