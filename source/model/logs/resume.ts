import {stampSecond} from './record.js';

// Resuming a log stream the way stern does: sinceTime only has a resolution of one second,
// so remember the last second seen and how many lines arrived in it; a resumed request
// starts at that second and the first that-many lines of it are skipped. Unlike stern, the
// skipped lines are not counted again, so a second drop during the skip loses nothing.

export class ResumeCursor {
	/** Last second seen (RFC3339, no fraction) and how many lines carried it. */
	second = '';
	count = 0;
	private prefix = '';
	private skipSecond = '';
	private skip = 0;
	/** resumeAfter's stamp: lines at or before it were delivered. */
	private after = '';
	/** resumeFromTail: the read must begin at or before `after`, or it began too late. */
	private mustOverlap = false;
	/** A read armed by resumeFromTail began after `after`: lines between were not in it. */
	gapped = false;
	/** Lines dropped as already delivered since the last resume. */
	dropped = 0;
	/** The stamp of the first line of a read armed by resumeFromTail: how far off its start was. */
	tailFirst = '';

	/** Whether the next lines are being checked against an earlier delivery. */
	get skipping(): boolean {
		return this.skip > 0 || this.after !== '';
	}

	/** Account for one received line; true when it was already delivered and must be dropped. */
	seen(stamp: string): boolean {
		// The common case, a line in the same second as the one before, costs no allocation.
		if (
			this.skip === 0 &&
			this.after === '' &&
			this.second !== '' &&
			this.second.length === 20 &&
			stamp.startsWith(this.prefix) &&
			stamp.charCodeAt(stamp.length - 1) === 90
		) {
			this.count++;
			return false;
		}
		if (this.after !== '') {
			if (this.mustOverlap && this.tailFirst === '') this.tailFirst = stamp;
			if (compareStamps(stamp, this.after) <= 0) {
				this.mustOverlap = false;
				this.dropped++;
				return true;
			}
			if (this.mustOverlap) {
				// Everything after a late start is dropped too: delivering it would leave a hole.
				this.gapped = true;
				return true;
			}
			this.after = '';
		}
		const second = stampSecond(stamp);
		if (this.skip > 0) {
			if (second === this.skipSecond) {
				this.skip--;
				this.dropped++;
				return true;
			}
			this.skip = 0;
		}
		if (second === this.second) this.count++;
		else {
			this.second = second;
			this.prefix = second.slice(0, 19);
			this.count = 1;
		}
		return false;
	}

	/** The sinceTime for a resumed request of the same instance; arms the skip. */
	resume(): string | undefined {
		this.reset();
		if (!this.second) return undefined;
		this.skipSecond = this.second;
		this.skip = this.count;
		return this.second;
	}

	/** A new instance starts at or after the last second: ask from there, skip nothing. */
	nextInstance(): string | undefined {
		this.reset();
		this.skip = 0;
		this.after = '';
		return this.second || undefined;
	}

	/**
	 * Resume a read that asks for the log's last lines (tailLines) instead of a second: the
	 * only way into the middle of a second. Lines at or before `stamp` are dropped; the first
	 * line must be one of them, or the tail was too short and `gapped` is set (every line of
	 * the read is dropped then: the caller asks again with a longer tail).
	 */
	resumeFromTail(stamp: string): void {
		this.reset();
		this.skip = 0;
		this.after = stamp;
		this.mustOverlap = true;
	}

	private reset(): void {
		this.mustOverlap = false;
		this.gapped = false;
		this.dropped = 0;
		this.tailFirst = '';
	}

	/**
	 * Resume after `stamp`, the last line delivered, skipping every line stamped at or before
	 * it. For a follow that stalled across a log rotation: the new request reads the current
	 * file only, which may hold just part of the last second, so counting that second's lines
	 * would skip new ones. The kubelet's stamps have nanoseconds, so "at or before" is exact.
	 */
	resumeAfter(stamp: string): string {
		this.reset();
		this.skip = 0;
		this.after = stamp;
		return stampSecond(stamp);
	}

	/**
	 * Give up the rest of the current second and resume at the next one: when every
	 * connection is cut before it gets past the lines of this second already delivered, no
	 * request can reach the rest (the API server passes sinceTime on with a resolution of one
	 * second). Returns the second given up, for the notice that says so.
	 */
	skipToNextSecond(): {second: string; delivered: number; next: string} | undefined {
		if (!this.second) return undefined;
		const given = {second: this.second, delivered: this.count};
		const next = new Date(Date.parse(this.second) + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
		this.second = next;
		this.prefix = next.slice(0, 19);
		this.count = 0;
		this.skip = 0;
		this.after = '';
		this.reset();
		return {...given, next};
	}
}

/** Order of two RFC3339(Nano) UTC stamps, fractions of any length compared as nanoseconds. */
export function compareStamps(a: string, b: string): number {
	const seconds = a.slice(0, 19).localeCompare(b.slice(0, 19));
	if (seconds !== 0) return seconds;
	return nanos(a) - nanos(b);
}

function nanos(stamp: string): number {
	if (stamp.charCodeAt(19) !== 46) return 0;
	const digits = /^\d*/.exec(stamp.slice(20))![0];
	return Number(digits.padEnd(9, '0').slice(0, 9));
}
