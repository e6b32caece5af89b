import type {ContainerRef} from '../../model/container-ref.js';
import type {ContainerStateTerminated, ContainerStatus, Pod} from '../../model/k8s.js';
import {type LogRecord, parseStamped, stampMs} from '../../model/logs/record.js';
import {ResumeCursor} from '../../model/logs/resume.js';
import {containerStatusOf, finishedForGood, idleText, restartMarker, servedContainerID, stillRunning, terminationOf} from '../../model/logs/target.js';
import {createLineDecoder} from '../../model/sanitize.js';
import {ByteLineScanner, type ByteLines} from './bytes.js';
import {PlainLineSplitter} from './bytes-plain.js';
import {KubeError, type KubeHttp} from '../http.js';
import {type LogParams, openLog} from './request.js';

// Follows one container's log across restarts, after stern's tail.go and target.go. The pod's
// status, pushed in from a watch through update(), says which instance the log endpoint
// serves; a new containerID means a restart (a marker line, then the new instance from its
// start), an ended stream of a still-running instance means a dropped connection (resume
// from the last second, skipping the lines already delivered). Bytes to a pipe from a log
// that reads the same every time (a request never resumed, or a container that finished for
// good) need no line-by-line bookkeeping: they are asked for as kubectl asks for them (no
// stamps unless --timestamps: a quarter fewer bytes) and passed on a chunk at a time. Should
// such a stream drop, the same log is asked for again with stamps, the bytes already
// delivered skipped. Nothing here polls: between
// streams the loop sleeps until the next pod update. Nothing is buffered either: each chunk's
// lines go to the sink, and a sink that returns a promise holds the reading (back-pressure).

export type LogStreamState =
	| {phase: 'starting'}
	| {phase: 'streaming'; containerID?: string}
	| {phase: 'idle'; text: string}
	| {phase: 'reconnecting'; text: string; retryAt: number}
	| {phase: 'error'; text: string; error: KubeError}
	| {phase: 'ended'; text: string};

export type LogStreamSink = {
	lines(records: LogRecord[]): void | Promise<void>;
	state?(state: LogStreamState): void;
	/**
	 * Bytes straight to a pipe: when set, log lines skip decoding and records and arrive here
	 * as the chunk's bytes (kubelet stamps cut unless `timestamps`, `prefix` before each line).
	 * Restart markers still go to lines().
	 */
	raw?: {timestamps: boolean; prefix?: string; write(bytes: Buffer): void | Promise<void>};
};

export type LogStreamOptions = {
	follow: boolean;
	previous?: boolean;
	tailLines?: number;
	sinceSeconds?: number;
	sinceTime?: string;
	limitBytes?: number;
	/** After a stream ends while the status still says running: wait this long for the status to catch up. */
	settleMs?: number;
	backoff?: {initialMs: number; maxMs: number};
	maxLineLength?: number;
};

/** Errors that retrying will not cure: a forbidden or invalid request. */
const fatal = (error: KubeError) => error.code >= 400 && error.code < 500 && error.code !== 429 && !/waiting to start/.test(error.message);

/** `received`: whether the response brought any bytes before it failed. */
type Outcome = {kind: 'eof'} | {kind: 'error'; error: KubeError; received?: boolean} | {kind: 'stopped'};

/** A request read a chunk at a time, as kubectl would ask for it, and the bytes of it received so far. */
type PlainRead = {params: LogParams; received: number; splitter: PlainLineSplitter};

/**
 * After a plain read dropped: the same log asked for again with stamps, the first `bytes` it
 * writes (what the plain read delivered) skipped. The lines skipped still pass the
 * resume cursor, so a drop during the catch-up resumes from their stamps (`seen`), not from
 * the start again, and a connection that can carry only part of the log still gets through.
 */
type CatchUp = {params: LogParams; bytes: number; seen: boolean};

export class ContainerLogStream {
	private pod?: Pod;
	private podKnown = false;
	private stopped = false;
	private controller?: AbortController;
	private dropping = false;
	private wake?: () => void;
	private readonly cursor = new ResumeCursor();
	private plain?: PlainRead;
	private catchUp?: CatchUp;
	/** The instance last streamed, and the one whose whole log has been delivered. */
	private streamedID?: string;
	private completedID?: string;
	private lastTermination?: ContainerStateTerminated;
	private lastMs = 0;
	private failures = 0;
	/** Whether the API ever answered a request with a log: until then a 4xx is final. */
	private answered = false;
	private current: LogStreamState = {phase: 'starting'};
	readonly stats = {requests: 0, resumes: 0, restarts: 0};

