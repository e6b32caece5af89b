import type {ContainerStateTerminated, ContainerStatus, Pod} from '../k8s.js';
import {toTime} from '../k8s.js';

// What a followed container's status means for its log stream, after stern's target.go and
// kubelet's validateContainerLogStatus: which instance the log endpoint serves now, why a
// pane waits, and the marker written between two instances.

export function containerStatusOf(pod: Pod, name: string): ContainerStatus | undefined {
	const status = pod.status;
	if (!status) return undefined;
	for (const list of [status.initContainerStatuses, status.containerStatuses, status.ephemeralContainerStatuses]) {
		const found = list?.find(item => item.name === name);
		if (found) return found;
	}
	return undefined;
}

/** The instance whose log a plain (not --previous) request returns; undefined: none yet. */
export function servedContainerID(status: ContainerStatus): string | undefined {
	if (status.state?.running) return status.containerID || undefined;
	if (status.state?.terminated) return status.state.terminated.containerID || status.containerID || undefined;
	return status.lastState?.terminated?.containerID || undefined;
}

/** Whether instance `id` still runs according to the status (its stream may only have dropped). */
export function stillRunning(status: ContainerStatus | undefined, id: string): boolean {
	return status?.state?.running !== undefined && status.containerID === id;
}

/** The termination of instance `id`, when the status still remembers it. */
export function terminationOf(status: ContainerStatus | undefined, id: string): ContainerStateTerminated | undefined {
	const candidates = [status?.state?.terminated, status?.lastState?.terminated];
	return candidates.find(item => item && (item.containerID === id || (!item.containerID && status?.containerID === id)));
}

const clock = (ms: number) => {
	const date = new Date(ms);
	const two = (value: number) => String(value).padStart(2, '0');
	return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
};

export function exitText(terminated: ContainerStateTerminated): string {
	return `exit ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ''}`;
}

/** `── restarted: exit 1 (Error) at 12:03:04 ──` */
export function restartMarker(terminated: ContainerStateTerminated | undefined): string {
	if (!terminated) return '── restarted ──';
	const at = toTime(terminated.finishedAt);
	return `── restarted: ${exitText(terminated)}${at === undefined ? '' : ` at ${clock(at)}`} ──`;
}

const backOff = /back-off (\S+)/;

/** Why there is nothing to stream right now, for the pane's title and body. */
export function idleText(pod: Pod, status: ContainerStatus | undefined): string {
	if (!status) return `waiting: ${pod.status?.phase ?? 'Pending'}`;
	const waiting = status.state?.waiting;
	if (waiting) {
		const delay = waiting.reason === 'CrashLoopBackOff' ? backOff.exec(waiting.message ?? '')?.[1] : undefined;
		return delay ? `back-off ${delay}: ${waiting.reason}` : `waiting: ${waiting.reason ?? 'unknown'}`;
	}
	if (status.state?.terminated) return `terminated: ${exitText(status.state.terminated)}`;
	return 'running';
}

/**
 * Whether a terminated container is done for good, so a follower may stop: the pod itself
 * finished, or its restart policy (or, for a plain init container, success) means no restart.
 */
export function finishedForGood(pod: Pod, status: ContainerStatus | undefined): boolean {
	const terminated = status?.state?.terminated;
	if (!terminated) return false;
	if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return true;
	const init = pod.spec.initContainers?.find(container => container.name === status.name);
	if (init && init.restartPolicy !== 'Always') return terminated.exitCode === 0;
	const policy = pod.spec.restartPolicy ?? 'Always';
	return policy === 'Never' || (policy === 'OnFailure' && terminated.exitCode === 0);
}
