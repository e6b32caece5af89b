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

	/** Whether the next lines are being checked against an earlier delivery. */
	get skipping(): boolean {
		return this.skip > 0;
	}

	/** Account for one received line; true when it was already delivered and must be dropped. */
	seen(stamp: string): boolean {
		// The common case, a line in the same second as the one before, costs no allocation.
		if (this.skip === 0 && this.second !== '' && this.second.length === 20 && stamp.startsWith(this.prefix) && stamp.charCodeAt(stamp.length - 1) === 90) {
			this.count++;
			return false;
		}
		const second = stampSecond(stamp);
		if (this.skip > 0) {
			if (second === this.skipSecond) {
				this.skip--;
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
		if (!this.second) return undefined;
		this.skipSecond = this.second;
		this.skip = this.count;
		return this.second;
	}

	/** A new instance starts at or after the last second: ask from there, skip nothing. */
	nextInstance(): string | undefined {
		this.skip = 0;
		return this.second || undefined;
	}
}
