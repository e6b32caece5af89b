import {describe, expect, it} from 'vitest';
import {PlainLineSplitter} from '../../../source/kube/logs/bytes-plain.js';

// The plain byte path writes whole lines only, whatever the chunking: each chunk's output must
// be a run of complete lines, and all of it together exactly what a line-by-line reading of the
// stream gives (a prefix before each line, long lines cut at the limit).

function text(count: number): string {
	let out = '';
	for (let index = 0; index < count; index++) {
		// Varying lengths, empty lines, and bytes that are not ASCII.
		out += index % 9 === 0 ? '\n' : `line ${index} ${'é'.repeat(index % 4)}${'x'.repeat((index * 31) % 120)}\n`;
	}
	return out;
}

/** What must be written: every line (a last one without a newline gets one), cut at `max` bytes. */
function expected(input: Buffer, options: {prefix?: string; max: number}): string {
	const pieces: Buffer[] = [];
	const lines: Buffer[] = [];
	for (let start = 0; start < input.length; ) {
		const end = input.indexOf(0x0a, start);
		lines.push(input.subarray(start, end < 0 ? input.length : end));
		start = end < 0 ? input.length : end + 1;
	}
	for (const line of lines) {
		let from = 0;
		do {
			pieces.push(Buffer.from(options.prefix ?? ''), line.subarray(from, Math.min(line.length, from + options.max)), Buffer.from('\n'));
			from += options.max;
		} while (from < line.length);
	}
	return Buffer.concat(pieces).toString('latin1');
}

/** Feed `bytes` in pieces of the given sizes (cycled); every push must give whole lines. */
function split(splitter: PlainLineSplitter, bytes: Buffer, sizes: number[]): string {
	const out: Buffer[] = [];
	let offset = 0;
	for (let index = 0; offset < bytes.length; index++) {
		const size = sizes[index % sizes.length]!;
		const written = Buffer.concat(splitter.push(Buffer.from(bytes.subarray(offset, offset + size))));
		offset += size;
		if (written.length > 0) expect(written.at(-1)).toBe(0x0a);
		out.push(written);
	}
	out.push(...splitter.flush());
	return Buffer.concat(out).toString('latin1');
}

describe('PlainLineSplitter', () => {
	const bytes = Buffer.from(text(500));
	const chunkings = [[1], [7], [33, 1, 250], [4096], [bytes.length]];

	for (const prefix of [undefined, '[pod/p/c] ']) {
		it(`writes whole lines whatever the chunking (prefix ${prefix !== undefined})`, () => {
			for (const sizes of chunkings) {
				const splitter = new PlainLineSplitter({prefix: prefix === undefined ? undefined : Buffer.from(prefix), maxLineLength: 1 << 20});
				expect(split(splitter, bytes, sizes)).toBe(expected(bytes, {prefix, max: 1 << 20}));
			}
		});
	}

	it('passes a chunk of whole lines through as the same bytes, without copying', () => {
		const splitter = new PlainLineSplitter({maxLineLength: 1 << 20});
		const output = splitter.push(bytes);
		expect(output).toHaveLength(1);
		expect(output[0]!.buffer).toBe(bytes.buffer);
		expect(output[0]!.length).toBe(bytes.length);
	});

	it('writes a chunk with a prefix as one buffer, not one per line', () => {
		const splitter = new PlainLineSplitter({prefix: Buffer.from('> '), maxLineLength: 1 << 20});
		const output = splitter.push(bytes);
		expect(output).toHaveLength(1);
		expect(output[0]!.toString('latin1')).toBe(expected(bytes, {prefix: '> ', max: 1 << 20}));
	});

	it('cuts lines longer than the limit into pieces of exactly the limit, prefix or not', () => {
		const long = Buffer.from(`short\n${'a'.repeat(250)}\n${'b'.repeat(64)}\nend-${'c'.repeat(70)}`);
		for (const prefix of [undefined, '> ']) {
			for (const sizes of [[1], [5], [40], [64], [65], [long.length]]) {
				const splitter = new PlainLineSplitter({prefix: prefix === undefined ? undefined : Buffer.from(prefix), maxLineLength: 64});
				expect(split(splitter, long, sizes)).toBe(expected(long, {prefix, max: 64}));
			}
		}
	});

	it('holds a line without a newline until it is complete, or the stream ends', () => {
		const splitter = new PlainLineSplitter({maxLineLength: 1 << 20});
		expect(splitter.push(Buffer.from('one\ntw'))).toEqual([Buffer.from('one\n')]);
		expect(splitter.push(Buffer.from('o and'))).toEqual([]);
		expect(Buffer.concat(splitter.push(Buffer.from(' more\nthr'))).toString()).toBe('two and more\n');
		expect(Buffer.concat(splitter.flush()).toString()).toBe('thr\n');
		expect(splitter.flush()).toEqual([]);
	});
});
