import type {KubeHttp} from '../kube/http.js';
import {ListWatch} from '../kube/list-watch.js';
import type {AppState, Action} from '../model/app-state.js';
import {podKey} from '../model/container-ref.js';
import {diagnose} from '../model/doctor/index.js';
import {type PodMark, podMark, sameMarks} from '../model/doctor/pod-mark.js';
import {eventsByPod, eventsOfPod} from '../model/doctor/pod-summary.js';
import {Interner} from '../model/interner.js';
import type {KubeEvent, Pod} from '../model/k8s.js';
import {slimEvent} from '../model/slim.js';
import type {Store} from '../model/store.js';

// The doctor over every pod in the list, for the marks beside their names and the namespace
// report (X): one watch of the scope's events, and a pod re-examined only when it or its
// events changed, or its diagnosis may have aged (a startup budget, a grace period running
// out). Log tails and nodes are left to the one-pod doctor: a list must stay cheap.

const throttleMs = 1000;
const maxAgeMs = 10_000;
/** Pods diagnosed before the event loop gets a turn (~8 ms of work on this machine). */
const examineChunk = 250;

type Cached = {pod: Pod; events: string; at: number; mark?: PodMark};

export class NamespaceDoctor {
	private events?: ListWatch<KubeEvent>;
	private eventList: KubeEvent[] = [];
	private cache = new Map<string, Cached>();
	private timer?: NodeJS.Timeout;
	private ageTimer?: NodeJS.Timeout;
	private pods?: Pod[];
	private unsubscribe?: () => void;
	/** The pass under way, a chunk at a time (examine); `again` when asked for another meanwhile. */
	private pass?: {position: number; again: boolean};
	private stepTimer?: NodeJS.Immediate;

	constructor(
		private readonly store: Store<AppState, Action>,
		private readonly http: () => KubeHttp,
		private readonly clock: () => number = Date.now,
	) {}

	/**
	 * Watch the events of the session's scope (its namespace, or every one with -A), once the
	 * pods are listed: a scope has ten events for each pod, and listing them at the same time
	 * made the first list of the pods wait for the API server and the parser (with 5,000 pods,
	 * 55,000 events: 68 MB of JSON against the pods' 30).
	 */
	start(): void {
		this.stop();
		const {session} = this.store.getSnapshot();
		const path = session.allNamespaces ? '/api/v1/events' : `/api/v1/namespaces/${encodeURIComponent(session.namespace)}/events`;
		const strings = new Interner();
		const watchEvents = () => {
			this.events = new ListWatch<KubeEvent>(this.http(), path, {
				transform: event => slimEvent(event, strings),
				onChange: objects => {
					this.eventList = [...objects.values()];
					this.schedule();
				},
			}).start();
		};
		if (this.store.getSnapshot().listed) watchEvents();
		this.unsubscribe = this.store.subscribe(() => {
			const state = this.store.getSnapshot();
			if (!this.events && state.listed) watchEvents();
			if (state.pods !== this.pods) this.schedule();
		});
		this.schedule();
	}

	stop(): void {
		this.events?.stop();
		this.events = undefined;
		this.unsubscribe?.();
		this.unsubscribe = undefined;
		if (this.timer) clearTimeout(this.timer);
		if (this.ageTimer) clearTimeout(this.ageTimer);
		if (this.stepTimer) clearImmediate(this.stepTimer);
		this.timer = undefined;
		this.ageTimer = undefined;
		this.pass = undefined;
		this.eventList = [];
		this.cache.clear();
		this.pods = undefined;
	}

	private schedule(): void {
		this.timer ??= setTimeout(() => {
			this.timer = undefined;
			this.examine();
		}, throttleMs);
	}

	/**
	 * Diagnose what changed and publish the marks; come back while a pod is still settling (its
	 * diagnosis ages). A few hundred pods at a time, keys and frames between: the first pass over
	 * 5,000 pods took 150-250 ms, and a key that arrived meanwhile waited for all of it.
	 */
	private examine(): void {
		if (this.ageTimer) clearTimeout(this.ageTimer);
		this.ageTimer = undefined;
		// A pass can outlast the throttle (20,000 pods on a busy machine): what asked for this one
		// (new events, an age) is looked at once the pass under way ends.
		if (this.pass) {
			this.pass.again = true;
			return;
		}
		const {pods} = this.store.getSnapshot();
		this.pods = pods;
		const pass = {
			now: this.clock(),
			index: eventsByPod(this.eventList),
			marks: {} as Record<string, PodMark>,
			next: new Map<string, Cached>(),
			position: 0,
			again: false,
		};
		this.pass = pass;
		const step = () => {
			if (this.pass !== pass) return;
			const end = Math.min(pods.length, pass.position + examineChunk);
			for (; pass.position < end; pass.position++) {
				const pod = pods[pass.position]!;
				const key = podKey(pod);
				const cached = this.examined(pod, key, pass.index, pass.now);
				pass.next.set(key, cached);
				if (cached.mark) pass.marks[key] = cached.mark;
			}
			if (pass.position < pods.length) {
				this.stepTimer = setImmediate(step);
				return;
			}
			this.pass = undefined;
			this.cache = pass.next;
			const current = this.store.getSnapshot().podMarks;
			if (!current || !sameMarks(pass.marks, current)) this.store.dispatch({type: 'pod-marks', marks: pass.marks}, false);
			if (pods.some(unsettled)) this.ageTimer = setTimeout(() => this.examine(), maxAgeMs);
			// The pods or their events changed while this pass ran: look again.
			if (pass.again || this.store.getSnapshot().pods !== pods) this.schedule();
		};
		step();
	}

	/** The pod's cached diagnosis, or a new one when it, its events or its age changed. */
	private examined(pod: Pod, key: string, index: ReturnType<typeof eventsByPod>, now: number): Cached {
		const events = eventsOfPod(index, pod);
		const signature = events.map(event => event.metadata.resourceVersion ?? '').join(',');
		const cached = this.cache.get(key);
		const aged = cached !== undefined && now - cached.at >= maxAgeMs && unsettled(pod);
		if (cached && cached.pod === pod && cached.events === signature && !aged) return cached;
		return {pod, events: signature, at: now, mark: podMark(diagnose({pod, events, now}))};
	}
}

/** A pod whose diagnosis can change with time alone: deleting, not yet Ready, or not yet done. */
function unsettled(pod: Pod): boolean {
	if (pod.metadata.deletionTimestamp) return true;
	const phase = pod.status?.phase;
	if (phase === 'Succeeded' || phase === 'Failed') return false;
	return pod.status?.conditions?.find(condition => condition.type === 'Ready')?.status !== 'True';
}
