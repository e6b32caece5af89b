import type {Pod, PodCondition} from '../../model/k8s.js';
import {parseQuantity} from '../../model/quantity.js';
import {quantityString} from './quantity-string.js';

// Node-pressure eviction for memory (synchronize and evictionMessage, pkg/kubelet/eviction/
// eviction_manager.go and helpers.go): when the node's available memory is under the hard
// threshold, the pod ranked first is evicted with the message that names the threshold, what
// was available, and each container using more than it requested.

/** The kubelet's default hard threshold, memory.available<100Mi (defaults_linux.go). */
export const memoryThreshold = {text: '100Mi', bytes: 100 * 2 ** 20};

/** A pod and its containers' working sets in bytes. */
export type PodMemory = {pod: Pod; usage: Map<string, number>};

const requestOf = (pod: Pod, name: string) =>
	parseQuantity([...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find(container => container.name === name)?.resources?.requests?.memory) ?? 0;

const total = (usage: Map<string, number>) => [...usage.values()].reduce((sum, bytes) => sum + bytes, 0);

const podRequest = (pod: Pod) => pod.spec.containers.reduce((sum, container) => sum + (parseQuantity(container.resources?.requests?.memory) ?? 0), 0);

/** rankMemoryPressure: pods over their requests first, then lower priority, then the most memory over requests. */
function rank(pods: PodMemory[]): PodMemory[] {
	const over = (entry: PodMemory) => total(entry.usage) - podRequest(entry.pod);
	return [...pods].sort((a, b) => Number(over(b) > 0) - Number(over(a) > 0) || (a.pod.spec.priority ?? 0) - (b.pod.spec.priority ?? 0) || over(b) - over(a));
}

/** evictionMessage for memory. */
export function memoryMessage(entry: PodMemory, availableBytes: number): string {
	let message = `The node was low on resource: memory. Threshold quantity: ${memoryThreshold.text}, available: ${quantityString(availableBytes)}. `;
	const containers = [...entry.pod.spec.containers, ...(entry.pod.spec.initContainers ?? [])];
	for (const [name, bytes] of entry.usage) {
		const container = containers.find(candidate => candidate.name === name);
		if (!container) continue;
		const request = requestOf(entry.pod, name);
		if (bytes > request) {
			const requestText = container.resources?.requests?.memory ?? '0';
			message += `Container ${name} was using ${quantityString(bytes)}, request is ${requestText}, has larger consumption of memory. `;
		}
	}
	return message;
}

/** The pod to evict and why, or undefined while the node has memory to spare. */
export function memoryPressureEviction(
	capacityBytes: number,
	pods: PodMemory[],
	now: string,
): {pod: Pod; message: string; condition: PodCondition} | undefined {
	const available = Math.max(0, capacityBytes - pods.reduce((sum, entry) => sum + total(entry.usage), 0));
	if (available >= memoryThreshold.bytes || pods.length === 0) return undefined;
	const first = rank(pods)[0]!;
	const message = memoryMessage(first, available);
	const generation = first.pod.metadata.generation;
	return {
		pod: first.pod,
		message,
		condition: {
			type: 'DisruptionTarget',
			...(generation ? {observedGeneration: generation} : {}),
			status: 'True',
			lastProbeTime: null,
			lastTransitionTime: now,
			reason: 'TerminationByKubelet',
			message,
		},
	};
}
