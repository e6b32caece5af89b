import type {ResumeCursor} from '../../model/logs/resume.js';

// The byte path of a log stream, for output that goes to a pipe untouched (as kubectl writes
// it): lines are found and their kubelet timestamps checked against the resume cursor without
// decoding them into strings. Decoding every line of a flood into a string and back cost more
// than the rest of `podscope logs -f`; so did a native copy per line into a fresh buffer, so
// without a prefix the chunk is compacted in place (a stamp cut only ever moves bytes left).

const newline = 0x0a;
const space = 0x20;
const zulu = 0x5a;

export type ByteLines = {
	/** What to write, in order: the chunk's complete lines, stamps kept or cut, skipped lines left out. */
	output: Buffer[];
	lines: number;
	skipped: number;
	/** The stamp of the chunk's last line, when it had one. */
	lastStamp?: string;
};

/**
 * Where a chunk's kept bytes go: back into the chunk itself while they only shrink, or into a
 * buffer of its own once something is added (a prefix, the newline after a cut line).
 */
class Output {
	length = 0;
	private owned: Buffer | undefined;

	constructor(
		private readonly data: Buffer,
		inPlace: boolean,
		extra: number,
	) {
		if (!inPlace) this.owned = Buffer.allocUnsafe(data.length + extra + 1);
	}

	/** Bytes of the chunk itself; in place they land at or before where they are. */
	copy(from: number, to: number): void {
		if (this.owned) this.append(this.data, from, to);
		else {
			if (this.length !== from) this.data.copyWithin(this.length, from, to);
			this.length += to - from;
		}
	}

	/** Bytes from elsewhere: the chunk can no longer hold the output. */
	add(source: Buffer): void {
		if (!this.owned) {
			this.owned = Buffer.allocUnsafe(this.data.length + source.length * 64 + 1);
			this.data.copy(this.owned, 0, 0, this.length);
		}
		this.append(source, 0, source.length);
	}

	result(): Buffer {
		return (this.owned ?? this.data).subarray(0, this.length);
	}

	private append(source: Buffer, from: number, to: number): void {
		const size = to - from;
		let owned = this.owned!;
		if (this.length + size > owned.length) {
			const bigger = Buffer.allocUnsafe(Math.max(owned.length * 2, this.length + size));
			owned.copy(bigger, 0, 0, this.length);
			owned = this.owned = bigger;
		}
		source.copy(owned, this.length, from, to);
		this.length += size;
	}
}

const newlineBuffer = Buffer.from('\n');

const letterT = 0x54;

/**
 * Whether the line at `start` begins like an RFC 3339 time, by parseStamped's test (a digit,
 * a 'T' as the eleventh byte, room for a whole stamp): the second piece of a line cut for its
 * length has no stamp, and its first word is not one.
 */
const looksStamped = (data: Buffer, start: number, end: number) =>
	end - start >= 21 && data[start]! >= 0x30 && data[start]! <= 0x39 && data[start + 10] === letterT;

/**
 * The space after the stamp of the line starting at `start`, searched from `from` (the stamp
 * is at most ~35 bytes: a short loop is cheaper than a native indexOf call); -1 if none.
 */
function stampSpace(data: Buffer, from: number, start: number, end: number): number {
	const limit = Math.min(end, start + 41);
	for (let index = from; index < limit; index++) if (data[index] === space) return index;
	return -1;
}

export class ByteLineScanner {
	private pending: Buffer | undefined;
	/** The second (first 19 bytes of a stamp) the cursor last saw, for the allocation-free check. */
	private second = Buffer.alloc(0);
	private lines = 0;
	private skipped = 0;
	private lastStamp: string | undefined;
	/** Where the chunk's last complete line starts: only its stamp is read as a string. */
	private finalLine = 0;
	/**
	 * Bytes still to skip of what the lines write (content, and stamps when they are kept):
	 * what an earlier reading of the same log delivered. The lines skipped still pass the
	 * resume cursor.
	 */
	private skipBytes: number;

	constructor(
		private readonly cursor: ResumeCursor,
		private readonly options: {timestamps: boolean; prefix?: Buffer; maxLineLength: number; skipBytes?: number},
	) {
		this.skipBytes = options.skipBytes ?? 0;
	}

	/** What is left of skipBytes: bytes the lines so far did not make up. */
	get unskipped(): number {
		return this.skipBytes;
	}

