import type {ContainerRef} from '../model/app-state.js';
import type {LogsRequest} from '../model/logs/args.js';
import type {KubeHttp} from '../kube/http.js';
import {LogFollower} from '../kube/logs/follow.js';
import type {ContainerLogStream, LogStreamOptions, LogStreamSink} from '../kube/logs/stream.js';
import type {Output} from './logs-output.js';
import type {LogsTarget} from './logs-target.js';

// `podscope logs -f`: every container at once, through restarts, and a selector's new pods
// as they come, until the streams end, stdout closes, or a signal.

export type FollowOptions = {
	stream: LogStreamOptions;
	sinkFor(ref: ContainerRef): LogStreamSink;
	output: Output;
	/** Called for each stream once following is over, ended or not. */
	finish(stream: ContainerLogStream): void;
};

export async function followLogs(http: KubeHttp, namespace: string, request: LogsRequest, target: LogsTarget, options: FollowOptions): Promise<void> {
	const {pod: podName, selector} = request;
	const {pods, containersOf} = target;
	const streams: ContainerLogStream[] = [];
	let ended = 0;
	let settled = () => {};
	const done = new Promise<void>(resolve => (settled = resolve));
	const follower = new LogFollower(
		http,
		{
			namespace,
			pod: podName,
			labelSelector: selector,
			containersOf,
			fixed: podName ? containersOf(pods[0]!) : undefined,
			fetched: podName ? pods[0] : undefined,
		},
		{
			stream: options.stream,
			sinkFor: options.sinkFor,
			onStream(stream, running) {
				streams.push(stream);
				// A named pod's follow ends when all its streams have; a selector's never does.
				void running.then(() => {
					ended++;
					if (podName && ended === streams.length) settled();
				});
			},
		},
	);
	options.output.whenClosed(settled);
	const stop = () => settled();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	follower.start();
	await done;
	process.off('SIGINT', stop);
	process.off('SIGTERM', stop);
	follower.stop();
	for (const stream of streams) options.finish(stream);
}
