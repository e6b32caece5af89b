import type {ContainerRef} from '../../model/container-ref.js';
import type {ContainerStateTerminated, ContainerStatus, Pod} from '../../model/k8s.js';
import {type LogRecord, parseStamped, stampMs} from '../../model/logs/record.js';
import {compareStamps, ResumeCursor} from '../../model/logs/resume.js';
import type {TailVerdict} from '../../model/logs/tail-search.js';
import {containerStatusOf, finishedForGood, idleText, restartMarker, servedContainerID, stillRunning, terminationOf} from '../../model/logs/target.js';
import {createLineDecoder} from '../../model/sanitize.js';
import {ByteLineScanner, type ByteLines} from './bytes.js';
import {PlainLineSplitter} from './bytes-plain.js';
import {KubeError, type KubeHttp} from '../http.js';
import {consume} from './consume.js';
import {type LogParams, openLog} from './request.js';
import {defaultStallWatch, StallWatch, type StallWatchOptions} from './stall-watch.js';
import {newestStamp} from './tail-probe.js';
import {TailResume} from './tail-resume.js';

// Follows one container's log across restarts, after stern's tail.go and target.go. The pod's
// status, pushed in from a watch through update(), says which instance the log endpoint
// serves; a new containerID means a restart (a marker line, then the new instance from its
// start), an ended stream of a still-running instance means a dropped connection (resume
// from the last second, skipping the lines already delivered). Bytes to a pipe from a log
// that reads the same every time (a request never resumed, or a container that finished for
// good) need no line-by-line bookkeeping: they are asked for as kubectl asks for them (no
// stamps unless --timestamps: a quarter fewer bytes) and passed on a chunk at a time. Should
// such a stream drop, the same log is asked for again with stamps, the bytes already
// delivered skipped. Nothing here polls: between streams the loop sleeps until the next pod
// update. Nothing is buffered either: each chunk's lines go to the sink, and a sink that
// returns a promise holds the reading (back-pressure). A follow gone silent is checked for a
// stall (stall-watch.ts).

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
	/** How a silent follow is checked for a stall (stall-watch.ts); false: never. */
	stallWatch?: StallWatchOptions | false;
};

/** Errors that retrying will not cure: a forbidden or invalid request. */
const fatal = (error: KubeError) => error.code >= 400 && error.code < 500 && error.code !== 429 && !/waiting to start/.test(error.message);

