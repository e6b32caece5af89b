import {DEFAULT_CONTAINER_ANNOTATION} from '../model/containers.js';
import type {Pod} from '../model/k8s.js';

// kubectl's choice of container when -c is not given (podcmd.FindOrDefaultContainerByName),
// and its one-line notice about it: containers, then ephemeral, then init containers.

export function allContainerNames(pod: Pod): string[] {
	return [...(pod.spec.initContainers ?? []), ...pod.spec.containers, ...(pod.spec.ephemeralContainers ?? [])].map(container => container.name);
}

export function defaultContainer(pod: Pod): {name: string; notice?: string} {
	const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
	const name = annotated && allContainerNames(pod).includes(annotated) ? annotated : pod.spec.containers[0]!.name;
	if (annotated === name) return {name};
	const several = pod.spec.containers.length > 1 || (pod.spec.initContainers?.length ?? 0) > 0 || (pod.spec.ephemeralContainers?.length ?? 0) > 0;
	if (!several) return {name};
	const names = [
		...pod.spec.containers.map(container => container.name),
		...(pod.spec.ephemeralContainers ?? []).map(container => `${container.name} (ephem)`),
		...(pod.spec.initContainers ?? []).map(container => `${container.name} (init)`),
	];
	return {name, notice: `Defaulted container ${JSON.stringify(name)} out of: ${names.join(', ')}`};
}
