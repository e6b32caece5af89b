import type {ContainerRef} from '../../model/container-ref.js';
import {stampMs} from '../../model/logs/record.js';
import type {ResumeCursor} from '../../model/logs/resume.js';
import {judgeTail, type TailNext, TailSearch, type TailVerdict} from '../../model/logs/tail-search.js';
import type {KubeHttp} from '../http.js';
import {newestStamp, recentRate} from './tail-probe.js';

// A follow's way into the middle of a second (tail-search.ts has why): resumes by time that
// are cut before they get past the lines of the last second already delivered can never reach
// the rest of it, as sinceTime reaches the kubelet in whole seconds. After a few such reads in
// a row, the follow resumes by tailLines instead, searching for the count that begins at the
// last line delivered. This holds the search's state between the follow's reads.

/** Resumed reads in a row that brought bytes but no new line before they were cut. */
const stuckReads = 3;

/** What a read by tailLines came to, as the follow's loop saw it. */
export type TailRead = {kind: 'verdict'; verdict: TailVerdict} | {kind: 'cut'; received: boolean; delivered: number} | {kind: 'ended'};

export class TailResume {
	private search?: TailSearch;
	private stuck = 0;
	/** Lines the last read by tailLines carried before its connection was cut. */
	private carried = 0;

	constructor(
		private readonly http: KubeHttp,
		private readonly ref: ContainerRef,
		private readonly cursor: ResumeCursor,
	) {}

	get active(): boolean {
		return this.search !== undefined;
	}

	/** Back to resuming by time (a new instance, or a read that reached the end of the log). */
	reset(): void {
		this.search = undefined;
		this.stuck = 0;
	}

	/**
	 * After a read resumed by time was cut: count it when it delivered nothing new, and after a
	 * few start a search from an estimate of how far the log is ahead of `lastStamp`, in lines:
	 * the newest line's stamp says how much log time passed, the rate the log's last lines were
	 * written at how many lines that is.
	 */
	async cutByTime(received: boolean, delivered: number, lastStamp: string | undefined): Promise<void> {
		if (delivered > 0 || !received) {
			this.stuck = 0;
			return;
		}
		this.stuck += 1;
		if (this.stuck < stuckReads || lastStamp === undefined) return;
		this.stuck = 0;
		const newest = await newestStamp(this.http, this.ref).catch(() => undefined);
		const recent = await recentRate(this.http, this.ref).catch(() => undefined);
		const behindMs = newest === undefined ? 1000 : Math.max(0, stampMs(newest) - stampMs(lastStamp));
		const rate = recent ?? Math.max(1, this.cursor.count) / 1000;
		this.search = new TailSearch(rate * behindMs, Date.now(), rate);
	}

	/** The tailLines of the next read, the cursor armed for it; `growing`: the container still writes. */
	request(lastStamp: string, growing: boolean): number | undefined {
		if (!this.search) return undefined;
		this.cursor.resumeFromTail(lastStamp);
		return this.search.request(Date.now(), growing);
	}

	/** How the read being made is judged from its first line (judgeTail). */
	judge(lastStamp: string): ((first: string, delivered: number) => TailVerdict | undefined) | undefined {
		return this.search ? judgeTail(lastStamp, this.search.rate, this.carried, this.cursor) : undefined;
	}

	/**
	 * After a read by tailLines (`before`: lines delivered before it): what next. "go" also
	 * when the search is over because the read reached the end of the log.
	 */
	settle(read: TailRead, before: number, growing: boolean): TailNext {
		const search = this.search;
		if (!search) return 'go';
		if (read.kind === 'ended') {
			this.search = undefined;
			return 'go';
		}
		// Refused or throttled: the same request again, after the back-off.
		if (read.kind === 'cut' && !read.received) return 'go';
		if (read.kind === 'cut') this.carried = this.cursor.dropped + read.delivered;
		const next = search.settle(read.kind === 'cut' ? {kind: 'cut', dropped: this.cursor.dropped, delivered: read.delivered} : read.verdict, before, growing);
		if (next !== 'go') this.search = undefined;
		return next;
	}
}
