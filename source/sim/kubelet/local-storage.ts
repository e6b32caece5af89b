import type {Pod} from '../../model/k8s.js';
import {parseQuantity} from '../../model/quantity.js';
import type {UsageSnapshot} from './disk-usage.js';
import {formatOf, quantityString} from './quantity-string.js';

// The kubelet's local-storage eviction (localStorageEviction, pkg/kubelet/eviction/
// eviction_manager.go, with LocalStorageCapacityIsolation on): an emptyDir over its sizeLimit,
// a pod over the sum of its containers' ephemeral-storage limits, a container over its own.
// The messages are helpers.go's, trailing space included.

const ephemeral = 'ephemeral-storage';

/** PodLimits for ephemeral-storage: the regular and sidecar containers' sum, or the largest init container's if more. */
function podLimit(pod: Pod): {bytes: number; text: string} | undefined {
	const limits = [...pod.spec.containers, ...(pod.spec.initContainers ?? []).filter(container => container.restartPolicy === 'Always')]
		.map(container => container.resources?.limits?.[ephemeral])
		.filter((text): text is string => text !== undefined);
	const init = (pod.spec.initContainers ?? [])
		.filter(container => container.restartPolicy !== 'Always')
		.map(container => container.resources?.limits?.[ephemeral])
		.filter((text): text is string => text !== undefined);
	if (limits.length === 0 && init.length === 0) return undefined;
	const sum = limits.reduce((total, text) => total + (parseQuantity(text) ?? 0), 0);
	const largestInit = Math.max(0, ...init.map(text => parseQuantity(text) ?? 0));
	const bytes = Math.max(sum, largestInit);
	return {bytes, text: quantityString(bytes, formatOf(limits[0] ?? init[0]))};
}

/** The eviction message for the pod's local-storage use, or undefined when it is within its limits. */
export function localStorageEviction(pod: Pod, usage: UsageSnapshot): string | undefined {
	for (const volume of pod.spec.volumes ?? []) {
		const limit = volume.emptyDir?.sizeLimit;
		const size = parseQuantity(limit);
		const used = usage.volumes.get(volume.name);
		if (used !== undefined && size !== undefined && size > 0 && used > size) {
			return `Usage of EmptyDir volume "${volume.name}" exceeds the limit "${quantityString(size, formatOf(limit))}". `;
		}
	}
	const limit = podLimit(pod);
	if (limit) {
		// The pod's total: its containers' writable layers and its disk-backed emptyDirs.
		const volumes = (pod.spec.volumes ?? []).filter(volume => volume.emptyDir && volume.emptyDir.medium !== 'Memory');
		const total =
			[...usage.containers.values()].reduce((sum, bytes) => sum + bytes, 0) + volumes.reduce((sum, volume) => sum + (usage.volumes.get(volume.name) ?? 0), 0);
		if (total > limit.bytes) return `Pod ephemeral local storage usage exceeds the total limit of containers ${limit.text}. `;
	}
	for (const container of pod.spec.containers) {
		const text = container.resources?.limits?.[ephemeral];
		const bytes = parseQuantity(text);
		const used = usage.containers.get(container.name) ?? 0;
		if (bytes && used > bytes) return `Container ${container.name} exceeded its local ephemeral storage limit "${quantityString(bytes, formatOf(text))}". `;
	}
	return undefined;
}
