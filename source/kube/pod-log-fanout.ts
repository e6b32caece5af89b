import type {ContainerRef} from '../model/container-ref.js';
import type {Pod} from '../model/k8s.js';
import type {KubeHttp} from './http.js';
import {ListWatch} from './list-watch.js';
import {ContainerLogStream, type LogStreamOptions, type LogStreamSink} from './logs/stream.js';

// Following many pods at once, as stern does (stern/stern.go, stern/watch.go): one pod watch
// over a namespace or every namespace, narrowed by a label selector and a test on each pod
// (a name regex); a container stream for each pod and container that match, created as the
// pod appears, ended as it goes. Streams are keyed by the pod's uid, so a StatefulSet pod
// deleted and made again under the same name is a new pod with streams of its own. A
// stream that ends (its pod deleted, its container finished for good) drains its log first,
// so its last lines come before the news that it left.

export type FanoutTarget = {
	/** undefined: every namespace (-A). */
	namespace?: string;
	labelSelector?: string;
	/** Whether a pod the watch lists is one to follow (a pod-name regex); every pod when absent. */
	podMatches?(pod: Pod): boolean;
	/** The containers of a pod to follow, in display order. */
	containersOf(pod: Pod): string[];
};

export type FanoutOptions = {
	stream: LogStreamOptions;
	sinkFor(ref: ContainerRef): LogStreamSink;
	/** A stream started: stern's `+ pod › container`. */
	onJoin?(ref: ContainerRef): void;
	/** A stream ended: stern's `- pod › container`. */
	onLeave?(ref: ContainerRef, stream: ContainerLogStream): void;
	/**
	 * `--max-log-requests`: the most streams at once. When the first listing already needs
	 * more, `onTooMany` is called with how many and nothing is followed; a stream that would
	 * pass it later is not started and `onRefused` says so.
	 */
	maxStreams?: number;
	onTooMany?(count: number): void;
	onRefused?(ref: ContainerRef): void;
};

type Entry = {stream: ContainerLogStream; uid: string; ended: boolean};

const podKeyOf = (pod: Pod) => `${pod.metadata.namespace ?? ''}/${pod.metadata.name}`;
const byKey = (a: Pod, b: Pod) => (podKeyOf(a) < podKeyOf(b) ? -1 : podKeyOf(a) > podKeyOf(b) ? 1 : 0);

export class PodLogFanout {
	readonly streams = new Map<string, Entry>();
	private readonly refused = new Set<string>();
	private informer?: ListWatch<Pod>;
	private listed = false;
	private stopped = false;

	constructor(
		private readonly http: KubeHttp,
		private readonly target: FanoutTarget,
		private readonly options: FanoutOptions,
	) {}

	start(): this {
		const {namespace, labelSelector} = this.target;
		const path = namespace === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`;
		this.informer = new ListWatch<Pod>(this.http, path, {labelSelector: labelSelector || undefined, onChange: objects => this.route(objects)});
		this.informer.start();
		return this;
	}

	stop(): void {
		this.stopped = true;
		this.informer?.stop();
		for (const entry of this.streams.values()) entry.stream.stop();
	}

	/** How many streams are running now. */
	get running(): number {
		let count = 0;
		for (const entry of this.streams.values()) if (!entry.ended) count++;
		return count;
	}

	private route(objects: ReadonlyMap<string, Pod>): void {
		if (this.stopped) return;
		const pods = [...objects.values()].filter(pod => this.target.podMatches?.(pod) ?? true).sort(byKey);
		const wanted = pods.flatMap(pod => this.target.containersOf(pod).map(container => ({pod, container})));
		if (!this.listed) {
			this.listed = true;
			const {maxStreams} = this.options;
			// kubectl checks only when there is more than one stream (logs.go, RunLogsContext).
			if (maxStreams !== undefined && wanted.length > 1 && wanted.length > maxStreams) {
				this.stop();
				this.options.onTooMany?.(wanted.length);
				return;
			}
		}
		for (const {pod, container} of wanted) this.add(pod, container);
		const current = new Map(pods.map(pod => [podKeyOf(pod), pod]));
		for (const entry of this.streams.values()) {
			const pod = current.get(`${entry.stream.ref.namespace}/${entry.stream.ref.pod}`);
			entry.stream.update(pod?.metadata.uid === entry.uid ? pod : undefined);
		}
		// Streams whose pod is gone and who said so: forget them (a long follow of a busy
		// namespace would otherwise keep every pod it ever saw).
		for (const [key, entry] of this.streams) {
			const pod = current.get(`${entry.stream.ref.namespace}/${entry.stream.ref.pod}`);
			if (entry.ended && pod?.metadata.uid !== entry.uid) this.streams.delete(key);
		}
	}

	private add(pod: Pod, container: string): void {
		const uid = pod.metadata.uid ?? podKeyOf(pod);
		const key = `${uid}/${container}`;
		if (this.streams.has(key) || this.refused.has(key)) return;
		const ref: ContainerRef = {namespace: pod.metadata.namespace ?? this.target.namespace ?? '', pod: pod.metadata.name, container};
		const {maxStreams} = this.options;
		if (maxStreams !== undefined && this.running >= maxStreams) {
			this.refused.add(key);
			this.options.onRefused?.(ref);
			return;
		}
		const stream = new ContainerLogStream(this.http, ref, this.options.stream, this.options.sinkFor(ref));
		const entry: Entry = {stream, uid, ended: false};
		this.streams.set(key, entry);
		this.options.onJoin?.(ref);
		stream.update(pod);
		void stream.run().then(() => {
			entry.ended = true;
			if (!this.stopped) this.options.onLeave?.(ref, stream);
		});
	}
}
