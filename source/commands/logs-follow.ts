import type {ContainerRef} from '../model/app-state.js';
import type {KubeHttp} from '../kube/http.js';
import {LogFollower} from '../kube/logs/follow.js';
import type {ContainerLogStream, LogStreamOptions, LogStreamSink} from '../kube/logs/stream.js';
import {type FanoutTarget, PodLogFanout} from '../kube/pod-log-fanout.js';
import type {Output} from './logs-output.js';
import type {ContainersOf} from './logs-containers.js';
import type {Pod} from '../model/k8s.js';

// `podscope logs -f`: every container at once, through restarts, until the streams end,
// stdout closes, or a signal. One pod is followed by name; many (a selector, a pod regex, a
// workload's --all-pods) through a pod watch, pods joining and leaving with a line on stderr.

export type FollowOptions = {
	stream: LogStreamOptions;
	sinkFor(ref: ContainerRef): LogStreamSink;
	output: Output;
	/** Called for each stream once following is over, ended or not. */
	finish(stream: ContainerLogStream): void;
	stderr(text: string): void;
};

const signals = {SIGINT: 130, SIGTERM: 143, SIGHUP: 129} as const;
let signalled: number | undefined;

/** The exit status a signal that ended the follow asks for (128 + its number), as a shell reports it. */
export const signalExit = () => signalled;

/** Until stdout closes, a signal comes, or `ended` is called. */
async function until(output: Output, body: (ended: () => void) => () => void): Promise<void> {
	let settled = () => {};
	const done = new Promise<void>(resolve => (settled = resolve));
	const stop = body(() => settled());
	output.whenClosed(settled);
	const handlers = Object.entries(signals).map(([signal, code]) => {
		const handler = () => {
			signalled = code;
			settled();
		};
		process.once(signal, handler);
		return [signal, handler] as const;
	});
	await done;
	for (const [signal, handler] of handlers) process.off(signal, handler);
	stop();
}

/** One pod's containers, by name, through restarts; over when all its streams are. */
export async function followPod(http: KubeHttp, namespace: string, pod: Pod, containersOf: ContainersOf, options: FollowOptions): Promise<void> {
	const streams: ContainerLogStream[] = [];
	const fixed = containersOf(pod);
	let ended = 0;
	await until(options.output, settle => {
		const follower = new LogFollower(
			http,
			{namespace, pod: pod.metadata.name, containersOf, fixed, fetched: pod},
			{
				stream: options.stream,
				sinkFor: options.sinkFor,
				onStream(stream, running) {
					streams.push(stream);
					void running.then(() => {
						ended++;
						if (ended === streams.length) settle();
					});
				},
			},
		);
		follower.start();
		if (fixed.length === 0) settle();
		return () => follower.stop();
	});
	for (const stream of streams) options.finish(stream);
}

export type ManyOptions = FollowOptions & {
	/** Prefix markers with the namespace (-A), as stern does. */
	namespaced: boolean;
	maxStreams?: number;
};

/** stern's markers: `+ pod › container` when a stream starts, `- pod › container` when it ends. */
const marker = (sign: string, ref: ContainerRef, namespaced: boolean) => `${sign} ${namespaced ? `${ref.namespace} ` : ''}${ref.pod} › ${ref.container}\n`;

/**
 * Every pod the watch finds, now and later; never over by itself. Returns kubectl's
 * --max-log-requests error text when the first listing needs more streams than allowed.
 */
export async function followMany(http: KubeHttp, target: FanoutTarget, options: ManyOptions): Promise<string | undefined> {
	let tooMany: string | undefined;
	const {maxStreams, namespaced, stderr} = options;
	let fanout: PodLogFanout | undefined;
	await until(options.output, settle => {
		fanout = new PodLogFanout(http, target, {
			stream: options.stream,
			sinkFor: options.sinkFor,
			maxStreams,
			onJoin: ref => stderr(marker('+', ref, namespaced)),
			onLeave: ref => stderr(marker('-', ref, namespaced)),
			onTooMany(count) {
				// k8s.io/kubectl/pkg/cmd/logs/logs.go, RunLogsContext
				tooMany = `error: you are attempting to follow ${count} log streams, but maximum allowed concurrency is ${maxStreams}, use --max-log-requests to increase the limit`;
				settle();
			},
			onRefused: ref =>
				stderr(`! ${namespaced ? `${ref.namespace} ` : ''}${ref.pod} › ${ref.container}: not followed, ${maxStreams} streams already (--max-log-requests)\n`),
		}).start();
		return () => fanout?.stop();
	});
	for (const entry of fanout?.streams.values() ?? []) options.finish(entry.stream);
	return tooMany;
}
