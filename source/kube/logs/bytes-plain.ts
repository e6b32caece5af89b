// The byte path of a log that reads the same every time it is asked for (a request never
// resumed, the log of a container that finished for good), asked for as kubectl asks: there is
// nothing to read inside a line, so a chunk's complete lines go out as they came, one native
// search per chunk. Only the line that
// straddles two chunks is held back, because several streams share one stdout and each line
// must be written whole; a prefix goes before each line when asked; a line longer than
// maxLineLength is written in pieces of exactly that many bytes, each with a newline, so a
// container that never writes one cannot grow memory.

const newline = 0x0a;
const newlineBuffer = Buffer.from('\n');

/** Pieces per line (a prefix, cuts) joined into one buffer: one write per chunk, not per line. */
const few = (output: Buffer[]) => (output.length > 2 ? [Buffer.concat(output)] : output);

export class PlainLineSplitter {
	/**
	 * The start of a line whose newline has not arrived yet, as the chunks it came in (views,
	 * not copies: nothing here writes into a chunk), joined once when the line is complete.
	 */
	private pending: Buffer[] = [];
	private pendingLength = 0;

	constructor(private readonly options: {prefix?: Buffer; maxLineLength: number}) {}

	/** Bytes pushed but not written yet: the start of the line in progress. */
	get pendingBytes(): number {
		return this.pendingLength;
	}

	/** What to write for the chunk, in order: its complete lines. */
	push(chunk: Buffer): Buffer[] {
		const output: Buffer[] = [];
		if (this.pendingLength === 0) {
			this.emit(chunk, output, true);
			return few(output);
		}
		const first = chunk.indexOf(newline);
		if (first < 0 && this.pendingLength + chunk.length <= this.options.maxLineLength) {
			this.keep(chunk);
			return output;
		}
		this.emit(this.takePending(first < 0 ? chunk : chunk.subarray(0, first + 1)), output, true);
		if (first >= 0) this.emit(chunk.subarray(first + 1), output, true);
		return few(output);
	}

	/** The end of the stream: a last line without a newline is written with one. */
	flush(): Buffer[] {
		const output: Buffer[] = [];
		if (this.pendingLength > 0) this.emit(this.takePending(), output, false);
		return few(output);
	}

	private keep(bytes: Buffer): void {
		this.pending.push(bytes);
		this.pendingLength += bytes.length;
	}

	private takePending(more?: Buffer): Buffer {
		if (more) this.pending.push(more);
		const joined = Buffer.concat(this.pending);
		this.pending = [];
		this.pendingLength = 0;
		return joined;
	}

	/** data's complete lines into output; its unterminated tail kept as pending (`keepTail`) or written. */
	private emit(data: Buffer, output: Buffer[], keepTail: boolean): void {
		const max = this.options.maxLineLength;
		const whole = data.lastIndexOf(newline) + 1;
		if (whole > 0) {
			// A region no longer than the limit cannot hold a line over it: the common case.
			if (!this.options.prefix && whole <= max + 1) output.push(data.subarray(0, whole));
			else this.oneByOne(data.subarray(0, whole), output);
		}
		let tail = data.subarray(whole);
		while (tail.length > max) {
			this.piece(tail.subarray(0, max), output);
			tail = tail.subarray(max);
		}
		if (tail.length === 0) return;
		if (keepTail) this.keep(tail);
		else this.piece(tail, output);
	}

	/** Lines that end in a newline, looked at one by one: a prefix before each, long ones cut. */
	private oneByOne(region: Buffer, output: Buffer[]): void {
		const max = this.options.maxLineLength;
		const prefix = this.options.prefix;
		// Bytes from `run` on are lines not yet written, which need nothing added.
		let run = 0;
		for (let start = 0; start < region.length; ) {
			const end = region.indexOf(newline, start);
			if (end - start > max || prefix) {
				if (run < start) output.push(region.subarray(run, start));
				let from = start;
				for (; end - from > max; from += max) this.piece(region.subarray(from, from + max), output);
				if (prefix) output.push(prefix);
				output.push(region.subarray(from, end + 1));
				run = end + 1;
			}
			start = end + 1;
		}
		if (run < region.length) output.push(region.subarray(run));
	}

	/** A piece of a line cut at the limit, or a last line without a newline: a line of its own. */
	private piece(bytes: Buffer, output: Buffer[]): void {
		if (this.options.prefix) output.push(this.options.prefix);
		output.push(Buffer.concat([bytes, newlineBuffer]));
	}
}
