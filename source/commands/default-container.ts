import {containerRows} from '../model/containers.js';
import type {Pod} from '../model/k8s.js';

// kubectl's choice of container when -c is not given, and its one-line notice about it.

export function defaultContainer(pod: Pod): {name: string; notice?: string} | undefined {
	const main = containerRows(pod).find(row => row.isDefault);
	if (!main) return undefined;
	const all = [
		...pod.spec.containers.map(container => container.name),
		...(pod.spec.initContainers ?? []).map(container => `${container.name} (init)`),
		...(pod.spec.ephemeralContainers ?? []).map(container => `${container.name} (ephem)`),
	];
	return {name: main.name, notice: all.length > 1 ? `Defaulted container "${main.name}" out of: ${all.join(', ')}` : undefined};
}