	constructor(
		private readonly http: KubeHttp,
		readonly ref: ContainerRef,
		private readonly options: LogStreamOptions,
		private readonly sink: LogStreamSink,
	) {}

	get state(): LogStreamState {
		return this.current;
	}

	/** The pod as the watch sees it now; undefined when it does not exist (or was deleted). */
	update(pod: Pod | undefined): void {
		this.pod = pod;
		this.podKnown = true;
		const status = pod ? containerStatusOf(pod, this.ref.container) : undefined;
		if (status?.state?.terminated) this.lastTermination = status.state.terminated;
		this.poke();
	}

	/** Runs until stopped, or, when not following, until the one request is done. */
	async run(): Promise<void> {
		if (!this.options.follow || this.options.previous) {
			await this.once();
			return;
		}
		await this.follow();
	}

	stop(): void {
		this.stopped = true;
		this.controller?.abort();
		this.poke();
	}

	/** Cut the current connection as a network failure would (tests, and "reconnect" in the UI). */
	drop(): void {
		if (!this.controller) return;
		this.dropping = true;
		this.controller.abort();
	}

	private setState(state: LogStreamState): void {
		this.current = state;
		this.sink.state?.(state);
	}

	private poke(): void {
		const wake = this.wake;
		this.wake = undefined;
		wake?.();
	}

	/** Until the next pod update (or stop), or `ms` at most. */
	private changed(ms?: number): Promise<void> {
		if (this.stopped) return Promise.resolve();
		return new Promise(resolve => {
			const timer = ms === undefined ? undefined : setTimeout(() => this.poke(), ms);
			this.wake = () => {
				if (timer) clearTimeout(timer);
				resolve();
			};
		});
	}

	private initialParams(): LogParams {
		const {tailLines, sinceSeconds, sinceTime, limitBytes, previous} = this.options;
		return {container: this.ref.container, tailLines, sinceSeconds, sinceTime, limitBytes, previous};
	}

	private async once(): Promise<void> {
		const params = {...this.initialParams(), follow: this.options.follow};
		// Never resumed: the stamps would only be cut again.
		const plain = this.sink.raw ? this.plainRead(params) : undefined;
		const outcome = await this.read(plain?.params ?? params, undefined, plain);
		if (outcome.kind === 'error') this.setState({phase: 'error', text: outcome.error.kubectlText, error: outcome.error});
		else this.setState({phase: 'ended', text: this.options.previous ? 'previous instance' : 'end of log'});
	}

	private async follow(): Promise<void> {
		while (!this.stopped) {
			if (!this.podKnown) {
				await this.changed();
				continue;
			}
			const pod = this.pod;
			if (!pod) {
				this.setState({phase: 'ended', text: this.streamedID ? 'pod deleted' : `pod ${this.ref.pod} not found`});
				return;
			}
			const status = containerStatusOf(pod, this.ref.container);
			const id = status ? servedContainerID(status) : undefined;
			if (!id || id === this.completedID) {
				if (id && finishedForGood(pod, status)) {
					this.setState({phase: 'ended', text: idleText(pod, status)});
					return;
				}
				this.setState({phase: 'idle', text: idleText(pod, status)});
				await this.changed();
				continue;
			}
			let params: LogParams = {container: this.ref.container, follow: true};
			let plain: PlainRead | undefined;
			if (id === this.streamedID) {
				this.stats.resumes++;
				// A plain request that brought nothing (refused, throttled) is simply made again.
				if (this.plain?.received === 0) {
					plain = this.plain;
					params = plain.params;
				} else {
					if (this.plain) {
						// The line in progress is dropped with the splitter: the catch-up reads it again.
						const delivered = this.plain.received - this.plain.splitter.pendingBytes;
						this.catchUp = {params: {...this.plain.params, timestamps: true}, bytes: delivered, seen: false};
						this.plain = undefined;
					}
					if (this.catchUp && !this.catchUp.seen) params = this.catchUp.params;
					else params.sinceTime = this.cursor.resume();
				}
			} else {
				this.catchUp = undefined;
				if (this.streamedID === undefined) Object.assign(params, this.initialParams());
				else {
					this.restarted(terminationOf(status, this.streamedID) ?? this.lastTermination);
					params.sinceTime = this.cursor.nextInstance();
				}
				plain = this.plain = this.unchanging(pod, status, params) ? this.plainRead(params) : undefined;
				if (plain) params = plain.params;
			}
			this.streamedID = id;
			const outcome = await this.read(params, id, plain ?? this.catchUp);
			// A 401 stays fatal after the stream answered: the credentials expired meanwhile, and
			// kube/http.ts has already tried fresh ones from a plugin. Retrying would only hammer.
			if (outcome.kind === 'error' && (!this.answered || outcome.error.code === 401) && fatal(outcome.error)) {
				this.setState({phase: 'error', text: outcome.error.kubectlText, error: outcome.error});
				return;
			}
			if (outcome.kind === 'stopped') return;
			if (outcome.kind === 'eof') {
				this.failures = 0;
				// The log of an instance ends with it; a status that still says it runs may only
				// lag behind the stream, or the connection dropped: give the watch a moment.
				if (stillRunning(this.currentStatus(), id)) await this.changed(this.options.settleMs ?? 1000);
				if (!stillRunning(this.currentStatus(), id)) this.completedID = id;
				continue;
			}
			// A stream that dropped after bringing lines made progress: back off from the start.
			if (outcome.received) this.failures = 0;
			if (outcome.error.code === 400 && /waiting to start/.test(outcome.error.message)) {
				// The status moved on between the update and the request: wait for the next one.
				await this.changed(this.options.settleMs ?? 1000);
				continue;
			}
			await this.retryLater(outcome.error);
		}
	}

