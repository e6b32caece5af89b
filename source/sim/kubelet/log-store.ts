// What a container runtime keeps of a container's output: one record per container
// instance (containerID), with the timestamp the kubelet attaches to each line. Readers
// follow by index, so a slow reader applies back-pressure to itself instead of losing lines.

export type LogLine = {text: string; ms: number; stamp: string};

/** Go's time.RFC3339Nano: nanoseconds with trailing zeros trimmed. */
export function formatNano(ms: number, subMillisecondNanos: number): string {
	const iso = new Date(ms).toISOString(); // 2026-01-01T00:00:00.123Z
	const nanos = (ms % 1000) * 1_000_000 + subMillisecondNanos;
	const fraction = String(nanos).padStart(9, '0').replace(/0+$/, '');
	return `${iso.slice(0, 19)}${fraction ? '.' + fraction : ''}Z`;
}

export class LogInstance {
	private lines: LogLine[] = [];
	/** Absolute index of lines[0]: lines before it were rotated away. */
	private base = 0;
	private lastMs = -1;
	private sequence = 0;
	private waiters: Array<() => void> = [];
	ended = false;

	constructor(
		readonly containerID: string,
		private readonly maxLines = 1_000_000,
	) {}

	get end(): number {
		return this.base + this.lines.length;
	}

	get start(): number {
		return this.base;
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
		this.lines.push({text, ms, stamp: formatNano(ms, this.sequence * 1000)});
		if (this.lines.length > this.maxLines) {
			const drop = this.lines.length - this.maxLines;
			this.lines.splice(0, drop);
			this.base += drop;
		}
		this.wake();
	}

	finish(): void {
		this.ended = true;
		this.wake();
	}

	/** Lines from absolute index `from` (clamped to what is still kept) up to `to`. */
	read(from: number, to = this.end): LogLine[] {
		return this.lines.slice(Math.max(0, from - this.base), Math.max(0, to - this.base));
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
		return this.base + low;
	}

	/** Resolves when a line is appended or the instance ends. */
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
