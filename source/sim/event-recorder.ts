import type {KubeEvent, Pod} from '../model/k8s.js';
import type {Clock} from './clock.js';
import {EventSeries} from './event-series.js';
import {EventSpamFilter} from './event-spam-filter.js';
import type {ObjectStore} from './store.js';

// The two event recorders a cluster runs. The kubelet uses client-go's legacy core/v1
// recorder: identical events (same object, field, reason, message, source) fold into one
// with a count and a last timestamp. The scheduler uses the events.k8s.io recorder, whose
// events read through core/v1 with an eventTime, a reporting controller and instance, and
// neither source nor first/last timestamps. The kubelet's recorder drops what its spam
// filter refuses (event-spam-filter.ts). Names are "<object>.<hex nanoseconds>", so a
// list (in key order) is in the order things happened.

const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** metav1.MicroTime: RFC 3339 with six fractional digits. */
const micro = (ms: number, extraMicros: number) => new Date(ms).toISOString().replace(/Z$/, `${String(extraMicros).padStart(3, '0')}Z`);

/** The action each events.k8s.io reason is recorded with (pkg/scheduler: schedule_one.go, preemption.go). */
const actions: Record<string, string> = {Scheduled: 'Binding', FailedScheduling: 'Scheduling', Preempted: 'Preempting'};

export class EventRecorder {
	private readonly byKey = new Map<string, string>();
	private lastNanos = 0n;
	/** The events.k8s.io recorder's folding of repeated events, when the recorder has a clock. */
	private readonly series: EventSeries | undefined;
	private readonly spam: EventSpamFilter;

	constructor(
		private readonly store: ObjectStore<KubeEvent>,
		private readonly now: () => number,
		private readonly host: string,
		clock?: Clock,
	) {
		this.series = clock ? new EventSeries(store, clock) : undefined;
		const speed = clock?.speed ?? 1;
		this.spam = new EventSpamFilter((fromMs, toMs) => ((toMs - fromMs) * speed) / 1000);
	}

	stop(): void {
		this.series?.stop();
	}

	/** UnixNano of now, strictly increasing so two events never share a name. */
	private nanos(ms: number): bigint {
		let nanos = BigInt(ms) * 1_000_000n;
		if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
		this.lastNanos = nanos;
		return nanos;
	}

	record(pod: Pod, type: string, reason: string, message: string, fieldPath?: string, component = 'kubelet'): void {
		const namespace = pod.metadata.namespace ?? 'default';
		const ms = this.now();
		const involvedObject = {
			kind: 'Pod',
			namespace,
			name: pod.metadata.name,
			uid: pod.metadata.uid,
			apiVersion: 'v1',
			resourceVersion: pod.metadata.resourceVersion,
			...(fieldPath ? {fieldPath} : {}),
		};
		if (component !== 'kubelet') {
			this.recordNew(pod, namespace, ms, involvedObject, type, reason, message, component);
			return;
		}
		const spamKey = EventSpamFilter.key(pod.metadata.uid, [component, this.host, 'Pod', namespace, pod.metadata.name, 'v1', type]);
		if (!this.spam.allow(spamKey, ms)) return;
		const key = [pod.metadata.uid, fieldPath, type, reason, message, component].join('\u0000');
		const stamp = seconds(ms);
		const existingName = this.byKey.get(key);
		const existing = existingName ? this.store.get(namespace, existingName) : undefined;
		if (existing) {
			this.store.update({...existing, count: (existing.count ?? 1) + 1, lastTimestamp: stamp});
			return;
		}
		const name = `${pod.metadata.name}.${this.nanos(ms).toString(16)}`;
		this.byKey.set(key, name);
		this.store.create({
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name, namespace, creationTimestamp: stamp, uid: crypto.randomUUID()},
			involvedObject,
			reason,
			message,
			source: {component, host: this.host},
			firstTimestamp: stamp,
			lastTimestamp: stamp,
			count: 1,
			type,
			eventTime: null,
			reportingComponent: component,
			reportingInstance: this.host,
		});
	}

	/** An events.k8s.io/v1 event as core/v1 shows it (the scheduler's "Scheduled"). */
	private recordNew(
		pod: Pod,
		namespace: string,
		ms: number,
		involvedObject: KubeEvent['involvedObject'],
		type: string,
		reason: string,
		message: string,
		component: string,
	): void {
		const nanos = this.nanos(ms);
		const event: KubeEvent & {action?: string} = {
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name: `${pod.metadata.name}.${nanos.toString(16)}`, namespace, creationTimestamp: seconds(ms), uid: crypto.randomUUID()},
			involvedObject,
			reason,
			message,
			source: {},
			firstTimestamp: null,
			lastTimestamp: null,
			type,
			eventTime: micro(ms, Number((nanos / 1000n) % 1000n)),
			reportingComponent: component,
			reportingInstance: `${component}-${this.host}`,
		};
		if (actions[reason]) event.action = actions[reason];
		if (this.series?.fold(event)) return;
		this.store.create(event);
	}

	/** Events of a deleted Pod stay, as they do until their TTL; only the folding index goes. */
	forget(uid: string | undefined): void {
		this.spam.forget(uid);
		for (const key of this.byKey.keys()) {
			if (key.startsWith(`${uid}\u0000`)) this.byKey.delete(key);
		}
	}
}
