import {translateTimestampSince} from './duration.js';
import {goSort} from './go-sort.js';
import type {KubeEvent} from './k8s.js';
import {toTime} from './k8s.js';
import {sanitizeName} from './sanitize.js';

// A pod's events as people read them: kubectl's time rules (events.k8s.io series, then the
// core/v1 timestamps), its "3m (x5 over 10m)" age, the reporting component as the source,
// and, per container, the last Warning (from involvedObject.fieldPath).

type Series = {count?: number; lastObservedTime?: string};
const series = (event: KubeEvent) => (event as {series?: Series}).series;

/** When the event last happened (series, then lastTimestamp, then eventTime), as `kubectl events` reads it. */
export function eventTime(event: KubeEvent): number {
	return toTime(series(event)?.lastObservedTime) ?? toTime(event.lastTimestamp) ?? toTime(event.eventTime) ?? 0;
}

/** When it first happened: eventTime for events.k8s.io events, firstTimestamp otherwise. */
export function firstTime(event: KubeEvent): string | undefined {
	return event.eventTime || event.firstTimestamp || undefined;
}

export function eventCount(event: KubeEvent): number {
	return series(event)?.count ?? event.count ?? 1;
}

/** kubectl describe's Age cell: "12s", or "3m (x5 over 10m)" for a repeated event. */
export function eventAge(event: KubeEvent, now: number): string {
	const first = translateTimestampSince(firstTime(event), now);
	const repeated = series(event);
	if (repeated) return `${translateTimestampSince(repeated.lastObservedTime, now)} (x${repeated.count ?? 0} over ${first})`;
	if ((event.count ?? 0) > 1) return `${translateTimestampSince(event.lastTimestamp ?? undefined, now)} (x${event.count} over ${first})`;
	return first;
}

export const eventSource = (event: KubeEvent): string => sanitizeName(event.source?.component || event.reportingComponent || '');

/** Key order, as the API server lists events: namespace, then name ("<object>.<hex nanoseconds>"). */
const byKey = (a: KubeEvent, b: KubeEvent): number => {
	const left = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
	const right = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
	return left < right ? -1 : left > right ? 1 : 0;
};

/** metav1.Time of lastTimestamp; null (events.k8s.io events: the scheduler's) is Go's zero time. */
const lastTimestamp = (event: KubeEvent): number => toTime(event.lastTimestamp) ?? Number.NEGATIVE_INFINITY;

/**
 * kubectl describe's order (DescribeEvents): the list as the API server returns it, then
 * sort.Sort(util/event.SortableEvents), which compares lastTimestamp alone. The scheduler's
 * Scheduled and FailedScheduling have only an eventTime, so they sort as the zero time: first,
 * even when their eventTime (microseconds) is later than a kubelet event's whole second.
 */
export function sortOldestFirst(events: Iterable<KubeEvent>): KubeEvent[] {
	return goSort([...events].sort(byKey), (a, b) => lastTimestamp(a) < lastTimestamp(b));
}

export type EventRow = {
	key: string;
	type: string;
	warning: boolean;
	reason: string;
	age: string;
	count: number;
	source: string;
	message: string;
	/** The container the event is about ("spec.containers{app}" → app), when it is about one. */
	container?: string;
	time: number;
};

const containerOf = (fieldPath: string | undefined): string | undefined =>
	/^spec\.(?:initContainers|containers|ephemeralContainers)\{(.+)\}$/.exec(fieldPath ?? '')?.[1];

/** The events view: kubectl describe's order upside down (newest first), every string sanitised. */
export function eventRows(events: Iterable<KubeEvent>, now: number): EventRow[] {
	return sortOldestFirst(events)
		.reverse()
		.map(event => ({
			key: `${event.metadata.namespace ?? ''}/${event.metadata.name}`,
			type: sanitizeName(event.type ?? ''),
			warning: event.type === 'Warning',
			reason: sanitizeName(event.reason ?? ''),
			age: eventAge(event, now),
			count: eventCount(event),
			source: eventSource(event),
			message: sanitizeName((event.message ?? '').trim()),
			container: containerOf(event.involvedObject.fieldPath),
			time: eventTime(event),
		}));
}

/** The last Warning about each container, by container name, for the container panel. */
export function lastWarningByContainer(events: Iterable<KubeEvent>, now: number): Map<string, EventRow> {
	const result = new Map<string, EventRow>();
	for (const row of eventRows(events, now)) {
		if (row.warning && row.container && !result.has(row.container)) result.set(row.container, row);
	}
	return result;
}
