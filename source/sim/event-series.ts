import type {KubeEvent} from '../model/k8s.js';
import {type Cancel, type Clock, simSeconds} from './clock.js';
import type {ObjectStore} from './store.js';

// How client-go's events.k8s.io recorder folds repeated events (tools/events/
// event_broadcaster.go, v0.35.4), which the scheduler's FailedScheduling goes through. Events
// are isomorphic when type, reason, action, reporting controller and instance and the
// regarding object (its resourceVersion included) agree; the note is not compared. The second
// one turns the first into a series of count 2, written at once; later ones only count, and
// the count reaches the API when the series is refreshed (every 30 minutes) or finished (a
// check every 6 minutes ends a series not seen for 6 minutes, and forgets a singleton event
// older than that, so the next isomorphic event is a new one).

const finishSeconds = 6 * 60;
const refreshSeconds = 30 * 60;

type Cached = {namespace: string; name: string; firstMs: number; series?: {count: number; lastObservedMs: number}};

const micro = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '000Z');

export class EventSeries {
	private readonly cache = new Map<string, Cached>();
	private readonly timers: Cancel[];

	constructor(
		private readonly store: ObjectStore<KubeEvent>,
		private readonly clock: Clock,
	) {
		this.timers = [clock.every(finishSeconds, () => this.finish()), clock.every(refreshSeconds, () => this.refresh())];
	}

	/** The key of an event: what makes two events isomorphic. */
	static key(event: KubeEvent & {action?: string}): string {
		const {kind, namespace, name, uid, apiVersion, resourceVersion, fieldPath} = event.involvedObject;
		return JSON.stringify([
			event.type,
			event.action,
			event.reason,
			event.reportingComponent,
			event.reportingInstance,
			kind,
			namespace,
			name,
			uid,
			apiVersion,
			resourceVersion,
			fieldPath,
		]);
	}

	/** Fold the event into an isomorphic one and return true, or remember it and return false. */
	fold(event: KubeEvent & {action?: string}): boolean {
		const key = EventSeries.key(event);
		const cached = this.cache.get(key);
		const now = this.clock.now();
		if (!cached) {
			this.cache.set(key, {namespace: event.metadata.namespace ?? 'default', name: event.metadata.name, firstMs: now});
			return false;
		}
		if (cached.series) {
			cached.series = {count: cached.series.count + 1, lastObservedMs: now};
			return true;
		}
		cached.series = {count: 2, lastObservedMs: now};
		this.write(cached);
		return true;
	}

	stop(): void {
		for (const cancel of this.timers) cancel();
	}

	private write(cached: Cached): void {
		const stored = this.store.get(cached.namespace, cached.name);
		if (!stored || !cached.series) return;
		this.store.update({...stored, series: {count: cached.series.count, lastObservedTime: micro(cached.series.lastObservedMs)}});
	}

	private finish(): void {
		for (const [key, cached] of this.cache) {
			const since = cached.series ? cached.series.lastObservedMs : cached.firstMs;
			if (simSeconds(this.clock, since) <= finishSeconds) continue;
			if (cached.series) this.write(cached);
			this.cache.delete(key);
		}
	}

	private refresh(): void {
		for (const cached of this.cache.values()) {
			if (cached.series) this.write(cached);
		}
	}
}
