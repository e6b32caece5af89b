import type {KubeEvent, ObjectMeta} from '../model/k8s.js';

// events.k8s.io/v1 Event: the same objects as core/v1 Events (one registry, one etcd prefix,
// pkg/registry/events/rest/storage_events.go uses pkg/registry/core/event's REST), seen
// through the conversion of pkg/apis/events/v1/conversion.go: involvedObject is `regarding`,
// message `note`, source `deprecatedSource`, first/lastTimestamp and count are
// `deprecated*`, reportingComponent is `reportingController`. Field order and omitempty as
// k8s.io/api events/v1 types.go marshals them.

type ObjectReference = KubeEvent['involvedObject'];

/** The core/v1 fields the stored object may carry beyond the ones podscope's type names. */
export type CoreEvent = KubeEvent & {action?: string; related?: ObjectReference};

export type EventV1 = {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	eventTime: string | null;
	series?: {count: number; lastObservedTime: string};
	reportingController?: string;
	reportingInstance?: string;
	action?: string;
	reason?: string;
	regarding: ObjectReference;
	related?: ObjectReference;
	note?: string;
	type?: string;
	deprecatedSource: {component?: string; host?: string};
	deprecatedFirstTimestamp: string | null;
	deprecatedLastTimestamp: string | null;
	deprecatedCount?: number;
};

const some = <K extends string, V>(key: K, value: V | undefined | null | '' | 0): Partial<Record<K, V>> =>
	value === undefined || value === null || value === '' || value === 0 ? {} : ({[key]: value} as Record<K, V>);

/** Convert_core_Event_To_v1_Event, from the core/v1 object the store holds. */
export function toEventsV1(event: CoreEvent): EventV1 {
	return {
		kind: 'Event',
		apiVersion: 'events.k8s.io/v1',
		metadata: event.metadata,
		eventTime: event.eventTime ?? null,
		...some('series', event.series),
		...some('reportingController', event.reportingComponent),
		...some('reportingInstance', event.reportingInstance),
		...some('action', event.action),
		...some('reason', event.reason),
		regarding: event.involvedObject ?? {},
		...some('related', event.related),
		...some('note', event.message),
		...some('type', event.type),
		deprecatedSource: event.source ?? {},
		deprecatedFirstTimestamp: event.firstTimestamp ?? null,
		deprecatedLastTimestamp: event.lastTimestamp ?? null,
		...some('deprecatedCount', event.count),
	};
}

/** Convert_v1_Event_To_core_Event: what the printers (written for the internal Event) read. */
export function fromEventsV1(event: EventV1): CoreEvent {
	return {
		kind: 'Event',
		apiVersion: 'v1',
		metadata: event.metadata,
		involvedObject: event.regarding,
		...some('reason', event.reason),
		...some('message', event.note),
		source: event.deprecatedSource,
		firstTimestamp: event.deprecatedFirstTimestamp,
		lastTimestamp: event.deprecatedLastTimestamp,
		...some('count', event.deprecatedCount),
		...some('type', event.type),
		eventTime: event.eventTime,
		...some('series', event.series),
		...some('action', event.action),
		...some('related', event.related),
		...some('reportingComponent', event.reportingController),
		...some('reportingInstance', event.reportingInstance),
	};
}

/**
 * The field selectors events.k8s.io/v1 accepts, and the core field each reads
 * (AddFieldLabelConversionsForEvent): no `source`, no `involvedObject.*`.
 */
export const eventsV1Fields: Record<string, string> = {
	reason: 'reason',
	'regarding.kind': 'involvedObject.kind',
	'regarding.namespace': 'involvedObject.namespace',
	'regarding.name': 'involvedObject.name',
	'regarding.uid': 'involvedObject.uid',
	'regarding.apiVersion': 'involvedObject.apiVersion',
	'regarding.resourceVersion': 'involvedObject.resourceVersion',
	'regarding.fieldPath': 'involvedObject.fieldPath',
	reportingController: 'reportingComponent',
	type: 'type',
	'metadata.namespace': 'metadata.namespace',
	'metadata.name': 'metadata.name',
};
