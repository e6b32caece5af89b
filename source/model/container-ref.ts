import type {Pod} from './k8s.js';

// Names of a pod and of one of its containers, shared by the API layer and the TUI's state:
// plain data and keys, apart from the reducer so that code talking to the API need not
// import it.

export type ContainerRef = {namespace: string; pod: string; container: string};

// A pod object lives until its next change: its keys are made once, not on every update of
// a list of thousands (the strings were a steady stream of garbage for the collector).
const podKeys = new WeakMap<Pod, string>();

export const podKey = (pod: Pod): string => {
	let key = podKeys.get(pod);
	if (key === undefined) {
		key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
		podKeys.set(pod, key);
	}
	return key;
};

export const refKey = (ref: ContainerRef) => `${ref.namespace}/${ref.pod}/${ref.container}`;

export function parseRef(key: string): ContainerRef {
	const [namespace = '', pod = '', ...rest] = key.split('/');
	return {namespace, pod, container: rest.join('/')};
}
