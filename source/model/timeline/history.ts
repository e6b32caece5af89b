import type {ContainerStatus, Pod} from '../k8s.js';
import {toTime} from '../k8s.js';
import type {Instance} from './timeline.js';

// What the watch saw happen to a pod's containers, kept while a timeline is open: every
// instance (the API forgets all but the last two) and the moment each turned ready (the API
// never records it). Only a false → true change seen live counts as a ready time.

export type ContainerHistory = {instances: Instance[]; readyAt: number[]; lastReady?: boolean};
export type TimelineHistory = {uid?: string; containers: Record<string, ContainerHistory>};

const maxInstances = 50;

export const emptyHistory = (): TimelineHistory => ({containers: {}});

function record(history: ContainerHistory | undefined, status: ContainerStatus, now: number): ContainerHistory {
	const next: ContainerHistory = {instances: [...(history?.instances ?? [])], readyAt: [...(history?.readyAt ?? [])], lastReady: status.ready};
	for (const state of [status.lastState, status.state]) {
		const start = toTime(state?.running?.startedAt ?? state?.terminated?.startedAt);
		if (start === undefined) continue;
		const terminated = state?.terminated;
		const instance: Instance = terminated
			? {start, end: toTime(terminated.finishedAt) ?? start, exitCode: terminated.exitCode, reason: terminated.reason}
			: {start};
		const index = next.instances.findIndex(item => item.start === start);
		if (index < 0) next.instances.push(instance);
		else next.instances[index] = {...next.instances[index], ...instance};
	}
	next.instances.sort((a, b) => a.start - b.start);
	if (next.instances.length > maxInstances) next.instances.splice(0, next.instances.length - maxInstances);
	if (status.ready && history?.lastReady === false) next.readyAt.push(now);
	if (next.readyAt.length > maxInstances) next.readyAt.splice(0, next.readyAt.length - maxInstances);
	return next;
}

/** Fold one sighting of the pod into the history; a new pod (other uid) starts afresh. */
export function observePod(history: TimelineHistory, pod: Pod, now: number): TimelineHistory {
	const base = history.uid !== undefined && history.uid !== pod.metadata.uid ? emptyHistory() : history;
	const containers = {...base.containers};
	const status = pod.status ?? {};
	for (const item of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? []), ...(status.ephemeralContainerStatuses ?? [])]) {
		containers[item.name] = record(containers[item.name], item, now);
	}
	return {uid: pod.metadata.uid, containers};
}
