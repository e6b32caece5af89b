import type {Pod} from './k8s.js';

// The pieces kubectl's pod orders share (k8s.io/kubectl/pkg/util/podutils/podutils.go):
// ByLogging for `kubectl logs`, ActivePods for attach, exec and port-forward.

/** Epoch ms, or undefined for an empty time (Go's zero time). */
export const podTime = (text: string | undefined) => (text ? Date.parse(text) : undefined);

/** afterOrZero: t1 after t2, a zero time counting as after any other. */
export function afterOrZero(t1: number | undefined, t2: number | undefined): boolean {
	if (t1 === undefined || t2 === undefined) return t1 === undefined;
	return t1 > t2;
}

/** The highest restart count among regular containers, then among restartable init containers. */
export function maxRestarts(pod: Pod): [number, number] {
	const regular = Math.max(0, ...(pod.status?.containerStatuses ?? []).map(status => status.restartCount ?? 0));
	const sidecars = new Set((pod.spec.initContainers ?? []).filter(c => c.restartPolicy === 'Always').map(c => c.name));
	const sidecar = Math.max(0, ...(pod.status?.initContainerStatuses ?? []).filter(status => sidecars.has(status.name)).map(status => status.restartCount ?? 0));
	return [regular, sidecar];
}