/** `received`: whether the response brought any bytes before it failed; `delivered`: how many new lines. */
type Outcome =
	| {kind: 'eof'}
	| {kind: 'error'; error: KubeError; received?: boolean; delivered: number}
	| {kind: 'stopped'}
	/** A read by tailLines stopped at its first line, which showed its count far off (tail-search.ts). */
	| TailVerdict;

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
	/** The stamp of the last line delivered (full precision). */
	private lastStamp?: string;
	/** Set when the stall watch found the follow stuck: resume after this stamp. */
	private stallAfter?: string;
	/** Resuming by tailLines when resumes by time get stuck inside a second (tail-resume.ts). */
	private readonly tail: TailResume;
	/** The second noteProgress resumed at: lines before it were given up, not missed. */
	private givenUpBefore?: string;
	readonly stats = {requests: 0, resumes: 0, restarts: 0, stalls: 0, secondsGivenUp: 0, lines: 0};

	constructor(
		private readonly http: KubeHttp,
		readonly ref: ContainerRef,
		private readonly options: LogStreamOptions,
		private readonly sink: LogStreamSink,
	) {
		this.tail = new TailResume(http, ref, this.cursor);
	}

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
					else if (this.stallAfter !== undefined) params.sinceTime = this.cursor.resumeAfter(this.stallAfter);
					else if (this.tail.active && this.lastStamp !== undefined) {
						// A finished container's log no longer grows while the search goes on.
						params.tailLines = this.tail.request(this.lastStamp, stillRunning(status, id));
					} else params.sinceTime = this.cursor.resume();
					this.stallAfter = undefined;
				}
			} else {
				this.catchUp = undefined;
				this.tail.reset();
				if (this.streamedID === undefined) Object.assign(params, this.initialParams());
				else {
					this.restarted(terminationOf(status, this.streamedID) ?? this.lastTermination);
					params.sinceTime = this.cursor.nextInstance();
				}
				plain = this.plain = this.unchanging(pod, status, params) ? this.plainRead(params) : undefined;
				if (plain) params = plain.params;
			}
			const resumedByTime = id === this.streamedID && !plain && !(this.catchUp && !this.catchUp.seen);
			this.streamedID = id;
			const byTail = resumedByTime && params.tailLines !== undefined;
			const deliveredBefore = this.stats.lines;
			const outcome = await this.read(params, id, plain ?? this.catchUp);
			if (byTail) this.settleTail(outcome, deliveredBefore, stillRunning(this.currentStatus(), id));
			else if (outcome.kind !== 'error' || !resumedByTime) this.tail.reset();
			// The tail began far from the last line delivered: ask again at once, corrected.
			if (outcome.kind === 'late' || outcome.kind === 'early') continue;
			// The follow had stalled: resume at once, after its last line.
			if (outcome.kind === 'error' && this.stallAfter !== undefined) continue;
			if (outcome.kind === 'error' && resumedByTime && !byTail) await this.tail.cutByTime(outcome.received === true, outcome.delivered, this.lastStamp);
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
				if (!stillRunning(this.currentStatus(), id)) {
					// A follow stuck on a rotated file ends with the container, without the newer
					// file's lines: fetch those before calling the instance complete.
					if (this.options.stallWatch !== false && (await this.behindLog())) {
						this.stats.stalls++;
						this.stallAfter = this.lastStamp;
						continue;
					}
					this.completedID = id;
				}
				continue;
			}
			// A stream that dropped after bringing new lines made progress: the server works, so
			// resume at once (a log faster than the connections carry would otherwise fall
			// behind until its lines are rotated away), and back off from the start next time.
			// So does a step of a tail search, which is bounded (tail-search.ts).
			if (outcome.received) this.failures = 0;
			if (outcome.delivered > 0 || (byTail && outcome.received)) continue;
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

	/** After a read by tailLines: narrow the search, or (it failed for good) give the second up. */
	private settleTail(outcome: Outcome, before: number, growing: boolean): void {
		const read =
			outcome.kind === 'eof' || outcome.kind === 'stopped'
				? ({kind: 'ended'} as const)
				: outcome.kind === 'error'
					? ({kind: 'cut', received: outcome.received === true, delivered: outcome.delivered} as const)
					: ({kind: 'verdict', verdict: outcome} as const);
		const next = this.tail.settle(read, before, growing);
		if (next === 'go') return;
		if (next === 'failed' || outcome.kind !== 'late' || this.lastStamp === undefined) {
			this.giveUpSecond();
			return;
		}
		// The file begins after the last line delivered: what was between was rotated away. Read
		// the file from its start (a resume after the last stamp), and say where lines are missing.
		this.stallAfter = this.lastStamp;
		const text = `── lines after ${this.lastStamp.slice(11, 23)} lost: the container's log file was rotated before they were read ──`;
		void this.sink.lines([{text, stamp: '', ms: this.lastMs, marker: true}]);
	}

	/**
	 * The last resort when no tail reaches the lines after the last one delivered (they were
	 * rotated out of the current file, or no connection carries even the overlap): resume at
	 * the next second, and say where the lines would have been.
	 */
	private giveUpSecond(): void {
		const gap = this.cursor.skipToNextSecond();
		if (!gap) return;
		this.stats.secondsGivenUp++;
		this.givenUpBefore = gap.next;
		const at = gap.second.slice(11, 19);
		const text = `── lines of ${at} after its first ${gap.delivered} lost: no read reached them before its connection was cut; resuming at the next second ──`;
		void this.sink.lines([{text, stamp: '', ms: this.lastMs, marker: true}]);
	}

	private async retryLater(error: KubeError): Promise<void> {
		this.failures++;
		const {initialMs, maxMs} = this.options.backoff ?? {initialMs: 500, maxMs: 10_000};
		const waitMs = Math.min(maxMs, initialMs * 2 ** (this.failures - 1));
		this.setState({phase: 'reconnecting', text: error.kubectlText, retryAt: Date.now() + waitMs});
		const deadline = Date.now() + waitMs;
		while (!this.stopped && Date.now() < deadline) await this.changed(deadline - Date.now());
	}

	/** Whether the log holds a line newer than the last one delivered (or given up, noteProgress). */
	private async behindLog(): Promise<boolean> {
		const delivered = this.lastStamp;
		if (delivered === undefined) return false;
		const newest = await newestStamp(this.http, this.ref).catch(() => undefined);
		if (newest === undefined || compareStamps(newest, delivered) <= 0) return false;
		return this.givenUpBefore === undefined || compareStamps(newest, this.givenUpBefore) >= 0;
	}

	/** A stall watch for the follow of `containerID` (stall-watch.ts); it drops a stuck follow. */
	private watchForStall(containerID: string | undefined): StallWatch | undefined {
		const options = this.options.stallWatch ?? defaultStallWatch;
		if (options === false) return undefined;
		return new StallWatch(
			options,
			() => newestStamp(this.http, this.ref),
			() => this.lastStamp,
			() => containerID !== undefined && stillRunning(this.currentStatus(), containerID),
			() => {
				this.stats.stalls++;
				this.stallAfter = this.lastStamp;
				this.drop();
			},
		);
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
		let delivered = 0;
		let verdict: TailVerdict | undefined;
		let judge = params.tailLines !== undefined && this.lastStamp !== undefined ? this.tail.judge(this.lastStamp) : undefined;
		const watch = params.follow ? this.watchForStall(containerID) : undefined;
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
			const last = records[records.length - 1]!;
			this.lastMs = last.ms;
			if (last.stamp) this.lastStamp = last.stamp;
			delivered += records.length;
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
			// A tail that began too late delivered nothing: its stamps are not the last delivered.
			if (result.lastStamp && !this.cursor.gapped) {
				const ms = stampMs(result.lastStamp);
				if (!Number.isNaN(ms)) this.lastMs = ms;
				this.lastStamp = result.lastStamp;
			}
			delivered += result.lines;
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
				watch?.bytes();
				const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
				const waiting = !raw ? deliver(decoder.push(chunk)) : plain ? deliverPlain(bytes) : deliverBytes(scanner!.push(bytes));
				// A tail that began far off is of no use: stop reading it (see tail-search.ts).
				if (judge && this.cursor.tailFirst) {
					verdict = judge(this.cursor.tailFirst, delivered);
					judge = undefined;
				}
				return verdict ? false : waiting;
			});
			if (verdict) return verdict;
			if (plain) await writeOut(plain.splitter.flush());
			else if (scanner) await deliverBytes(scanner.flush());
			else await deliver(decoder.flush());
			return this.stopped ? {kind: 'stopped'} : {kind: 'eof'};
		} catch (error) {
			if (this.stopped) return {kind: 'stopped'};
			if (verdict) return verdict;
			// A line cut in the middle by a drop is re-read whole on resume: drop the fragment.
			if (error instanceof KubeError && !this.dropping) return {kind: 'error', error, received, delivered};
			const message = this.dropping ? 'connection dropped' : `log stream broken: ${(error as Error)?.message ?? String(error)}`;
			return {kind: 'error', error: new KubeError(message, 0, 'StreamError'), received, delivered};
		} finally {
			watch?.stop();
			if (this.controller === controller) this.controller = undefined;
			this.stats.lines += delivered;
		}
	}
}
