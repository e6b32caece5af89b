import {describe, expect, it} from 'vitest';
import {ByteLineScanner} from '../../../source/kube/logs/bytes.js';
import {ResumeCursor} from '../../../source/model/logs/resume.js';

// The byte path compacts chunks in place: whatever the chunking, its output must be exactly
// what a line-by-line reading of the whole stream gives.

function stream(count: number, perSecond = 7): string {
	let text = '';
	for (let index = 0; index < count; index++) {
		const second = String(Math.floor(index / perSecond)).padStart(2, '0');
		const micros = String(index).padStart(6, '0');
		// Varying lengths, an empty line, and bytes that are not ASCII.
		const body = index % 11 === 0 ? '' : `line ${index} ${'é'.repeat(index % 5)}${'x'.repeat((index * 37) % 90)}`;
		text += `2026-11-25T10:00:${second}.${micros}Z ${body}\n`;
	}
	return text;
}

/** What the scanner must write: the same lines, stamps cut or kept, the prefix before each. */
function expected(text: string, options: {timestamps: boolean; prefix?: string}): string {
	return text
		.split('\n')
		.slice(0, -1)
		.map(line => (options.prefix ?? '') + (options.timestamps ? line : line.slice(line.indexOf(' ') + 1)) + '\n')
		.join('');
}

/** Feed `bytes` in pieces of the given sizes (cycled); fresh buffers, as a socket gives them. */
function scan(scanner: ByteLineScanner, bytes: Buffer, sizes: number[]): {text: string; lines: number; lastStamp?: string} {
	const out: Buffer[] = [];
	let lines = 0;
	let lastStamp: string | undefined;
	let offset = 0;
	for (let index = 0; offset < bytes.length; index++) {
		const size = sizes[index % sizes.length]!;
		const result = scanner.push(Buffer.from(bytes.subarray(offset, offset + size)));
		offset += size;
		out.push(...result.output);
		lines += result.lines;
		lastStamp = result.lastStamp ?? lastStamp;
	}
	const rest = scanner.flush();
	out.push(...rest.output);
	lines += rest.lines;
	return {text: Buffer.concat(out).toString('utf8'), lines, lastStamp: rest.lastStamp ?? lastStamp};
}

