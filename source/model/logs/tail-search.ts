import {stampMs} from './record.js';

// Finding where to resume inside a second. sinceTime reaches the kubelet with a resolution of
// one second (kube-apiserver's LogLocation formats it RFC3339), so a log that writes more in a
// second than a connection carries can never be resumed by time past that second's first
// lines. tailLines can start anywhere: the kubelet starts the read that many lines before the
// end of the current file (pkg/kubelet/kuberuntime/logs/logs.go, FindTailLineStartIndex). The
// right count is the lines written since the last one delivered, which the client cannot see,
// so it is searched for. Each read's first line tells how far off its count was, in log time:
// newer than the last line delivered, it began too late ("late", by `missing` lines at the
// log's rate); much older, it would be cut before it got past the lines already delivered
// ("early", by `extra`). The next count corrects by that much, kept inside the bounds found so
// far. The log grows meanwhile: each count is kept as of the moment its request was made and
// grows at the log's rate until the next one. That rate is measured in lines per millisecond
// of the client's clock, from reads that delivered: such a read began `dropped` lines before
// the last line delivered, so it tells exactly how long the log was when it was asked for
// (stamps would not: a container writes in bursts, and the node's clock is not ours).

export type TailOutcome =
	/** The read's first line (stamped `first`) was newer than the last delivered: about `missing` lines were skipped over. */
	| {kind: 'late'; missing: number; first: string}
	/** The read began about `extra` lines before the last delivered: too many to get past. */
	| {kind: 'early'; extra: number}
	/** The read was cut: `dropped` lines were already delivered, `delivered` were new. */
	| {kind: 'cut'; dropped: number; delivered: number};

/** A read by tailLines stopped early: it began too late, or too early to get anywhere. */
export type TailVerdict = Extract<TailOutcome, {kind: 'late' | 'early'}>;

/**
 * How a read by tailLines is judged from its first line: newer than `after` (the last line
 * delivered; the resume cursor says "gapped"), it began too late; older by more than three
 * quarters of what a connection carries (`carried` lines), it would be cut before it got past
 * the lines already delivered. Lines are counted from log time at `rate` lines a millisecond.
 */
export function judgeTail(after: string, rate: number, carried: number, cursor: {readonly gapped: boolean}) {
	const afterMs = stampMs(after);
	const tolerance = carried * 0.75;
	return (first: string, delivered: number): TailVerdict | undefined => {
		const offset = (afterMs - stampMs(first)) * rate;
		if (cursor.gapped) return {kind: 'late', missing: Math.max(1, Math.ceil(-offset)), first};
		// A read that already got past the lines delivered before is progress, whatever the estimate.
		return tolerance > 0 && offset > tolerance && delivered === 0 ? {kind: 'early', extra: Math.floor(offset)} : undefined;
	};
}

/** Searches that fail this many times in a row give up: no connection carries the overlap. */
export const maxTailAttempts = 24;

/**
 * What a search does next: go on; "rotated": three tails of growing lengths began at the same
 * line, the file's first, so the lines sought are in no file a read can reach (rotated away
 * before they were read); "failed": maxTailAttempts reads in a row did not get anywhere.
 */
export type TailNext = 'go' | 'rotated' | 'failed';

export class TailSearch {
	/** Lines back from the end, as of `at` (ms), for the next request. */
	private lines: number;
	private at: number;
	/** Counts known to start too late (`low`) or too early (`high`), as of `at`. */
	private low = 0;
	private high?: number;
	private attempts = 0;
	/** The last early start, to tell a tail that reaches past the file's first line. */
	private earlier?: {extra: number};
	/** Failed reads in a row that began too late (positive) or too early (negative). */
	private streak = 0;
	/** The first line of the last read, when it began too late. */
	private lateFirst?: string;
	/** Reads in a row since then that began too late at that same line. */
	private sameLate = 0;
	/** The request in flight: its count and when it was made. */
	private requested = 0;
	private requestedAt = 0;
	/** The log's length (relative to lines delivered) when a read that delivered was asked for. */
	private sample?: {length: number; at: number};

	/**
	 * @param behind lines written after the last one delivered, as estimated at `now`.
	 * @param rate lines per millisecond the log is written at (0 when unknown).
	 */
	constructor(
		behind: number,
		now: number,
		public rate: number,
	) {
		this.lines = Math.max(1, Math.ceil(behind));
		this.at = now;
	}

