import type {KubeHttp} from '../kube/http.js';
import {ListWatch} from '../kube/list-watch.js';
import {type MetricsPoller, pollPodMetrics} from '../kube/metrics.js';
import {podEventSelector} from '../kube/pod-details.js';
import type {AppState, Action, PodDetails} from '../model/app-state.js';
import {podKey} from '../model/container-ref.js';
import type {KubeEvent} from '../model/k8s.js';
import type {Store} from '../model/store.js';
import {addSample, emptyUsage, markUnavailable} from '../model/usage.js';

// The selected pod's events (watched) and usage (sampled: metrics.k8s.io has no watch), for
// the container panel. Started a moment after the selection settles, so scrolling through a
// list does not open and close a watch per row.

const settleMs = 200;

export class SelectedPodWatchers {
	private key?: string;
	private timer?: NodeJS.Timeout;
	private events?: ListWatch<KubeEvent>;
	private metrics?: MetricsPoller;
	private unsubscribe?: () => void;

	constructor(
		private readonly store: Store<AppState, Action>,
		private readonly http: () => KubeHttp,
	) {}

	start(): void {
		this.unsubscribe = this.store.subscribe(() => this.check());
		this.check();
	}

	stop(): void {
		this.unsubscribe?.();
		this.close();
		if (this.timer) clearTimeout(this.timer);
	}

	private close(): void {
		this.events?.stop();
		this.metrics?.stop();
		this.events = undefined;
		this.metrics = undefined;
	}

	private check(): void {
		const state = this.store.getSnapshot();
		const pod = state.pods.find(item => podKey(item) === state.selectedKey);
		const key = pod ? podKey(pod) : undefined;
		if (key === this.key) return;
		this.key = key;
		this.close();
		if (this.timer) clearTimeout(this.timer);
		if (!pod || !key) return;
		this.timer = setTimeout(() => this.open(key, pod.metadata.namespace ?? 'default', pod.metadata.name, podEventSelector(pod)), settleMs);
	}

	private publish(key: string, change: (details: PodDetails) => PodDetails): void {
		if (this.key !== key) return;
		const current = this.store.getSnapshot().details;
		const base: PodDetails = current?.key === key ? current : {key, events: [], usage: emptyUsage()};
		this.store.dispatch({type: 'details', details: change(base)}, false);
	}

	private open(key: string, namespace: string, name: string, selector: string): void {
		if (this.key !== key) return;
		const http = this.http();
		this.events = new ListWatch<KubeEvent>(http, `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, {
			fieldSelector: selector,
			onChange: objects => this.publish(key, details => ({...details, events: [...objects.values()]})),
		}).start();
		this.metrics = pollPodMetrics(http, namespace, name, (result, at) =>
			this.publish(key, details => ({
				...details,
				usage: result.available ? addSample(details.usage, result.metrics, at) : markUnavailable(details.usage, result.reason),
			})),
		);
	}
}
