// The one gate between cluster-controlled text and the terminal. Anything a container
// (or whoever can write a pod annotation or an event) emits is hostile: a raw escape
// sequence could clear the screen, retitle the window, write the clipboard (OSC 52),
// plant a hyperlink (OSC 8) or fake the debugger's own UI. So every C0 control, DEL and
// C1 control is replaced by a visible stand-in, and the only thing ever passed through
// is a plain SGR colour sequence in log lines.
//
// Neutralising the introducer alone is enough: once ESC (or 8-bit CSI/OSC/DCS) is
// replaced, the bytes after it are ordinary printable text, so an OSC payload, a CSI
// parameter list or an unterminated DCS is shown as it is and never swallows anything.
//
// Display choices:
// - C0 controls and DEL become their Unicode control pictures (ESC → ␛, BEL → ␇,
//   CR → ␍, LF → ␊, BS → ␈, DEL → ␡), one column each.
// - C1 controls (U+0080–U+009F) have no pictures, so they become the text `\x9b` etc.
// - TAB is expanded to spaces up to the next multiple of TAB_WIDTH columns, counted from
//   the start of the string. A raw TAB would jump the cursor to a terminal tab stop
//   without erasing what is under it, leaving stale cells from the previous frame and
//   breaking the layout's width arithmetic.
// - Bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) reorder
//   what follows them on screen: "‮txt.exe" shows as "exe.txt". They become the text
//   `\u202e` etc., so the line reads in the order it was written (the Trojan Source trick).
// - A kept SGR loses its conceal (8) and blink (5, 6) attributes: hidden text is a way to
//   make a line say something else than it shows, and blinking a way to mimic urgency.

export const TAB_WIDTH = 8;

export type SanitizeOptions = {
	/** Keep SGR colour/style sequences verbatim (default true). */
	keepSgr?: boolean;
};

