import {watchPodEvents} from '../kube/events.js';
import type {KubeHttp} from '../kube/http.js';
import type {ConnectionState} from '../kube/list-watch.js';
import {pollPodMetrics} from '../kube/metrics.js';
import {listNodes} from '../kube/nodes.js';
import {collectLogs} from '../kube/pod-details.js';
import type {KubeEvent, Pod} from '../model/k8s.js';
import type {Node} from '../model/k8s-node.js';
import {emptyHistory, observePod, type TimelineHistory} from '../model/timeline/history.js';
import {addSample, emptyUsage, markUnavailable, type UsageHistory} from '../model/usage.js';

// Everything the inspect screens (describe, events, timeline, doctor) need about one pod
// beyond the pod itself, kept live while a screen is open: its events by watch, metrics by
// polling, log tails for the doctor, and the timeline history of what the pod went through.
// An external store: the views subscribe and read snapshots, never the API.

export type InspectSnapshot = {
	events: KubeEvent[];
	eventsState: ConnectionState;
	usage: UsageHistory;
	history: TimelineHistory;
	logs?: {previous: Record<string, string[]>; current: Record<string, string[]>};
	/** The cluster's nodes, read once for a pod not yet scheduled (undefined when not read or forbidden). */
	nodes?: Node[];
};

export type InspectOptions = {events?: boolean; metrics?: boolean; logs?: boolean; nodes?: boolean; logsEveryMs?: number; metricsEveryMs?: number};

export class PodInspector {
	private snapshot: InspectSnapshot = {events: [], eventsState: {phase: 'connecting'}, usage: emptyUsage(), history: emptyHistory()};
	private readonly listeners = new Set<() => void>();
	private readonly stops: Array<() => void> = [];
	private logsBusy = false;
	private nodesRead = false;
	private readonly aborts = new AbortController();
	private lastPod?: Pod;

	constructor(
		private readonly http: KubeHttp,
		readonly namespace: string,
		readonly pod: string,
		private readonly options: InspectOptions = {},
	) {}

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getSnapshot = (): InspectSnapshot => this.snapshot;

	private update(change: Partial<InspectSnapshot>): void {
		this.snapshot = {...this.snapshot, ...change};
		for (const listener of this.listeners) listener();
	}

	start(): this {
		if (this.options.events !== false) {
			const handle = watchPodEvents(
				this.http,
				this.namespace,
				this.pod,
				events => this.update({events}),
				eventsState => this.update({eventsState}),
			);
			this.stops.push(() => handle.stop());
		}
		if (this.options.metrics) {
			const poller = pollPodMetrics(
				this.http,
				this.namespace,
				this.pod,
				(result, at) =>
					this.update({usage: result.available ? addSample(this.snapshot.usage, result.metrics, at) : markUnavailable(this.snapshot.usage, result.reason)}),
				this.options.metricsEveryMs,
			);
			this.stops.push(() => poller.stop());
		}
		if (this.options.logs) {
			const timer = setInterval(() => void this.refreshLogs(), this.options.logsEveryMs ?? 10_000);
			this.stops.push(() => clearInterval(timer));
		}
		return this;
	}

	stop(): void {
		this.aborts.abort();
		for (const stop of this.stops.splice(0)) stop();
		this.listeners.clear();
	}

	/** The pod as the browser's watch delivers it: folded into the timeline history. */
	observe(pod: Pod | undefined, now = Date.now()): void {
		if (!pod || pod === this.lastPod) return;
		const first = this.lastPod === undefined;
		this.lastPod = pod;
		this.update({history: observePod(this.snapshot.history, pod, now)});
		if (first && this.options.logs) void this.refreshLogs();
		if (this.options.nodes && !this.nodesRead && !pod.spec.nodeName) void this.readNodes();
	}

	/** Once per open screen, for an unscheduled pod: the doctor explains the scheduler's reasons against them. */
	private async readNodes(): Promise<void> {
		this.nodesRead = true;
		try {
			const nodes = await listNodes(this.http, this.aborts.signal);
			if (nodes && !this.aborts.signal.aborted) this.update({nodes});
		} catch {
			// Aborted: the screen closed.
		}
	}

	private async refreshLogs(): Promise<void> {
		if (this.logsBusy || !this.lastPod) return;
		this.logsBusy = true;
		try {
			this.update({logs: await collectLogs(this.http, this.lastPod)});
		} catch {
			// Logs only add evidence; the doctor works without them.
		} finally {
			this.logsBusy = false;
		}
	}
}
