// What a container runtime keeps of a container's output: one record per container
// instance (containerID), with the timestamp the kubelet attaches to each line, written to
// the instance's current log file. The kubelet's log manager (log-rotation.ts) rotates that
// file; a read serves the current file only, as the kubelet's ReadLogs opens the one path the
// runtime reports. Readers follow by absolute line index, so a slow reader applies back-pressure
// to itself instead of losing lines.

export type LogLine = {text: string; ms: number; stamp: string};

/** Go's time.RFC3339Nano: nanoseconds with trailing zeros trimmed. */
export function formatNano(ms: number, subMillisecondNanos: number): string {
	const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
	const nanos = (ms % 1000) * 1_000_000 + subMillisecondNanos;
	const fraction = String(nanos).padStart(9, '0').replace(/0+$/, '');
	return `${iso.slice(0, 19)}${fraction ? '.' + fraction : ''}Z`;
}

/**
 * The stamp as the kubelet writes it before each line of `?timestamps=true`: RFC3339NanoFixed,
 * always nine fractional digits ("2006-01-02T15:04:05.000000000Z07:00", timeFormatOut in
 * k8s.io/cri-client pkg/logs/logs.go), whatever width the runtime's file had.
 */
export function fixedNano(stamp: string): string {
	// The file's stamp is UTC: 2026-01-01T00:00:00[.fraction]Z.
	const fraction = stamp.length > 20 ? stamp.slice(20, -1) : '';
	return `${stamp.slice(0, 19)}.${fraction.padEnd(9, '0')}Z`;
}

/**
 * The bytes a line takes in the CRI log file containerd writes:
 * `<RFC3339Nano> <stdout|stderr> <F|P> <text>\n` (three spaces, a six-letter stream, a tag, a newline).
 */
export const fileBytes = (line: LogLine) => line.stamp.length + Buffer.byteLength(line.text) + 11;

/**
 * One log file. A reader holding it keeps reading it after it was renamed, compressed or
 * removed, as an open file descriptor does: the instance only drops its own reference.
 */
export class LogFile {
	readonly lines: LogLine[] = [];
	/** Size on disk, in the CRI format, as the log manager's Stat sees it. */
	bytes = 0;

	/** `start`: absolute index of lines[0] (indexes go on across files, and past dropped lines). */
	constructor(public start: number) {}

	get end(): number {
		return this.start + this.lines.length;
	}

	/** Lines from absolute index `from` (clamped to this file) up to `to`. */
	read(from: number, to = this.end): LogLine[] {
		return this.lines.slice(Math.max(0, from - this.start), Math.max(0, to - this.start));
	}

	/** First absolute index whose line is at or after `ms`. */
	indexAtOrAfter(ms: number): number {
		let low = 0;
		let high = this.lines.length;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (this.lines[mid]!.ms < ms) low = mid + 1;
			else high = mid;
		}
		return this.start + low;
	}
}

/** A file rotation left next to the current one (`<n>.log.<timestamp>`, then `.gz`). */
export type RotatedLog = {
	/** The suffix after the log path: `20260101-120010`, or `20260101-120010.gz` once compressed. */
	name: string;
	lines: number;
	/** Bytes before compression. */
	bytes: number;
	compressed: boolean;
	/** The file's lines while it is uncompressed; a compressed file is kept as bookkeeping only. */
	file?: LogFile;
};

export class LogInstance {
	/** The file the runtime writes, and every read opens. */
	current = new LogFile(0);
	/** Rotated files, oldest first (the log manager keeps at most containerLogMaxFiles - 1). */
	readonly rotated: RotatedLog[] = [];
	/** How many times the current file was replaced (a follower's "Create" events). */
	rotations = 0;
	private lastMs = -1;
	private sequence = 0;
	private waiters: Array<() => void> = [];
	ended = false;

	/**
	 * `maxLines` bounds the sim's memory when rotation is off or the size limit is high: past
	 * it the oldest lines of the current file are dropped (no kubelet does this; a disk fills).
	 */
	constructor(
		readonly containerID: string,
		private readonly maxLines = 1_000_000,
	) {}

	/** One past the last line written. */
	get end(): number {
		return this.current.end;
	}

	/** The first line a read can serve: the current file's first. */
	get start(): number {
		return this.current.start;
	}

	append(text: string, now: number): void {
		let ms = Math.max(now, this.lastMs);
		if (ms === this.lastMs) {
			this.sequence += 1;
			// 1,000 distinct microsecond stamps per millisecond; past that, borrow the next one.
			if (this.sequence >= 1000) {
				ms += 1;
				this.sequence = 0;
			}
		} else {
			this.sequence = 0;
		}
		this.lastMs = ms;
		const line = {text, ms, stamp: formatNano(ms, this.sequence * 1000)};
		const file = this.current;
		file.lines.push(line);
		file.bytes += fileBytes(line);
		if (file.lines.length > this.maxLines) {
			const drop = file.lines.length - this.maxLines;
			for (const gone of file.lines.splice(0, drop)) file.bytes -= fileBytes(gone);
			file.start += drop;
		}
		this.wake();
	}

	/**
	 * The runtime's ReopenContainerLog after the log manager renamed the current file: writes go
	 * to a new, empty file from now on. Returns the file that was current.
	 */
	reopen(): LogFile {
		const old = this.current;
		this.current = new LogFile(old.end);
		this.rotations += 1;
		// The new file's creation is what a follower's directory watch sees.
		this.wake();
		return old;
	}

	finish(): void {
		this.ended = true;
		this.wake();
	}

	/**
	 * Lines from absolute index `from` up to `to`, from the current file and the rotated files
	 * still uncompressed (attach and tests read across a rotation; `kubectl logs` does not).
	 */
	read(from: number, to = this.end): LogLine[] {
		if (from >= this.current.start) return this.current.read(from, to);
		const files = [...this.rotated.flatMap(rotated => (rotated.file ? [rotated.file] : [])), this.current];
		return files.flatMap(file => (from < file.end && to > file.start ? file.read(from, to) : []));
	}

	/** First absolute index of the current file whose line is at or after `ms`. */
	indexAtOrAfter(ms: number): number {
		return this.current.indexAtOrAfter(ms);
	}

	/** Resolves when a line is appended, the file is reopened, or the instance ends. */
	changed(): Promise<void> {
		if (this.ended) return Promise.resolve();
		return new Promise(resolve => this.waiters.push(resolve));
	}

	private wake(): void {
		const waiters = this.waiters;
		if (waiters.length === 0) return;
		this.waiters = [];
		for (const resolve of waiters) resolve();
	}
}
