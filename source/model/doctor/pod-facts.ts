import {humanDuration} from '../duration.js';
import {type KubeEvent, type Pod, type PodCondition, toTime} from '../k8s.js';
import {sanitizeName} from '../sanitize.js';
import type {DoctorInput} from './types.js';

// Facts about the pod as a whole that several rules read: its conditions, the events about
// the pod itself (the scheduler's, FailedMount, Evicted carry no fieldPath), and how long ago
// something began. Events come in two shapes: core/v1 from the kubelet (count, first and last
// timestamps) and events.k8s.io/v1 from the scheduler (eventTime, series, count null).

export const condition = (pod: Pod, type: string): PodCondition | undefined => pod.status?.conditions?.find(item => item.type === type);

export const eventCount = (event: KubeEvent) => event.count ?? event.series?.count ?? 1;

export const eventFirstSeen = (event: KubeEvent) => toTime(event.firstTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp);

export const eventLastSeen = (event: KubeEvent) =>
	toTime(event.lastTimestamp ?? event.series?.lastObservedTime ?? event.eventTime ?? event.metadata.creationTimestamp);

/** "event Warning FailedMount ×7: MountVolume.SetUp failed …", sanitised, one line. */
export const eventLine = (event: KubeEvent) =>
	`event ${sanitizeName(event.type ?? '')} ${sanitizeName(event.reason ?? '')}${eventCount(event) > 1 ? ` ×${eventCount(event)}` : ''}: ${sanitizeName((event.message ?? '').trim())}`;

/** Events whose reason matches, about this pod (any field path unless one is given), oldest first. */
export function podEvents(input: DoctorInput, reasons: RegExp, fieldPath?: string): KubeEvent[] {
	return input.events
		.filter(event => reasons.test(event.reason ?? '') && (fieldPath === undefined || event.involvedObject.fieldPath === fieldPath))
		.sort((a, b) => (eventLastSeen(a) ?? 0) - (eventLastSeen(b) ?? 0));
}

/** "5m30s" since a timestamp, as kubectl prints ages; undefined when the time is unknown. */
export function age(time: string | number | null | undefined, now: number): string | undefined {
	const ms = typeof time === 'number' ? time : toTime(time);
	return ms === undefined ? undefined : humanDuration(now - ms);
}

export const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** A message from the cluster, on one line and sanitised. */
export const oneLine = (text: string | undefined) => sanitizeName((text ?? '').replace(/\s+/g, ' ').trim());
