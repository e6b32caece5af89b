import {compareStamps} from '../../model/logs/resume.js';

// A follow the kubelet stopped feeding. After a log rotation the kubelet's follower can stay
// on the rotated file, open and silent, while the container goes on writing to the new one
// (kubernetes#115701 and #126564, k3s#9060): nothing errors, the stream just never brings
// another byte. Silence alone proves nothing (a quiet container is silent too), so after a
// while without bytes the watch asks for the log's last line (tailLines=1, no follow): a
// line newer than the last one delivered, with the stream still silent a moment later, means
// the follow is stuck, and the stream resumes after its last line. Probes back off while the
// container stays quiet, so an idle container costs a request a minute at most.

export type StallWatchOptions = {
	/** Silence before the first probe, doubled after each probe that finds nothing (to maxMs). */
	initialMs: number;
	maxMs: number;
	/** How long a newer line may stay undelivered before the follow counts as stuck. */
	graceMs: number;
};

export const defaultStallWatch: StallWatchOptions = {initialMs: 5000, maxMs: 60_000, graceMs: 1000};

export class StallWatch {
	private lastByteAt = Date.now();
	private waitMs: number;
	private timer?: NodeJS.Timeout;
	private stopped = false;
	/** Bytes arrived since a probe found a newer line. */
	private suspect?: {bytesSeen: boolean};

	constructor(
		private readonly options: StallWatchOptions,
		/** The log's newest stamp (tailLines=1), or undefined when it has none or the request failed. */
		private readonly newestStamp: () => Promise<string | undefined>,
		/** The stamp of the last line the stream delivered. */
		private readonly lastDelivered: () => string | undefined,
		/** Whether the container still runs (a finished one's stream ends by itself). */
		private readonly running: () => boolean,
		private readonly onStall: () => void,
	) {
		this.waitMs = options.initialMs;
		this.schedule(options.initialMs);
	}

	/** The stream brought bytes. */
	bytes(): void {
		this.lastByteAt = Date.now();
		this.waitMs = this.options.initialMs;
		if (this.suspect) this.suspect.bytesSeen = true;
	}

	stop(): void {
		this.stopped = true;
		if (this.timer) clearTimeout(this.timer);
	}

	private schedule(ms: number): void {
		if (this.stopped) return;
		this.timer = setTimeout(() => void this.check(), ms);
		this.timer.unref?.();
	}

	private async check(): Promise<void> {
		if (this.stopped) return;
		const suspect = this.suspect;
		if (suspect) {
			this.suspect = undefined;
			if (!suspect.bytesSeen) {
				this.stop();
				this.onStall();
				return;
			}
		}
		const silentMs = Date.now() - this.lastByteAt;
		if (silentMs < this.waitMs) {
			this.schedule(this.waitMs - silentMs);
			return;
		}
		const delivered = this.lastDelivered();
		const newest = delivered !== undefined && this.running() ? await this.newestStamp().catch(() => undefined) : undefined;
		if (this.stopped) return;
		if (newest !== undefined && delivered !== undefined && compareStamps(newest, delivered) > 0) {
			this.suspect = {bytesSeen: false};
			this.schedule(this.options.graceMs);
			return;
		}
		this.waitMs = Math.min(this.options.maxMs, this.waitMs * 2);
		this.schedule(this.waitMs);
	}
}