	/** The chunk's complete lines. The scanner owns `chunk` from here on: its bytes are rewritten. */
	push(chunk: Buffer): ByteLines {
		this.lines = 0;
		this.skipped = 0;
		this.lastStamp = undefined;
		this.finalLine = 0;
		const output: Buffer[] = [];
		const prefix = this.options.prefix;
		let start = 0;
		if (this.pending) {
			// Only the line that straddles the chunks is copied, not the whole chunk.
			const first = chunk.indexOf(newline);
			if (first < 0 && this.pending.length + chunk.length <= this.options.maxLineLength) {
				this.pending = Buffer.concat([this.pending, chunk]);
				return {output, lines: 0, skipped: 0};
			}
			const joined = Buffer.concat([this.pending, chunk.subarray(0, first < 0 ? chunk.length : first + 1)]);
			this.pending = undefined;
			const out = new Output(joined, !prefix, prefix?.length ?? 0);
			this.line(out, joined, 0, first < 0 ? joined.length : joined.length - 1, first < 0);
			if (out.length > 0) output.push(out.result());
			start = first < 0 ? chunk.length : first + 1;
		}
		const out = new Output(chunk, !prefix, prefix ? prefix.length * 64 : 0);
		// The bytes before `start` were the straddling line's: in place, output begins at `start`.
		if (!prefix) out.length = start;
		const from = start;
		const last = chunk.lastIndexOf(newline);
		this.finalLine = last < 0 ? chunk.length : last === 0 ? 0 : chunk.lastIndexOf(newline, last - 1) + 1;
		for (;;) {
			if (!prefix) start = this.sameSecondRun(chunk, start, out);
			let end = chunk.indexOf(newline, start);
			let cut = false;
			if (end < 0) {
				if (chunk.length - start <= this.options.maxLineLength) break;
				end = start + this.options.maxLineLength;
				cut = true;
			}
			this.line(out, chunk, start, end, cut);
			start = cut ? end : end + 1;
		}
		if (start < chunk.length) this.pending = Buffer.from(chunk.subarray(start));
		const rest = prefix ? out.result() : out.result().subarray(from);
		if (rest.length > 0) output.push(rest);
		const result: ByteLines = {output, lines: this.lines, skipped: this.skipped};
		if (this.lastStamp !== undefined) result.lastStamp = this.lastStamp;
		return result;
	}

	/**
	 * The hot loop of a flood, in place: lines stamped in the second the cursor is in, read and
	 * moved with nothing but byte compares. Returns where it stopped: the first line of any
	 * other kind (a new second, no stamp, no newline yet) goes the general way.
	 */
	private sameSecondRun(chunk: Buffer, start: number, out: Output): number {
		const cursor = this.cursor;
		if (cursor.skipping || this.skipBytes > 0 || this.second.length !== 19) return start;
		const second = this.second;
		const strip = !this.options.timestamps;
		const finalLine = this.finalLine;
		let count = 0;
		for (;;) {
			const end = chunk.indexOf(newline, start);
			if (end < 0 || end - start < 21) break;
			let same = true;
			for (let index = 18; index >= 0; index--) {
				if (chunk[start + index] !== second[index]) {
					same = false;
					break;
				}
			}
			if (!same) break;
			const stampEnd = stampSpace(chunk, start + 19, start, end);
			if (stampEnd < 0 || chunk[stampEnd - 1] !== zulu) break;
			if (start >= finalLine) this.lastStamp = chunk.toString('latin1', start, stampEnd);
			count++;
			out.copy(strip ? stampEnd + 1 : start, end + 1);
			start = end + 1;
		}
		cursor.count += count;
		this.lines += count;
		return start;
	}

	/** The end of the stream: a last line without a newline still counts. */
	flush(): ByteLines {
		if (!this.pending) return {output: [], lines: 0, skipped: 0};
		const rest = this.pending;
		this.pending = undefined;
		return this.push(Buffer.concat([rest, newlineBuffer]));
	}

	/** One line, data[start, end) without its newline; `cut` when it had none (too long). */
	private line(out: Output, data: Buffer, start: number, end: number, cut: boolean): void {
		const stampEnd = looksStamped(data, start, end) ? stampSpace(data, start, start, end) : -1;
		const stamped = stampEnd > start;
		if (stamped) {
			// Read before the bytes move; a chunk whose last line has no stamp reports none, and
			// a line dropped as already delivered is not the last delivered.
			const final = start >= this.finalLine ? data.toString('latin1', start, stampEnd) : undefined;
			if (this.alreadySeen(data, start, stampEnd)) {
				this.skipped++;
				return;
			}
			if (final !== undefined) this.lastStamp = final;
		}
		const stop = cut ? end : end + 1;
		// What the line adds to the output: from its content on, or all of it with the stamp.
		let from = stamped && !this.options.timestamps ? stampEnd + 1 : start;
		if (this.skipBytes > 0) {
			if (stop - from <= this.skipBytes) {
				this.skipBytes -= stop - from;
				this.skipped++;
				return;
			}
			// Delivered up to the middle of this line (a long line written in pieces): the rest
			// of it is a piece of its own.
			from += this.skipBytes;
			this.skipBytes = 0;
		}
		this.lines++;
		const prefix = this.options.prefix;
		if (prefix) out.add(prefix);
		out.copy(from, stop);
		if (cut) out.add(newlineBuffer);
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