	/**
	 * Whether the served instance's log reads the same on every request: it finished and will
	 * not be restarted (a running container's log grows and is rotated, and a restart would
	 * make the same request read the next instance), and the request has no window relative
	 * to now, nor a limit in bytes (a catch-up with stamps would end elsewhere). Only bytes to
	 * a pipe are read so: the screen's lines are records, with stamps to merge by.
	 */
	private unchanging(pod: Pod, status: ContainerStatus | undefined, params: LogParams): boolean {
		const raw = this.sink.raw;
		return raw !== undefined && params.sinceSeconds === undefined && params.limitBytes === undefined && finishedForGood(pod, status);
	}

	/** `params` as kubectl would send them: stamps only when they are printed. */
	private plainRead(params: LogParams): PlainRead {
		const splitter = new PlainLineSplitter({prefix: this.rawPrefix, maxLineLength: this.maxLineLength});
		return {params: {...params, timestamps: this.sink.raw?.timestamps === true}, received: 0, splitter};
	}

	private get rawPrefix(): Buffer | undefined {
		const prefix = this.sink.raw?.prefix;
		return prefix ? Buffer.from(prefix) : undefined;
	}

	private get maxLineLength(): number {
		return this.options.maxLineLength ?? 1024 * 1024;
	}

	private currentStatus() {
		return this.pod ? containerStatusOf(this.pod, this.ref.container) : undefined;
	}

	private restarted(termination: ContainerStateTerminated | undefined): void {
		this.stats.restarts++;
		const finished = termination?.finishedAt ? Date.parse(termination.finishedAt) : Number.NaN;
		// A marker sorts after every line of the instance it closes, even within its second.
		const ms = Math.max(this.lastMs, Number.isNaN(finished) ? 0 : finished);
		void this.sink.lines([{text: restartMarker(termination), stamp: '', ms, marker: true}]);
	}

	private async retryLater(error: KubeError): Promise<void> {
		this.failures++;
		const {initialMs, maxMs} = this.options.backoff ?? {initialMs: 500, maxMs: 10_000};
		const waitMs = Math.min(maxMs, initialMs * 2 ** (this.failures - 1));
		this.setState({phase: 'reconnecting', text: error.kubectlText, retryAt: Date.now() + waitMs});
		const deadline = Date.now() + waitMs;
		while (!this.stopped && Date.now() < deadline) await this.changed(deadline - Date.now());
	}

