import {describe, expect, it} from 'vitest';
import {DEFAULT_MAX_LINE_LENGTH, createLineDecoder, sanitizeLine, sanitizeName, stripSgr, visibleWidth} from '../../source/model/sanitize.js';

const ESC = '\x1b';
// Anything a terminal could act on: C0 (TAB included, since it is expanded), DEL, C1.
const FORBIDDEN = /[\x00-\x1f\x7f-\x9f]/;
const SGR_G = /\x1b\[[0-9;:]*m/g;

// Deterministic so a failing case can be reproduced.
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

function decodeAll(chunks: Uint8Array[], maxLineLength?: number): string[] {
	const decoder = createLineDecoder(maxLineLength === undefined ? undefined : {maxLineLength});
	const lines: string[] = [];
	for (const chunk of chunks) {
		lines.push(...decoder.push(chunk));
	}

	lines.push(...decoder.flush());
	return lines;
}

describe('sanitizeLine fast path', () => {
	it('returns clean text unchanged', () => {
		const line = '2024-05-01T12:00:00Z INFO listening on :8080 — ünïcödé 世界 😀';
		expect(sanitizeLine(line)).toBe(line);
		expect(sanitizeLine('')).toBe('');
		expect(sanitizeName('web-7d4b9c-xk2lp')).toBe('web-7d4b9c-xk2lp');
	});
});

describe('sanitizeLine neutralises every control sequence', () => {
	const cases: Array<[string, string, string]> = [
		['OSC 52 clipboard write', '\x1b]52;c;aGVsbG8=\x07', '␛]52;c;aGVsbG8=␇'],
		['OSC 0 title ended by BEL', '\x1b]0;pwned\x07after', '␛]0;pwned␇after'],
		['OSC 0 title ended by ST', '\x1b]0;pwned\x1b\\after', '␛]0;pwned␛\\after'],
		['OSC 8 hyperlink', '\x1b]8;;http://evil\x1b\\text\x1b]8;;\x1b\\', '␛]8;;http://evil␛\\text␛]8;;␛\\'],
		['CSI clear screen', 'a\x1b[2Jb', 'a␛[2Jb'],
		['CSI cursor position', '\x1b[10;10Hx', '␛[10;10Hx'],
		['CSI cursor up', '\x1b[Aup', '␛[Aup'],
		['CSI erase line', '\x1b[2K\x1b[1G', '␛[2K␛[1G'],
		['alternate screen', '\x1b[?1049h', '␛[?1049h'],
		['private mode ending in m', '\x1b[?25m', '␛[?25m'],
		['keyboard mode that looks like SGR', '\x1b[>4;2m', '␛[>4;2m'],
		['DCS', '\x1bPq#0;2;0;0;0#0~~\x1b\\', '␛Pq#0;2;0;0;0#0~~␛\\'],
		['APC', '\x1b_Gf=100;AAAA\x1b\\', '␛_Gf=100;AAAA␛\\'],
		['PM', '\x1b^private\x1b\\', '␛^private␛\\'],
		['SOS', '\x1bXstring\x1b\\', '␛Xstring␛\\'],
		['full reset', '\x1bc', '␛c'],
		['save and restore cursor', '\x1b7x\x1b8', '␛7x␛8'],
		['reverse index', '\x1bM', '␛M'],
		['8-bit CSI', '\x9b2J', '\\x9b2J'],
		['8-bit OSC with 8-bit ST', '\x9d0;title\x9c', '\\x9d0;title\\x9c'],
		['8-bit DCS', '\x90q\x9c', '\\x90q\\x9c'],
		['lone ESC at end', 'text\x1b', 'text␛'],
		['ESC [ at end', 'text\x1b[', 'text␛['],
		['unterminated OSC swallows nothing', '\x1b]0;title and the rest', '␛]0;title and the rest'],
		['unterminated DCS swallows nothing', '\x1bPdata and more', '␛Pdata and more'],
		['BEL', 'ding\x07', 'ding␇'],
		['backspace', 'abc\b\b\bxyz', 'abc␈␈␈xyz'],
		['CR mid-line', 'progress 10%\rprogress 20%', 'progress 10%␍progress 20%'],
		['trailing CR', 'line\r', 'line␍'],
		['LF', 'one\ntwo', 'one␊two'],
		['NUL', 'a\0b', 'a␀b'],
		['DEL', 'a\x7fb', 'a␡b'],
		['vertical tab and form feed', '\v\f', '␋␌'],
	];

	for (const [name, input, expected] of cases) {
		it(name, () => {
			expect(sanitizeLine(input)).toBe(expected);
			expect(sanitizeLine(input, {keepSgr: false})).toBe(expected);
			expect(sanitizeName(input)).toBe(expected);
		});
	}
});

describe('SGR handling', () => {
	it('keeps basic SGR verbatim', () => {
		const line = '\x1b[31mred\x1b[0m';
		expect(sanitizeLine(line)).toBe(line);
		expect(sanitizeLine(line, {keepSgr: true})).toBe(line);
	});

	it('keeps 256-colour, truecolour and colon-form SGR', () => {
		for (const line of [
			'\x1b[38;5;208morange\x1b[0m',
			'\x1b[48;5;17mbg\x1b[m',
			'\x1b[38;2;255;100;0mtrue\x1b[0m',
			'\x1b[38:2::255:100:0mcolon\x1b[0m',
			'\x1b[1;4:3;58:5:196mstyled\x1b[0m',
			'\x1b[1m\x1b[32mbold green\x1b[22;39m\x1b[m',
		]) {
			expect(sanitizeLine(line)).toBe(line);
		}
	});

	it('shows SGR visibly when not kept', () => {
		expect(sanitizeLine('\x1b[31mred\x1b[0m', {keepSgr: false})).toBe('␛[31mred␛[0m');
		expect(sanitizeName('\x1b[31mred\x1b[0m')).toBe('␛[31mred␛[0m');
	});

	it('closes SGR left open so colour cannot bleed into the UI', () => {
		expect(sanitizeLine('\x1b[31mred')).toBe('\x1b[31mred\x1b[0m');
		expect(sanitizeLine('\x1b[0;31mred')).toBe('\x1b[0;31mred\x1b[0m');
		expect(sanitizeLine('\x1b[31mred\x1b[m')).toBe('\x1b[31mred\x1b[m');
		expect(sanitizeLine('\x1b[31mred\x1b[0;0m')).toBe('\x1b[31mred\x1b[0;0m');
	});

	it('keeps SGR but neutralises other sequences next to it', () => {
		expect(sanitizeLine('\x1b[31m\x1b[2Jred\x1b[0m')).toBe('\x1b[31m␛[2Jred\x1b[0m');
		expect(sanitizeLine('\x1b\x1b[31mx\x1b[0m')).toBe('␛\x1b[31mx\x1b[0m');
		expect(sanitizeLine('\x1b[31\x1b[0m')).toBe('␛[31\x1b[0m');
	});

	it('stripSgr removes colours only', () => {
		expect(stripSgr('\x1b[31mred\x1b[0m plain')).toBe('red plain');
		expect(stripSgr('\x1b[38;2;1;2;3mx\x1b[m')).toBe('x');
		expect(stripSgr(sanitizeLine('\x1b[31mred\x1b[2J'))).toBe('red␛[2J');
		const plain = 'no colour here';
		expect(stripSgr(plain)).toBe(plain);
	});
});

describe('TAB expansion', () => {
	it('expands to the next multiple of eight columns', () => {
		expect(sanitizeLine('\tx')).toBe(' '.repeat(8) + 'x');
		expect(sanitizeLine('a\tb')).toBe('a' + ' '.repeat(7) + 'b');
		expect(sanitizeLine('12345678\tx')).toBe('12345678' + ' '.repeat(8) + 'x');
		expect(sanitizeLine('a\t\tb')).toBe('a' + ' '.repeat(15) + 'b');
		expect(sanitizeLine('\tat com.example.Main.run(Main.java:42)')).toBe('        at com.example.Main.run(Main.java:42)');
	});

	it('counts display columns, not code units', () => {
		expect(sanitizeLine('世界\tx')).toBe('世界' + ' '.repeat(4) + 'x');
		expect(sanitizeLine('e\u0301\tx')).toBe('e\u0301' + ' '.repeat(7) + 'x');
		expect(sanitizeLine('\x1b[31mab\x1b[0m\tx')).toBe('\x1b[31mab\x1b[0m' + ' '.repeat(6) + 'x');
		expect(sanitizeLine('\x07\tx')).toBe('␇' + ' '.repeat(7) + 'x');
		expect(sanitizeLine('\x9b\tx')).toBe('\\x9b' + ' '.repeat(4) + 'x');
		expect(sanitizeLine('\x1b[31m\tx', {keepSgr: false})).toBe('␛[31m' + ' '.repeat(3) + 'x');
	});

	it('expands in names too', () => {
		expect(sanitizeName('a\tb')).toBe('a' + ' '.repeat(7) + 'b');
	});
});

describe('sanitizeName', () => {
	it('shows newlines and carriage returns', () => {
		expect(sanitizeName('line one\nline two')).toBe('line one␊line two');
		expect(sanitizeName('crlf\r\n')).toBe('crlf␍␊');
	});

	it('neutralises an annotation carrying a clipboard write', () => {
		expect(sanitizeName('note: \x1b]52;c;ZXZpbA==\x1b\\')).toBe('note: ␛]52;c;ZXZpbA==␛\\');
	});
});

describe('sanitizer properties', () => {
	const alphabet = [
		'\x1b',
		'\x1b',
		'\x1b',
		'[',
		'[',
		']',
		'P',
		'_',
		'^',
		'X',
		'\\',
		'?',
		'>',
		'0',
		'1',
		'2',
		'3',
		'8',
		';',
		';',
		':',
		'm',
		'm',
		'H',
		'J',
		'h',
		'a',
		' ',
		'\x07',
		'\b',
		'\r',
		'\n',
		'\t',
		'\0',
		'\x7f',
		'\x9b',
		'\x9d',
		'\x9c',
		'\x90',
		'\x85',
		'世',
		'é',
		'😀',
		'\u0301',
	];

	function randomText(next: () => number): string {
		const length = Math.floor(next() * 40);
		let text = '';
		for (let index = 0; index < length; index++) {
			text += alphabet[Math.floor(next() * alphabet.length)];
		}

		return text;
	}

	it('leaves no control characters when SGR is not kept (random strings)', () => {
		// Failing inputs are collected, not asserted one by one: 40,000 expect() calls are most of the time.
		const next = random(1);
		const failing: string[] = [];
		for (let round = 0; round < 20_000; round++) {
			const input = randomText(next);
			if (FORBIDDEN.test(sanitizeLine(input, {keepSgr: false})) || FORBIDDEN.test(sanitizeName(input))) failing.push(input);
		}
		expect(failing).toEqual([]);
	});

	it('leaves only valid SGR sequences when SGR is kept (random strings)', () => {
		const next = random(2);
		const failing: string[] = [];
		for (let round = 0; round < 20_000; round++) {
			const input = randomText(next);
			const output = sanitizeLine(input);
			const withoutSgr = output.replace(SGR_G, '');
			if (FORBIDDEN.test(withoutSgr) || stripSgr(output) !== withoutSgr) failing.push(input);
		}
		expect(failing).toEqual([]);
	});

	it('holds for random bytes decoded from a stream', () => {
		const next = random(3);
		const failing: string[] = [];
		for (let round = 0; round < 2000; round++) {
			const bytes = new Uint8Array(Math.floor(next() * 200));
			for (let index = 0; index < bytes.length; index++) {
				// Bias towards control bytes and UTF-8 lead bytes for C1 (0xc2).
				const pick = next();
				bytes[index] = pick < 0.3 ? Math.floor(next() * 0x20) : pick < 0.4 ? 0xc2 : Math.floor(next() * 256);
			}

			for (const line of decodeAll([bytes])) {
				if (FORBIDDEN.test(sanitizeLine(line, {keepSgr: false})) || FORBIDDEN.test(sanitizeLine(line).replace(SGR_G, ''))) failing.push(line);
			}
		}
		expect(failing).toEqual([]);
	});

	it('is idempotent', () => {
		const next = random(4);
		const failing: string[] = [];
		for (let round = 0; round < 5000; round++) {
			const input = randomText(next);
			const once = sanitizeLine(input);
			const name = sanitizeName(input);
			if (sanitizeLine(once) !== once || sanitizeName(name) !== name) failing.push(input);
		}
		expect(failing).toEqual([]);
	});

	it('covers every C0, DEL and C1 code point', () => {
		for (let code = 0; code < 0xa0; code++) {
			if (code >= 0x20 && code < 0x7f) {
				continue;
			}

			const output = sanitizeLine(`a${String.fromCharCode(code)}b`, {keepSgr: false});
			expect(FORBIDDEN.test(output), code.toString(16)).toBe(false);
			expect(output.length, code.toString(16)).toBeGreaterThan(2);
		}
	});
});

// No timings here (speed lives in the benchmarks): a backtracking or quadratic regression on
// these inputs would not finish within the test timeout, which is what fails it.
describe('sanitizer on pathological input', () => {
	it('handles a 1 MB line full of escapes in linear time', () => {
		const hostile = '\x1b]52;c;'.repeat(150_000);
		const output = sanitizeLine(hostile);
		expect(output.startsWith('␛]52;c;␛]52;c;')).toBe(true);
		expect(output.includes(ESC)).toBe(false);
	});

	it('does not backtrack on long unfinished SGR parameters', () => {
		const hostile = ('\x1b[' + '1;'.repeat(1000)).repeat(500);
		const output = sanitizeLine(hostile);
		expect(output.includes(ESC)).toBe(false);
	});

	it('leaves ordinary lines as they are: colours kept, tabs expanded, nothing else touched', () => {
		// How fast this runs is the benchmark's business; here: the common case is passed through.
		for (let index = 0; index < 1000; index++) {
			const plain = `2024-05-01T12:00:00.${index}Z INFO request served path=/api/v1/items/${index} status=200`;
			expect(sanitizeLine(plain)).toBe(plain);
			const coloured = `\x1b[32mINFO\x1b[0m\trequest ${index} served in 12ms`;
			expect(sanitizeLine(coloured)).toBe(coloured.replace('\t', '    '));
		}
	});
});

describe('visibleWidth', () => {
	const cases: Array<[string, number]> = [
		['', 0],
		['hello', 5],
		['\x1b[31mred\x1b[0m', 3],
		['\x1b[38;2;255;0;0m世界\x1b[m', 4],
		['世界', 4],
		['한국어', 6],
		['ｱｲｳ', 3],
		['ＡＢ', 4],
		['e\u0301', 1],
		['a\u200bb', 2],
		['😀', 2],
		['😀😀', 4],
		['👍🏽', 2],
		['👨‍👩‍👧', 2],
		['🇺🇸', 2],
		['🇺🇸🇩🇪', 4],
		['❤', 1],
		['❤️', 2],
		['✅ done', 7],
		['␛[2J', 4],
		['\\x9b', 4],
		['𠀀', 2],
		['\u1100\u1161\u11a8', 2],
	];

	for (const [text, width] of cases) {
		it(`${JSON.stringify(text)} is ${width} wide`, () => {
			expect(visibleWidth(text)).toBe(width);
		});
	}

	it('ignores only SGR, and counts sanitised escapes', () => {
		expect(visibleWidth(sanitizeLine('\x1b[31mab\x1b[2J'))).toBe(2 + 4);
	});
});

describe('createLineDecoder', () => {
	const encode = (text: string) => Buffer.from(text, 'utf8');

	it('splits lines and keeps the unterminated tail until more arrives', () => {
		const decoder = createLineDecoder();
		expect(decoder.push(encode('one\ntwo\nthr'))).toEqual(['one', 'two']);
		expect(decoder.push(encode('ee'))).toEqual([]);
		expect(decoder.push(encode('\n\nfour'))).toEqual(['three', '']);
		expect(decoder.flush()).toEqual(['four']);
		expect(decoder.flush()).toEqual([]);
	});

	it('handles CRLF, also when split across chunks', () => {
		expect(decodeAll([encode('a\r\nb\r\n')])).toEqual(['a', 'b']);
		expect(decodeAll([encode('a\r'), encode('\nb\r'), encode('\n')])).toEqual(['a', 'b']);
		expect(decodeAll([encode('a\rb\n')])).toEqual(['a\rb']);
		expect(decodeAll([encode('last\r')])).toEqual(['last']);
	});

	it('does not emit an empty line for a trailing newline', () => {
		expect(decodeAll([encode('a\n')])).toEqual(['a']);
		expect(decodeAll([encode('')])).toEqual([]);
		expect(decodeAll([])).toEqual([]);
	});

	it('decodes multi-byte characters split at every possible byte', () => {
		const text = 'héllo 世界 😀 ok\nnext ünï\n';
		const bytes = encode(text);
		for (let split = 0; split <= bytes.length; split++) {
			expect(decodeAll([bytes.subarray(0, split), bytes.subarray(split)])).toEqual(['héllo 世界 😀 ok', 'next ünï']);
		}

		const oneByteAtATime = Array.from(bytes, byte => Uint8Array.of(byte));
		expect(decodeAll(oneByteAtATime)).toEqual(['héllo 世界 😀 ok', 'next ünï']);
	});

	it('replaces invalid UTF-8 with U+FFFD', () => {
		expect(decodeAll([Uint8Array.of(0x61, 0xff, 0x62, 0x0a)])).toEqual(['a\ufffdb']);
		expect(decodeAll([Uint8Array.of(0xc3, 0x28, 0x0a)])).toEqual(['\ufffd(']);
		// Overlong encoding of '/' and an encoded surrogate must not decode to characters.
		expect(decodeAll([Uint8Array.of(0xc0, 0xaf, 0x0a)])).toEqual(['\ufffd\ufffd']);
		expect(decodeAll([Uint8Array.of(0xed, 0xa0, 0x80, 0x0a)])).toEqual(['\ufffd\ufffd\ufffd']);
		// A raw 0x9b byte is not a C1 control: it is invalid UTF-8.
		expect(decodeAll([Uint8Array.of(0x9b, 0x32, 0x4a, 0x0a)])).toEqual(['\ufffd2J']);
		// Truncated sequence at end of stream.
		expect(decodeAll([Uint8Array.of(0x61, 0xe4, 0xb8)])).toEqual(['a\ufffd']);
		// Truncated sequence before a newline does not swallow the newline.
		expect(decodeAll([Uint8Array.of(0xe4, 0x0a, 0x62)])).toEqual(['\ufffd', 'b']);
	});

	it('decodes a UTF-8 encoded C1 control, which sanitizeLine then neutralises', () => {
		const [line] = decodeAll([Uint8Array.of(0xc2, 0x9b, 0x32, 0x4a, 0x0a)]);
		expect(line).toBe('\x9b2J');
		expect(sanitizeLine(line!)).toBe('\\x9b2J');
	});

	it('can be reused after flush', () => {
		const decoder = createLineDecoder();
		decoder.push(Uint8Array.of(0xe4));
		expect(decoder.flush()).toEqual(['\ufffd']);
		expect(decoder.push(encode('fresh\n'))).toEqual(['fresh']);
	});

	it('keeps a 1 MB line whole under the default limit', () => {
		const line = 'x'.repeat(1_000_000);
		expect(decodeAll([encode(line + '\nnext\n')])).toEqual([line, 'next']);
	});

	it('cuts lines longer than the default 1 MiB limit', () => {
		const line = 'y'.repeat(DEFAULT_MAX_LINE_LENGTH + 10);
		const lines = decodeAll([encode(line + '\n')]);
		expect(lines.map(piece => piece.length)).toEqual([DEFAULT_MAX_LINE_LENGTH, 10]);
	});

	it('bounds a line that arrives in many chunks without a newline', () => {
		const decoder = createLineDecoder({maxLineLength: 1000});
		const emitted: string[] = [];
		for (let chunk = 0; chunk < 100; chunk++) {
			emitted.push(...decoder.push(encode('z'.repeat(64))));
		}

		expect(emitted.length).toBe(6);
		expect(emitted.every(piece => piece.length === 1000)).toBe(true);
		expect(decoder.flush()).toEqual(['z'.repeat(400)]);
	});

	it('cuts with a configurable limit', () => {
		expect(decodeAll([encode('abcdefghij\nab\n')], 4)).toEqual(['abcd', 'efgh', 'ij', 'ab']);
		expect(decodeAll([encode('abcd\nabcd\r\n')], 4)).toEqual(['abcd', 'abcd']);
	});

	it('does not cut a CRLF that straddles the limit and a chunk boundary', () => {
		expect(decodeAll([encode('abcd\r'), encode('\nnext\n')], 4)).toEqual(['abcd', 'next']);
		expect(decodeAll([encode('abcd\r'), encode('x\n')], 4)).toEqual(['abcd', '\rx']);
	});

	it('never splits a surrogate pair when cutting', () => {
		const lines = decodeAll([encode('abc😀def\n')], 4);
		expect(lines).toEqual(['abc', '😀de', 'f']);
	});

	it('rejects unusable limits', () => {
		expect(() => createLineDecoder({maxLineLength: 0})).toThrow(RangeError);
		expect(() => createLineDecoder({maxLineLength: 1.5})).toThrow(RangeError);
	});

	it('decodes 100k lines cut into 64 KiB chunks, none lost or split', () => {
		const text = 'x'.repeat(20) + ' 2024-05-01T12:00:00Z INFO request served status=200 ü\n';
		const bytes = encode(text.repeat(100_000));
		const decoder = createLineDecoder();
		let count = 0;
		for (let offset = 0; offset < bytes.length; offset += 65_536) {
			count += decoder.push(bytes.subarray(offset, offset + 65_536)).length;
		}

		count += decoder.flush().length;
		expect(count).toBe(100_000);
	});
});

describe('what reorders or hides text', () => {
	it('shows bidi controls as their code, so a line reads in the order it was written', () => {
		expect(sanitizeLine('invoice\u202etxt.exe')).toBe('invoice\\u202etxt.exe');
		expect(sanitizeName('a\u2066b\u2069c\u200fd\u061ce')).toBe('a\\u2066b\\u2069c\\u200fd\\u061ce');
	});

	it('drops conceal and blink from a kept SGR, and the whole SGR when nothing else is left', () => {
		expect(sanitizeLine('\x1b[8msecret\x1b[0m shown')).toBe('secret\x1b[0m shown');
		expect(sanitizeLine('\x1b[1;5;31mALERT\x1b[0m')).toBe('\x1b[1;31mALERT\x1b[0m');
		expect(sanitizeLine('\x1b[6mfast\x1b[m')).toBe('fast\x1b[m');
	});

	it('keeps colour indexes that happen to be 5, 6 or 8', () => {
		expect(sanitizeLine('\x1b[38;5;8mgrey\x1b[0m')).toBe('\x1b[38;5;8mgrey\x1b[0m');
		expect(sanitizeLine('\x1b[48;2;5;6;8mrgb\x1b[0m')).toBe('\x1b[48;2;5;6;8mrgb\x1b[0m');
	});
});