// Everything that needs attention; a line without any is returned as is, which is the
// overwhelmingly common case on the log path.
const NEEDS_WORK = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_G = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// SGR: CSI, parameters made only of digits, `;` and `:` (the colon form is used by
// truecolour and underline styles), final `m`. Anything else after CSI (`?`, `>`, `=`)
// is a mode or keyboard setting and must not pass.
const SGR_OR_CONTROL_G = /\x1b\[[0-9;:]*m|[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SGR_G = /\x1b\[[0-9;:]*m/g;
const SGR_RESET_PARAMS = /^[0;]*$/;
const SGR_RESET = '\x1b[0m';

const PICTURES: string[] = [];
for (let code = 0; code < 0x20; code++) {
	PICTURES[code] = String.fromCharCode(0x2400 + code);
}
PICTURES[0x7f] = '\u2421';
for (let code = 0x80; code < 0xa0; code++) {
	PICTURES[code] = `\\x${code.toString(16)}`;
}

/**
 * Make one log line safe to write to a terminal. Returns the input itself when it has no
 * control characters. When SGR sequences are kept and the last one does not reset all
 * attributes, `ESC[0m` is appended so a colour left open cannot bleed into the UI.
 */
export function sanitizeLine(text: string, options?: SanitizeOptions): string {
	if (!NEEDS_WORK.test(text)) {
		return text;
	}

	return neutralise(text, options?.keepSgr ?? true);
}

/**
 * For single-line identifiers and messages (pod/container names, images, annotations,
 * event messages): nothing is kept, so an SGR shows up as `␛[31m` and a newline as `␊`.
 */
export function sanitizeName(text: string): string {
	if (!NEEDS_WORK.test(text)) {
		return text;
	}

	return neutralise(text, false);
}

/**
 * Remove SGR sequences, for the "strip colours" toggle and NO_COLOR. Not a sanitiser:
 * apply it to the output of sanitizeLine, never to raw cluster text.
 */
export function stripSgr(text: string): string {
	return text.includes('\x1b') ? text.replace(SGR_G, '') : text;
}

function neutralise(text: string, keepSgr: boolean): string {
	const pattern = keepSgr ? SGR_OR_CONTROL_G : CONTROL_G;
	// Column tracking costs a width computation per run, so only lines with a TAB pay it.
	const trackColumn = text.includes('\t');
	let column = 0;
	let runStart = 0;
	let sgrOpen = false;

	const result = text.replace(pattern, (match: string, offset: number) => {
		if (trackColumn) {
			column += plainWidth(text, runStart, offset);
			runStart = offset + match.length;
		}

		if (match.length > 1) {
			// Only the SGR alternative matches more than one character.
			const kept = withoutHiding(match.slice(2, -1));
			if (kept === undefined) return '';
			sgrOpen = !SGR_RESET_PARAMS.test(kept);
			return `\x1b[${kept}m`;
		}

		const code = match.charCodeAt(0);
		if (code === 0x09) {
			const spaces = TAB_WIDTH - (column % TAB_WIDTH);
			column += spaces;
			return ' '.repeat(spaces);
		}

		// Every code point the pattern above matches has a picture, or is a bidi control.
		const picture = PICTURES[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
		column += picture.length;
		return picture;
	});

	return sgrOpen ? result + SGR_RESET : result;
}

/**
 * An SGR's parameters without blink (5, 6) and conceal (8); undefined when nothing is left
 * (an empty `ESC[m` would mean reset). The arguments of extended colours (38/48/58;5;N and
 * ;2;R;G;B, or their colon forms) are colours, not attributes, and stay.
 */
function withoutHiding(params: string): string | undefined {
	if (!/(^|;)[568](;|$)/.test(params)) return params;
	const parts = params.split(';');
	const kept: string[] = [];
	for (let index = 0; index < parts.length; index++) {
		const part = parts[index]!;
		if ((part === '38' || part === '48' || part === '58') && (parts[index + 1] === '5' || parts[index + 1] === '2')) {
			const take = parts[index + 1] === '5' ? 2 : 4;
			kept.push(...parts.slice(index, index + 1 + take));
			index += take;
			continue;
		}
		if (part === '5' || part === '6' || part === '8') continue;
		kept.push(part);
	}
	return kept.length === 0 ? undefined : kept.join(';');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * Terminal columns the text occupies: SGR sequences take none, East Asian wide and
 * fullwidth characters and emoji take two, combining marks and other zero-width
 * characters none. Meant for sanitised text; raw control characters count as zero.
 */
export function visibleWidth(text: string): number {
	if (PRINTABLE_ASCII.test(text)) {
		return text.length;
	}

	const plain = stripSgr(text);
	return plainWidth(plain, 0, plain.length);
}

// Width per BMP code point: 0, 1, 2, or NARROW_EMOJI (one column, but two when followed
// by VS16, which asks for emoji presentation), from Unicode properties so the table needs no
// hand-maintained data beyond the wide ranges. Filled in per code point as text meets it:
// building all 65,536 entries up front cost ten milliseconds of the first frame.
const NARROW_EMOJI = 3;
const UNKNOWN = 255;
let bmpWidths: Uint8Array | undefined;

// East Asian Wide/Fullwidth blocks in the BMP. Emoji with default emoji presentation are
// found through their Unicode property instead of being listed.
const BMP_WIDE_RANGES = [
	0x1100, 0x115f, 0x2329, 0x232a, 0x2e80, 0x303e, 0x3041, 0x3247, 0x3250, 0x33ff, 0x3400, 0x4dbf, 0x4e00, 0x9fff, 0xa000, 0xa4cf, 0xa960, 0xa97f, 0xac00,
	0xd7a3, 0xf900, 0xfaff, 0xfe10, 0xfe19, 0xfe30, 0xfe6f, 0xff00, 0xff60, 0xffe0, 0xffe6,
];
const ASTRAL_WIDE_RANGES = [
	0x16fe0, 0x16fe4, 0x16ff0, 0x16ff1, 0x17000, 0x18cff, 0x18d00, 0x18d08, 0x1aff0, 0x1b2ff, 0x1f200, 0x1f2ff, 0x20000, 0x2fffd, 0x30000, 0x3fffd,
];
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}]/u;
const EMOJI_PRESENTATION = /\p{Emoji_Presentation}/u;
const EMOJI = /\p{Emoji}/u;

const inRanges = (code: number, ranges: readonly number[]) => {
	for (let index = 0; index < ranges.length; index += 2) if (code >= ranges[index]! && code <= ranges[index + 1]!) return true;
	return false;
};

function computeBmpWidth(code: number): number {
	// Controls, C1 controls, and Hangul medial vowels and final consonants (they join the
	// preceding syllable) take no column; a lone surrogate is drawn as one replacement cell.
	if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0x1160 && code < 0x1200) || (code >= 0xd7b0 && code < 0xd800)) return 0;
	// Digits, `#` and `*` are Emoji only as keycap bases; VS16 after them is rare in logs
	// and terminals disagree, so they stay plain.
	if (code < 0x7f || (code >= 0xd800 && code <= 0xdfff)) return 1;
	const char = String.fromCharCode(code);
	if (ZERO_WIDTH.test(char)) return 0;
	if (EMOJI_PRESENTATION.test(char) || inRanges(code, BMP_WIDE_RANGES)) return 2;
	return EMOJI.test(char) ? NARROW_EMOJI : 1;
}

function bmpWidth(code: number): number {
	bmpWidths ??= new Uint8Array(0x10000).fill(UNKNOWN);
	let width = bmpWidths[code]!;
	if (width === UNKNOWN) width = bmpWidths[code] = computeBmpWidth(code);
	return width;
}

function astralWidth(codePoint: number): number {
	const char = String.fromCodePoint(codePoint);
	if (ZERO_WIDTH.test(char)) {
		return 0;
	}

	if (EMOJI_PRESENTATION.test(char)) {
		return 2;
	}

	for (let index = 0; index < ASTRAL_WIDE_RANGES.length; index += 2) {
		if (codePoint >= ASTRAL_WIDE_RANGES[index]! && codePoint <= ASTRAL_WIDE_RANGES[index + 1]!) {
			return 2;
		}
	}

	return EMOJI.test(char) ? NARROW_EMOJI : 1;
}

const ZWJ = 0x200d;
const VS16 = 0xfe0f;

// Width of text[start, end), which must hold no SGR sequences. Emoji sequences are
// approximated the way common terminals draw them: a ZWJ sequence, a skin-tone
// modified emoji and a regional-indicator pair (flag) each take two columns.
function plainWidth(text: string, start: number, end: number): number {
	let width = 0;
	// Width class of the last character that took space: VS16 and skin-tone modifiers
	// act on it.
	let base = 0;
	let afterZwj = false;
	let openRegional = false;

	for (let index = start; index < end; index++) {
		let code = text.charCodeAt(index);
		if (code < 0x7f && code >= 0x20) {
			width++;
			base = 1;
			afterZwj = false;
			openRegional = false;
			continue;
		}

		if (code >= 0xd800 && code <= 0xdbff && index + 1 < end) {
			const low = text.charCodeAt(index + 1);
			if (low >= 0xdc00 && low <= 0xdfff) {
				code = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
				index++;
			}
		}

		const kind = code < 0x10000 ? bmpWidth(code) : astralWidth(code);
		let charWidth = kind === NARROW_EMOJI ? 1 : kind;
		if (code >= 0x1f1e6 && code <= 0x1f1ff) {
			charWidth = openRegional ? 0 : 2;
			openRegional = !openRegional;
			base = 2;
		} else if (code === VS16) {
			charWidth = base === NARROW_EMOJI ? 1 : 0;
			if (base === NARROW_EMOJI) {
				base = 2;
			}
		} else if (code >= 0x1f3fb && code <= 0x1f3ff && base === 2) {
			charWidth = 0;
		} else if (afterZwj && (kind === 2 || kind === NARROW_EMOJI)) {
			charWidth = 0;
			base = 2;
		} else if (kind !== 0) {
			base = kind;
		}

		if (code < 0x1f1e6 || code > 0x1f1ff) {
			openRegional = false;
		}

		afterZwj = code === ZWJ;
		width += charWidth;
	}

	return width;
}

export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

export type LineDecoderOptions = {
	/** Longest line, in UTF-16 code units, before it is cut (default 1 MiB). */
	maxLineLength?: number;
};

export type LineDecoder = {
	/** Decode a chunk; returns the lines it completed, without their `\n` or `\r\n`. */
	push(chunk: Uint8Array): string[];
	/** End of stream: returns the unterminated last line, if any, and resets. */
	flush(): string[];
};

/**
 * Splits a byte stream into lines. Invalid UTF-8 becomes U+FFFD, multi-byte characters
 * split across chunks decode correctly, and a line longer than maxLineLength is emitted
 * in pieces of at most that length, so a container writing without newlines cannot grow
 * memory without bound. Lines are not sanitised: pass them through sanitizeLine.
 */
export function createLineDecoder(options?: LineDecoderOptions): LineDecoder {
	const maxLength = options?.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
	if (!Number.isInteger(maxLength) || maxLength < 2) {
		throw new RangeError(`maxLineLength must be an integer >= 2, got ${maxLength}`);
	}

	// A non-streaming decode() flushes and resets it, so one instance serves every stream.
	const decoder = new TextDecoder('utf-8');
	// The unterminated tail, kept as pieces so a long line arriving in many chunks is
	// joined once instead of being re-concatenated on every chunk.
	let pending: string[] = [];
	let pendingLength = 0;

	// Cuts maxLength pieces off text into lines and returns what is left. When more text
	// may follow, a tail of exactly one `\r` over the limit is left alone: it may be the
	// first half of a `\r\n` that ends a line of exactly maxLength.
	const cut = (text: string, lines: string[], more: boolean): string => {
		let start = 0;
		while (text.length - start > maxLength) {
			if (more && text.length - start === maxLength + 1 && text.charCodeAt(text.length - 1) === 0x0d) {
				break;
			}

			let end = start + maxLength;
			const last = text.charCodeAt(end - 1);
			if (last >= 0xd800 && last <= 0xdbff) {
				end--;
			}

			lines.push(text.slice(start, end));
			start = end;
		}

		return start === 0 ? text : text.slice(start);
	};

	const takePending = (tail: string): string => {
		if (pendingLength === 0) {
			return tail;
		}

		pending.push(tail);
		const text = pending.join('');
		pending = [];
		pendingLength = 0;
		return text;
	};

	const endLine = (text: string, lines: string[]) => {
		const line = text.charCodeAt(text.length - 1) === 0x0d ? text.slice(0, -1) : text;
		lines.push(cut(line, lines, false));
	};

	const take = (text: string, lines: string[]) => {
		let start = 0;
		let newline = text.indexOf('\n');
		while (newline !== -1) {
			endLine(takePending(text.slice(start, newline)), lines);
			start = newline + 1;
			newline = text.indexOf('\n', start);
		}

		if (start < text.length) {
			const tail = start === 0 ? text : text.slice(start);
			pending.push(tail);
			pendingLength += tail.length;
			if (pendingLength > maxLength) {
				const rest = cut(takePending(''), lines, true);
				pending.push(rest);
				pendingLength = rest.length;
			}
		}
	};

	return {
		push(chunk) {
			const lines: string[] = [];
			if (chunk.length > 0) {
				take(decoder.decode(chunk, {stream: true}), lines);
			}

			return lines;
		},
		flush() {
			const lines: string[] = [];
			take(decoder.decode(), lines);
			if (pendingLength > 0) {
				endLine(takePending(''), lines);
			}

			return lines;
		},
	};
}
