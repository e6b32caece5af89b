import type {ResumeCursor} from '../model/log-resume.js';

// The byte path of a log stream, for output that goes to a pipe untouched (as kubectl writes
// it): lines are found and their kubelet timestamps checked against the resume cursor without
// decoding them into strings, and each chunk leaves as one buffer. Decoding every line of a
// flood into a string and back cost more than the rest of `podscope logs -f`.

const newline = 0x0a;
const space = 0x20;
const zulu = 0x5a;
const newlineBuffer = Buffer.from('\n');

export type ByteLines = {
	/** What to write: the chunk's complete lines, stamps kept or cut, skipped lines left out. */
	output: Buffer;
	lines: number;
	skipped: number;
	/** The last stamp seen, if the chunk had any line. */
	lastStamp?: string;
};

export class ByteLineScanner {
	private pending: Buffer | undefined;
	/** The second (first 19 bytes of a stamp) the cursor last saw, for the allocation-free check. */
	private second = Buffer.alloc(0);

	constructor(
		private readonly cursor: ResumeCursor,
		private readonly options: {timestamps: boolean; prefix?: Buffer; maxLineLength: number},
	) {}

	push(chunk: Buffer): ByteLines {
		const prefix = this.options.prefix;
		// One output buffer per chunk, grown when prefixes make it longer than the input.
		let out = Buffer.allocUnsafe(chunk.length + (this.pending?.length ?? 0) + (prefix ? prefix.length * 64 : 0) + 1);
		let length = 0;
		const append = (source: Buffer, from: number, to: number) => {
			const size = to - from;
			if (length + size > out.length) {
				const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, length + size));
				out.copy(bigger, 0, 0, length);
				out = bigger;
			}
			source.copy(out, length, from, to);
			length += size;
		};
		let lines = 0;
		let skipped = 0;
		let lastStamp: string | undefined;
		let lastData: Buffer | undefined;
		let lastStart = -1;
		let lastSpace = -1;
		/** One line, data[start, end) without its newline; `cut` when it had none (too long). */
		const line = (data: Buffer, start: number, end: number, cut: boolean) => {
			// The stamp is at most ~35 bytes: a short loop is cheaper than a native indexOf call.
			let stampEnd = -1;
			const limit = Math.min(end, start + 41);
			for (let index = start; index < limit; index++) {
				if (data[index] === space) {
					stampEnd = index;
					break;
				}
			}
			const stamped = stampEnd > start;
			if (stamped && this.alreadySeen(data, start, stampEnd)) {
				skipped++;
			} else {
				lines++;
				if (prefix) append(prefix, 0, prefix.length);
				append(data, stamped && !this.options.timestamps ? stampEnd + 1 : start, cut ? end : end + 1);
				if (cut) append(newlineBuffer, 0, 1);
			}
			if (stamped) {
				lastData = data;
				lastStart = start;
				lastSpace = stampEnd;
			}
		};
		let start = 0;
		if (this.pending) {
			// Only the line that straddles the chunks is copied, not the whole chunk.
			const first = chunk.indexOf(newline);
			if (first < 0 && this.pending.length + chunk.length <= this.options.maxLineLength) {
				this.pending = Buffer.concat([this.pending, chunk]);
				return {output: Buffer.alloc(0), lines: 0, skipped: 0};
			}
			const joined = Buffer.concat([this.pending, chunk.subarray(0, first < 0 ? chunk.length : first + 1)]);
			this.pending = undefined;
			line(joined, 0, first < 0 ? joined.length : joined.length - 1, first < 0);
			start = first < 0 ? chunk.length : first + 1;
		}
		for (;;) {
			let end = chunk.indexOf(newline, start);
			let cut = false;
			if (end < 0) {
				if (chunk.length - start <= this.options.maxLineLength) break;
				end = start + this.options.maxLineLength;
				cut = true;
			}
			line(chunk, start, end, cut);
			start = cut ? end : end + 1;
		}
		if (start < chunk.length) this.pending = Buffer.from(chunk.subarray(start));
		if (lastData) lastStamp = (lastData as Buffer).toString('latin1', lastStart, lastSpace);
		const result: ByteLines = {output: out.subarray(0, length), lines, skipped};
		if (lastStamp) result.lastStamp = lastStamp;
		return result;
	}

	/** The end of the stream: a last line without a newline still counts. */
	flush(): ByteLines {
		if (!this.pending) return {output: Buffer.alloc(0), lines: 0, skipped: 0};
		const rest = this.pending;
		this.pending = undefined;
		return this.push(Buffer.concat([rest, Buffer.from('\n')]));
	}

	/** Compared from the end (seconds change first); a plain loop beats Buffer.compare's call cost. */
	private sameSecond(data: Buffer, start: number): boolean {
		const second = this.second;
		for (let index = 18; index >= 0; index--) if (data[start + index] !== second[index]) return false;
		return true;
	}

	/** The resume cursor's test, without a string for the common case of the same second. */
	private alreadySeen(data: Buffer, start: number, stampEnd: number): boolean {
		const length = stampEnd - start;
		if (this.cursor.skipping === false && this.second.length === 19 && length > 19 && data[stampEnd - 1] === zulu && this.sameSecond(data, start)) {
			this.cursor.count++;
			return false;
		}
		const stamp = data.toString('latin1', start, stampEnd);
		const seen = this.cursor.seen(stamp);
		// Only whole-second "Z" stamps take the fast path, as in the cursor itself.
		this.second = this.cursor.second.length === 20 ? Buffer.from(this.cursor.second.slice(0, 19), 'latin1') : Buffer.alloc(0);
		return seen;
	}
}
