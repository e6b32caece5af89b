import type {ContainerRef} from '../../model/container-ref.js';
import type {Pod} from '../../model/k8s.js';
import type {KubeHttp} from '../http.js';
import {ListWatch} from '../list-watch.js';
import {ContainerLogStream, type LogStreamOptions, type LogStreamSink} from './stream.js';

// Which containers to follow, driven by one pod watch: a named pod (field selector) or a
// label selector, so pods that appear later are followed too and there is no cap on how many
// streams run. Every pod update reaches the streams of that pod, which is all they need to
// notice restarts, waiting states and deletion.

export type FollowTarget = {
	namespace: string;
	/** One pod by name, or every pod matching `labelSelector`. */
	pod?: string;
	labelSelector?: string;
	/** The containers of a pod to follow, in display order. */
	containersOf(pod: Pod): string[];
	/** Containers of the named pod whose streams exist from the start, pod or no pod. */
	fixed?: string[];
	/**
	 * The named pod as just fetched: its streams start from it at once, on the connection that
	 * fetched it, instead of after the watch's first list (a round trip and a TLS handshake).
	 */
	fetched?: Pod;
};

export type LogFollowerOptions = {
	stream: LogStreamOptions;
	/** A sink per stream; called once, when the stream is created. */
	sinkFor(ref: ContainerRef): LogStreamSink;
	/** A stream was created and started; `running` settles when it ends. */
	onStream?(stream: ContainerLogStream, running: Promise<void>): void;
	onPodsMissing?(): void;
};

export class LogFollower {
	readonly streams = new Map<string, ContainerLogStream>();
	private informer?: ListWatch<Pod>;
	private listed = false;
	private stopped = false;

	constructor(
		private readonly http: KubeHttp,
		private readonly target: FollowTarget,
		private readonly options: LogFollowerOptions,
	) {}

	start(): this {
		const {namespace, pod, labelSelector} = this.target;
		this.informer = new ListWatch<Pod>(this.http, `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {
			fieldSelector: pod ? `metadata.name=${pod}` : undefined,
			labelSelector,
			onChange: objects => this.route(objects),
		});
		if (pod) for (const container of this.target.fixed ?? []) this.add({namespace, pod, container});
		const fetched = this.target.fetched;
		if (fetched) {
			for (const stream of this.streams.values()) stream.update(fetched);
			// The streams' requests first, on the connection that fetched the pod; the watch
			// after them, so that it is the one to open a second connection.
			const informer = this.informer;
			setImmediate(() => {
				if (!this.stopped) informer.start();
			});
		} else this.informer.start();
		return this;
	}

	stop(): void {
		this.stopped = true;
		this.informer?.stop();
		for (const stream of this.streams.values()) stream.stop();
	}

	private route(objects: ReadonlyMap<string, Pod>): void {
		if (!this.listed && objects.size === 0) this.options.onPodsMissing?.();
		this.listed = true;
		for (const pod of objects.values()) {
			for (const container of this.target.containersOf(pod)) {
				this.add({namespace: pod.metadata.namespace ?? this.target.namespace, pod: pod.metadata.name, container});
			}
		}
		for (const stream of this.streams.values()) stream.update(objects.get(`${stream.ref.namespace}/${stream.ref.pod}`));
	}

	private add(ref: ContainerRef): void {
		const key = `${ref.namespace}/${ref.pod}/${ref.container}`;
		if (this.streams.has(key)) return;
		const stream = new ContainerLogStream(this.http, ref, this.options.stream, this.options.sinkFor(ref));
		this.streams.set(key, stream);
		const running = stream.run();
		this.options.onStream?.(stream, running);
	}
}