	/** A read that delivered began `dropped` lines back: the log had `length` lines when it was asked for. */
	private measure(length: number): void {
		const sample = this.sample;
		this.sample = {length, at: this.requestedAt};
		if (!sample || this.requestedAt - sample.at < 20) return;
		const measured = Math.max(0, length - sample.length) / (this.requestedAt - sample.at);
		this.rate = this.rate > 0 ? (this.rate + measured) / 2 : measured;
	}

	/** The tailLines for a request made at `now`; `growing`: the container still writes to the log. */
	request(now: number, growing: boolean): number {
		this.requested = Math.max(1, Math.ceil(this.lines + (growing ? this.rate * Math.max(0, now - this.at) : 0)));
		this.requestedAt = now;
		return this.requested;
	}

	/**
	 * Whether the search should go on (false: give the lines up). `delivered`: how many lines
	 * had been delivered before the read (any origin: only differences count).
	 */
	settle(outcome: TailOutcome, delivered: number, growing: boolean): TailNext {
		const lateBefore = this.lateFirst;
		this.lateFirst = outcome.kind === 'late' ? outcome.first : undefined;
		this.sameLate = lateBefore !== undefined && lateBefore === this.lateFirst ? this.sameLate + 1 : 0;
		// A longer tail that begins at the same line began at the file's first line. Two can do
		// so by chance, when the log grew between them by as many lines as the count (a busy
		// client sends its request late): a third, asked for with a larger correction, cannot.
		if (this.sameLate >= 2) return 'rotated';
		if (outcome.kind === 'cut' && outcome.delivered > 0) this.measure(delivered - outcome.dropped + this.requested);
		// The bounds were found earlier: the log has grown past them since.
		const grown = growing ? this.rate * Math.max(0, this.requestedAt - this.at) : 0;
		this.low += grown;
		if (this.high !== undefined) this.high += grown;
		this.at = this.requestedAt;
		// Aim a little before the last line delivered: lines are written while a request travels.
		const margin = Math.max(4, Math.ceil(this.rate * 2));
		if (outcome.kind === 'cut' && outcome.delivered > 0) {
			// Progress: what the request did not reach is where the next one starts.
			this.lines = Math.max(0, this.requested - outcome.dropped - outcome.delivered) + Math.max(margin, Math.ceil(outcome.delivered / 8));
			this.low = 0;
			this.high = undefined;
			this.earlier = undefined;
			this.streak = 0;
			this.attempts = 0;
			return 'go';
		}
		this.attempts++;
		if (outcome.kind === 'late') this.earlier = undefined;
		// Corrections in the same direction, one after the other, were too small (the estimate
		// counts lines by their stamps, and a burst has many lines to a millisecond): each one
		// doubles the next.
		const direction = outcome.kind === 'late' ? 1 : -1;
		this.streak = Math.sign(this.streak) === direction ? this.streak + direction : direction;
		const boost = 2 ** (Math.abs(this.streak) - 1);
		let next: number;
		if (outcome.kind === 'late') {
			this.low = this.requested;
			next = this.requested + (Math.max(1, outcome.missing) + margin) * boost;
		} else {
			const extra = outcome.kind === 'early' ? outcome.extra : outcome.dropped;
			next = this.requested - Math.max(1, extra) * boost + margin;
			// A tail longer than the file starts at its first line whatever the count: fewer
			// lines asked for that did not start later by as many is such a tail. Halve it.
			const before = this.earlier;
			if (before && this.high !== undefined && before.extra - extra < (this.high - this.requested) / 2) next = Math.floor((this.low + this.requested) / 2);
			this.earlier = {extra};
			this.high = this.requested;
		}
		// Crossed bounds are stale (the log grew faster than its rate said): drop the older one.
		if (this.high !== undefined && this.high <= this.low + 1) {
			if (outcome.kind === 'late') this.high = undefined;
			else this.low = 0;
		}
		const floor = this.low + 1;
		const ceiling = this.high === undefined ? Number.POSITIVE_INFINITY : this.high - 1;
		// A correction that leaves the bounds is worse than halving them.
		this.lines = next >= floor && next <= ceiling ? next : this.high === undefined ? Math.max(next, this.low * 2) : Math.floor((this.low + this.high) / 2);
		return this.attempts < maxTailAttempts ? 'go' : 'failed';
	}
}
