import type {Pod, ResourceList} from '../../model/k8s.js';
import {isSidecar} from '../kubelet/pod-phase.js';
import {schedulerValue} from './quantity.js';

// What a Pod asks of a node, as kube-scheduler's NodeResourcesFit computes it with
// PodRequests (k8s.io/component-helpers resource/helpers.go, v0.35.4): the regular containers
// and the native sidecars run together, and each init container runs beside the sidecars
// started before it, so the pod needs the larger of the two; pod-level requests
// (PodLevelResources, on in 1.34) replace the containers' sum for cpu, memory and hugepages;
// the RuntimeClass overhead comes on top. Amounts are in schedulerValue units.

export type Amounts = Record<string, bigint>;

function add(into: Amounts, list: ResourceList | Amounts | undefined): void {
	for (const [name, value] of Object.entries(list ?? {})) {
		into[name] = (into[name] ?? 0n) + (typeof value === 'bigint' ? value : schedulerValue(name, value));
	}
}

function max(into: Amounts, list: Amounts): void {
	for (const [name, value] of Object.entries(list)) {
		if (value > (into[name] ?? 0n)) into[name] = value;
	}
}

/** IsSupportedPodLevelResource: cpu, memory and hugepages-<size>. */
const podLevel = (name: string) => name === 'cpu' || name === 'memory' || name.startsWith('hugepages-');

/** AggregateContainerRequests: max(containers + sidecars, each init container + the sidecars before it). */
function containerRequests(pod: Pod): Amounts {
	const requests: Amounts = {};
	for (const container of pod.spec.containers ?? []) add(requests, container.resources?.requests);
	const sidecars: Amounts = {};
	const initPeak: Amounts = {};
	for (const container of pod.spec.initContainers ?? []) {
		let during: Amounts;
		if (isSidecar(container)) {
			add(requests, container.resources?.requests);
			add(sidecars, container.resources?.requests);
			during = sidecars;
		} else {
			during = {};
			add(during, container.resources?.requests);
			add(during, sidecars);
		}
		max(initPeak, during);
	}
	max(requests, initPeak);
	return requests;
}

/** PodRequests with the scheduler's options: pod-level resources on, overhead included. */
export function podRequests(pod: Pod): Amounts {
	const requests = containerRequests(pod);
	const podRequestsSet = Object.keys(pod.spec.resources?.requests ?? {}).some(podLevel);
	if (podRequestsSet) {
		for (const [name, value] of Object.entries(pod.spec.resources?.requests ?? {})) {
			if (podLevel(name)) requests[name] = schedulerValue(name, value);
		}
	}
	add(requests, pod.spec.overhead);
	return requests;
}

/** The sum of what pods ask (a node's requested resources). */
export function sumRequests(pods: Pod[]): Amounts {
	const total: Amounts = {};
	for (const pod of pods) add(total, podRequests(pod));
	return total;
}

/** A node's allocatable, in the same units. */
export function amounts(list: ResourceList | undefined): Amounts {
	const result: Amounts = {};
	add(result, list);
	return result;
}