	/** One request, read to its end; every line passes the resume cursor, or (plain) only its bytes are counted. */
	private async read(params: LogParams, containerID?: string, mode?: PlainRead | CatchUp): Promise<Outcome> {
		const plain = mode && 'splitter' in mode ? mode : undefined;
		const catchUp = mode && 'seen' in mode ? mode : undefined;
		const controller = new AbortController();
		this.controller = controller;
		this.dropping = false;
		this.stats.requests++;
		const decoder = createLineDecoder({maxLineLength: this.options.maxLineLength});
		let stamp = '';
		const deliver = (lines: string[]): void | Promise<void> => {
			if (lines.length === 0) return;
			const records: LogRecord[] = [];
			for (const line of lines) {
				const record = parseStamped(line, stamp);
				stamp = record.stamp;
				if (record.stamp && this.cursor.seen(record.stamp)) continue;
				records.push(record);
			}
			if (records.length === 0) return;
			this.lastMs = records[records.length - 1]!.ms;
			return this.sink.lines(records);
		};
		const raw = this.sink.raw;
		const scanner =
			raw && !plain
				? new ByteLineScanner(this.cursor, {timestamps: raw.timestamps, prefix: this.rawPrefix, maxLineLength: this.maxLineLength, skipBytes: catchUp?.bytes})
				: undefined;
		// Synchronous unless stdout is full: a promise per chunk would pause the socket each time.
		const writeOut = (output: Buffer[]): void | Promise<void> => {
			for (let index = 0; index < output.length; index++) {
				const waiting = raw!.write(output[index]!);
				if (waiting) return index + 1 < output.length ? waiting.then(() => writeAll(output.slice(index + 1))) : waiting;
			}
		};
		const deliverBytes = (result: ByteLines): void | Promise<void> => {
			if (catchUp) {
				catchUp.bytes = scanner!.unskipped;
				if (result.lines + result.skipped > 0) catchUp.seen = true;
			}
			if (result.lastStamp) {
				const ms = stampMs(result.lastStamp);
				if (!Number.isNaN(ms)) this.lastMs = ms;
			}
			return writeOut(result.output);
		};
		const deliverPlain = (bytes: Buffer): void | Promise<void> => {
			plain!.received += bytes.length;
			return writeOut(plain!.splitter.push(bytes));
		};
		const writeAll = async (buffers: Buffer[]) => {
			for (const bytes of buffers) await raw!.write(bytes);
		};
		let received = false;
		try {
			const body = await openLog(this.http, this.ref.namespace, this.ref.pod, params, controller.signal);
			this.answered = true;
			this.setState({phase: 'streaming', containerID});
			await consume(body, chunk => {
				if (this.stopped) return false;
				received = true;
				if (!raw) return deliver(decoder.push(chunk));
				const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
				return plain ? deliverPlain(bytes) : deliverBytes(scanner!.push(bytes));
			});
			if (plain) await writeOut(plain.splitter.flush());
			else if (scanner) await deliverBytes(scanner.flush());
			else await deliver(decoder.flush());
			return this.stopped ? {kind: 'stopped'} : {kind: 'eof'};
		} catch (error) {
			if (this.stopped) return {kind: 'stopped'};
			// A line cut in the middle by a drop is re-read whole on resume: drop the fragment.
			if (error instanceof KubeError && !this.dropping) return {kind: 'error', error, received};
			const message = this.dropping ? 'connection dropped' : `log stream broken: ${(error as Error)?.message ?? String(error)}`;
			return {kind: 'error', error: new KubeError(message, 0, 'StreamError'), received};
		} finally {
			if (this.controller === controller) this.controller = undefined;
		}
	}
}

/**
 * Read a body chunk by chunk. A Node stream is read with 'data' events, handled synchronously
 * unless the handler returns a promise (back-pressure: the stream pauses until it settles):
 * an async iterator costs a promise per chunk, which showed in a log flood. The handler
 * returns false to stop reading.
 */
async function consume(body: AsyncIterable<Uint8Array>, handle: (chunk: Uint8Array) => void | false | Promise<void>): Promise<void> {
	const stream = body as Partial<NodeJS.ReadableStream> & AsyncIterable<Uint8Array>;
	if (typeof stream.on !== 'function' || typeof stream.pause !== 'function') {
		for await (const chunk of body) {
			const result = handle(chunk);
			if (result === false) return;
			if (result) await result;
		}
		return;
	}
	const readable = stream as NodeJS.ReadableStream & {destroy?(): void};
	await new Promise<void>((resolve, reject) => {
		let done = false;
		const finish = (error?: unknown) => {
			if (done) return;
			done = true;
			readable.off('data', onData);
			readable.off('end', onEnd);
			readable.off('error', onError);
			readable.off('close', onClose);
			if (error) reject(error);
			else resolve();
		};
		const onData = (chunk: Uint8Array) => {
			let result: void | false | Promise<void>;
			try {
				result = handle(chunk);
			} catch (error) {
				finish(error);
				return;
			}
			if (result === false) {
				readable.destroy?.();
				finish();
			} else if (result) {
				readable.pause();
				result.then(() => readable.resume(), finish);
			}
		};
		const onEnd = () => finish();
		const onError = (error: unknown) => finish(error);
		// A socket destroyed mid-stream closes without 'end': that is a broken stream.
		const onClose = () => finish(new Error('aborted'));
		readable.on('data', onData);
		readable.on('end', onEnd);
		readable.on('error', onError);
		readable.on('close', onClose);
	});
}