describe('ByteLineScanner', () => {
	const text = stream(400);
	const bytes = Buffer.from(text);
	const chunkings = [[1], [7], [33, 1, 250], [4096], [bytes.length]];

	for (const timestamps of [false, true]) {
		for (const prefix of [undefined, '[pod/p/c] ']) {
			it(`gives the lines whatever the chunking (timestamps ${timestamps}, prefix ${prefix !== undefined})`, () => {
				for (const sizes of chunkings) {
					const scanner = new ByteLineScanner(new ResumeCursor(), {
						timestamps,
						prefix: prefix === undefined ? undefined : Buffer.from(prefix),
						maxLineLength: 1 << 20,
					});
					const result = scan(scanner, bytes, sizes);
					expect(result.text).toBe(expected(text, {timestamps, prefix}));
					expect(result.lines).toBe(400);
					expect(result.lastStamp).toBe('2026-11-25T10:00:57.000399Z');
				}
			});
		}
	}

	it('keeps the resume cursor as the per-line reading does', () => {
		for (const sizes of [[100], [4096]]) {
			const cursor = new ResumeCursor();
			scan(new ByteLineScanner(cursor, {timestamps: false, maxLineLength: 1 << 20}), bytes, sizes);
			// 400 lines, 7 per second: the last second (57) holds line 399 alone.
			expect(cursor.second).toBe('2026-11-25T10:00:57Z');
			expect(cursor.count).toBe(1);
			// 400 lines, 150 per second: the last second (02) holds 100 lines.
			const many = new ResumeCursor();
			scan(new ByteLineScanner(many, {timestamps: false, maxLineLength: 1 << 20}), Buffer.from(stream(400, 150)), sizes);
			expect(many.second).toBe('2026-11-25T10:00:02Z');
			expect(many.count).toBe(100);
		}
	});

	it('skips the lines a resumed request repeats', () => {
		const cursor = new ResumeCursor();
		const first = stream(20);
		// Delivered up to line 10 (second 01 holds lines 7..9), then the connection dropped.
		const delivered = first.split('\n').slice(0, 10).join('\n') + '\n';
		scan(new ByteLineScanner(cursor, {timestamps: true, maxLineLength: 1 << 20}), Buffer.from(delivered), [64]);
		expect(cursor.resume()).toBe('2026-11-25T10:00:01Z');
		// The server answers from the start of that second: lines 7.. again.
		const resumed = first.split('\n').slice(7).join('\n');
		const result = scan(new ByteLineScanner(cursor, {timestamps: true, maxLineLength: 1 << 20}), Buffer.from(resumed), [50]);
		expect(result.text).toBe(first.split('\n').slice(10).join('\n'));
		expect(result.lines).toBe(10);
	});

	it('reports as the last stamp only a line it delivers, not one dropped as already delivered', () => {
		const stamp = (n: number) => `2026-12-05T21:27:42.${String(100000 + n * 100).padStart(6, '0')}000Z`;
		const text = (from: number, to: number) => Array.from({length: to - from + 1}, (_, index) => `${stamp(from + index)} line ${from + index}\n`).join('');
		const cursor = new ResumeCursor();
		for (let n = 1; n <= 353; n++) cursor.seen(stamp(n));
		// A read by tailLines that starts at line 1: its first chunk is all already delivered.
		cursor.resumeFromTail(stamp(353));
		const scanner = new ByteLineScanner(cursor, {timestamps: false, maxLineLength: 1 << 20});
		const first = scanner.push(Buffer.from(text(1, 144)));
		expect({lines: first.lines, lastStamp: first.lastStamp}).toEqual({lines: 0, lastStamp: undefined});
		const second = scanner.push(Buffer.from(text(145, 360)));
		expect({lines: second.lines, lastStamp: second.lastStamp}).toEqual({lines: 7, lastStamp: stamp(360)});
		expect(Buffer.concat(second.output).toString().split('\n')[0]).toBe('line 354');
	});

	it('skips what a plain reading delivered, counting the bytes written, and still feeds the cursor', () => {
		for (const timestamps of [false, true]) {
			const plain = Buffer.from(expected(text, {timestamps}));
			// A line boundary, the middle of a line, nothing and everything.
			for (const delivered of [0, plain.indexOf(0x0a, 500) + 1, plain.indexOf(0x0a, 900) + 1 - 10, plain.length]) {
				for (const sizes of [[7], [4096]]) {
					const cursor = new ResumeCursor();
					const scanner = new ByteLineScanner(cursor, {timestamps, maxLineLength: 1 << 20, skipBytes: delivered});
					const result = scan(scanner, bytes, sizes);
					const rest = plain.subarray(delivered).toString('utf8');
					// A boundary inside a line: the rest of it comes as a line of its own.
					expect(result.text).toBe(rest);
					expect(scanner.unskipped).toBe(0);
					expect(cursor.second).toBe('2026-11-25T10:00:57Z');
				}
			}
		}
		const plain = Buffer.from(expected(text, {timestamps: false}));
		const short = new ByteLineScanner(new ResumeCursor(), {timestamps: false, maxLineLength: 1 << 20, skipBytes: plain.length + 5});
		expect(scan(short, bytes, [100]).text).toBe('');
		expect(short.unskipped).toBe(5);
	});

	it('does not take the first word of a piece cut from a long line for a stamp', () => {
		const long = `2026-11-25T10:00:00Z ${'a'.repeat(60)} word ${'b'.repeat(60)}\n`;
		const scanner = new ByteLineScanner(new ResumeCursor(), {timestamps: false, maxLineLength: 64});
		for (const sizes of [[20], [33], [long.length]]) {
			expect(scan(scanner, Buffer.from(long), sizes).text.replaceAll('\n', '')).toBe(`${'a'.repeat(60)} word ${'b'.repeat(60)}`);
		}
	});

	it('cuts a line longer than the limit, with its newline, and goes on', () => {
		const long = `2026-11-25T10:00:00Z ${'a'.repeat(100)}\n2026-11-25T10:00:00.5Z next\n`;
		for (const sizes of [[5], [40], [long.length]]) {
			const scanner = new ByteLineScanner(new ResumeCursor(), {timestamps: false, maxLineLength: 64});
			const result = scan(scanner, Buffer.from(long), sizes);
			const lines = result.text.split('\n');
			expect(lines.at(-1)).toBe('');
			expect(lines.at(-2)).toBe('next');
			expect(lines.slice(0, -2).join('')).toContain('a'.repeat(30));
			expect(
				lines
					.slice(0, -2)
					.join('')
					.replace(/\d{4}-[^ ]+ /g, ''),
			).toBe('a'.repeat(100));
		}
	});

	it('writes a last line without a newline when the stream ends', () => {
		const scanner = new ByteLineScanner(new ResumeCursor(), {timestamps: false, maxLineLength: 1 << 20});
		const result = scan(scanner, Buffer.from('2026-11-25T10:00:00Z done\n2026-11-25T10:00:01Z tail'), [9]);
		expect(result.text).toBe('done\ntail\n');
		expect(result.lines).toBe(2);
	});
});
