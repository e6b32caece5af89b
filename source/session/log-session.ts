import type {KubeHttp} from '../kube/http.js';
import {LogFollower} from '../kube/logs/follow.js';
import {ContainerLogStream, type LogStreamState} from '../kube/logs/stream.js';
import type {LogScreenModel} from '../model/logs/screen.js';
import type {SourcePhase} from '../model/logs/source.js';
import {saveLog} from './save-log.js';
import {trace, traceHash, tracing} from './trace.js';

// The logs screen's link to the cluster: a follower per pod shown (one pod watch each, however
// many of its containers are on screen), every stream feeding its source in the model, and
// the previous-instance requests the `p` key asks for. The screen calls these intents only;
// the model lives as long as the session: `close` ends both.

export type LogSessionOptions = {tailLines?: number; sinceSeconds?: number};

const phaseOf: Record<LogStreamState['phase'], SourcePhase> = {
	starting: 'starting',
	streaming: 'streaming',
	idle: 'idle',
	reconnecting: 'reconnecting',
	error: 'error',
	ended: 'ended',
};

function statusText(state: LogStreamState): string {
	switch (state.phase) {
		case 'starting':
			return 'starting';
		case 'streaming':
			return 'following';
		case 'reconnecting':
			return `reconnecting: ${state.text}`;
		default:
			return state.text;
	}
}

/** Something that lives as long as the session's streams (the rollout follower). */
export type SessionPart = {start(): void; stop(): void};

export class LogSession {
	/** One follower per pod, by "namespace/pod". */
	private followers = new Map<string, LogFollower>();
	private parts: SessionPart[] = [];
	private previousStreams = new Map<number, ContainerLogStream>();

	private readonly options: LogSessionOptions;

	constructor(
		private readonly http: KubeHttp,
		readonly model: LogScreenModel,
		options: LogSessionOptions = {},
	) {
		this.options = {tailLines: 200, ...options};
		this.initialTail = this.options.tailLines ?? 200;
	}

	private readonly initialTail: number;

	start(): this {
		this.startStreams();
		for (const part of this.parts) part.start();
		return this;
	}

	/** Run `part` with the streams: started with them, stopped with them. */
	attach(part: SessionPart): void {
		this.parts.push(part);
	}

	private startStreams(): void {
		const byPod = new Map<string, number[]>();
		this.model.sources.forEach((source, index) => {
			// A gone pod's lines stay on screen; its streams do not start again.
			if (source.gone) return;
			const key = `${source.ref.namespace}/${source.ref.pod}`;
			byPod.set(key, [...(byPod.get(key) ?? []), index]);
		});
		for (const indexes of byPod.values()) this.followPod(indexes);
	}

	/** A pod that came after the screen opened: panes for these containers, and their streams. */
	addPod(namespace: string, pod: string, containers: string[]): void {
		if (this.followers.has(`${namespace}/${pod}`)) return;
		this.followPod(containers.map(container => this.model.addSource({namespace, pod, container})));
	}

	/** A pod was deleted: its streams stop and its panes close with a marker line. */
	podGone(namespace: string, pod: string): void {
		this.followers.get(`${namespace}/${pod}`)?.stop();
		this.followers.delete(`${namespace}/${pod}`);
		this.model.endPod(namespace, pod, `── pod ${pod} gone ──`, Date.now());
	}

	private followPod(indexes: number[]): void {
		if (indexes.length === 0) return;
		const {namespace, pod} = this.model.sources[indexes[0]!]!.ref;
		const indexOf = new Map(indexes.map(index => [this.model.sources[index]!.ref.container, index]));
		const follower = new LogFollower(
			this.http,
			{namespace, pod, containersOf: () => [], fixed: indexes.map(index => this.model.sources[index]!.ref.container)},
			{
				stream: {follow: true, tailLines: this.options.tailLines, sinceSeconds: this.options.sinceSeconds},
				sinkFor: ref => {
					const index = indexOf.get(ref.container)!;
					return {
						lines: records => this.model.append(index, records),
						state: state => this.model.setStatus(index, phaseOf[state.phase], statusText(state)),
					};
				},
			},
		);
		this.followers.set(`${namespace}/${pod}`, follower.start());
	}

	/** Start every stream over from a new --since window (the screen has cleared its panes). */
	restartSince(seconds: number | undefined): void {
		for (const follower of this.followers.values()) follower.stop();
		this.followers.clear();
		// A window chosen on screen means everything in it (the buffer bounds it); none: the tail.
		this.options.sinceSeconds = seconds;
		this.options.tailLines = seconds === undefined ? this.initialTail : undefined;
		this.startStreams();
	}

	/** Show (or stop showing) the previous instance of these sources; it is fetched afresh each time. */
	previous(indexes: number[], on: boolean): void {
		for (const index of indexes) {
			this.previousStreams.get(index)?.stop();
			this.previousStreams.delete(index);
			const source = this.model.sources[index]!;
			source.previous = undefined;
			if (!on) continue;
			const stream = new ContainerLogStream(
				this.http,
				source.ref,
				{follow: false, previous: true},
				{
					lines: records => this.model.append(index, records, true),
					state: state => {
						if (state.phase === 'error') this.model.say(`${source.label}: ${state.text}`, true);
					},
				},
			);
			this.previousStreams.set(index, stream);
			void stream.run();
		}
	}

	stop(): void {
		for (const part of this.parts) part.stop();
		for (const follower of this.followers.values()) follower.stop();
		for (const stream of this.previousStreams.values()) stream.stop();
	}

	/** Stop the streams and let go of the model (the screen is gone); traced for the benchmarks. */
	close(): void {
		this.stop();
		if (tracing) {
			for (const source of this.model.sources) {
				const last = source.live.get(source.live.length - 1);
				// Hashes, never the lines: a trace file must not hold what containers wrote. The
				// benchmark, which wrote the lines, finds them by hash.
				trace('log-pane', {
					container: source.ref.container,
					pushed: source.live.totalPushed,
					kept: source.live.length,
					restarts: source.restarts,
					firstHash: traceHash(source.firstText),
					lastHash: traceHash(last?.text),
				});
			}
		}
		this.model.dispose();
	}

	/** The focused pane's buffer to a new file named as typed (see save-log.ts); throws when it cannot be written. */
	save(typed: string): {file: string; lines: number} {
		const {text, lines} = this.model.saveText();
		return {file: saveLog(typed, text), lines};
	}
}
