// A terminal screen as `tmux capture-pane -e -p` prints it (text with SGR colour sequences,
// one line per row) read back into a grid of cells, so scripts/screens/svg.ts can draw it.
// Pure: no I/O. Only SGR matters in a capture; any other escape sequence is skipped, never
// drawn, because the text on screen came from the cluster and is not to be trusted.
import stringWidth from 'string-width';

/** A colour: undefined is the terminal's default, a number an xterm palette index (0–255), a string `#rrggbb`. */
export type Color = number | string | undefined;

export type Style = {
	fg: Color;
	bg: Color;
	bold: boolean;
	dim: boolean;
	italic: boolean;
	underline: boolean;
	inverse: boolean;
	strike: boolean;
	hidden: boolean;
};

/** One column of the screen. A wide character takes its cell (width 2) and the next (width 0, empty text). */
export type Cell = {text: string; width: 0 | 1 | 2; style: Style};

export type Grid = {columns: number; rows: number; cells: Cell[][]};

export const plainStyle: Style = Object.freeze({
	fg: undefined,
	bg: undefined,
	bold: false,
	dim: false,
	italic: false,
	underline: false,
	inverse: false,
	strike: false,
	hidden: false,
});

const segmenter = new Intl.Segmenter('en', {granularity: 'grapheme'});

/** Read a capture into a grid of exactly `columns` × `rows` cells (padded with blanks, cut at the edges). */
export function parseCapture(capture: string, columns: number, rows: number): Grid {
	const cells: Cell[][] = [];
	let style: Style = plainStyle;
	const lines = capture.replace(/\n$/, '').split('\n');
	for (const line of lines.slice(0, rows)) {
		const row: Cell[] = [];
		for (const token of tokens(line)) {
			if (token.sgr !== undefined) {
				style = applySgr(style, token.sgr);
				continue;
			}
			for (const {segment} of segmenter.segment(token.text)) addGrapheme(row, segment, style);
		}
		cells.push(padRow(row, columns));
	}
	while (cells.length < rows) cells.push(padRow([], columns));
	return {columns, rows, cells};
}

function addGrapheme(row: Cell[], grapheme: string, style: Style): void {
	// Control characters have no place on a screen: what tmux printed as one is dropped.
	const text = grapheme.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
	if (text === '') return;
	const width = stringWidth(text);
	if (width === 0) {
		// A combining mark or joiner with nothing before it to join stands alone.
		const last = row.findLast(cell => cell.width > 0);
		if (last) last.text += text;
		return;
	}
	row.push({text, width: width >= 2 ? 2 : 1, style});
	if (width >= 2) row.push({text: '', width: 0, style});
}

/** Pad a row to `columns` with blanks; cut it there, never leaving half a wide character. */
function padRow(row: Cell[], columns: number): Cell[] {
	const cut = row.slice(0, columns);
	if (cut.length > 0 && cut.at(-1)!.width === 2) cut[cut.length - 1] = {text: ' ', width: 1, style: cut.at(-1)!.style};
	while (cut.length < columns) cut.push({text: ' ', width: 1, style: plainStyle});
	return cut;
}

type Token = {text: string; sgr?: undefined} | {text?: undefined; sgr: string};

/** Split a line into text and SGR parameter strings; other escape sequences vanish. */
export function* tokens(line: string): Generator<Token> {
	// CSI (params, intermediates, final), OSC (to BEL or ST), or any other two-byte escape.
	const sequence = /\u001b(?:\[([0-?]*)[ -/]*([@-~])|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[^[\]]?)/g;
	let at = 0;
	for (const match of line.matchAll(sequence)) {
		if (match.index > at) yield {text: line.slice(at, match.index)};
		if (match[2] === 'm') yield {sgr: match[1] ?? ''};
		at = match.index + match[0].length;
	}
	if (at < line.length) yield {text: line.slice(at)};
}

/** The style after one SGR sequence (`1;38;5;208`, `38:2::255:0:0`, `0`, or empty for a reset). */
export function applySgr(style: Style, parameters: string): Style {
	const next = {...style};
	const params = parameters === '' ? ['0'] : parameters.split(';');
	for (let index = 0; index < params.length; index++) {
		const [head = '', ...subs] = params[index]!.split(':');
		const code = head === '' ? 0 : Number(head);
		if (code === 38 || code === 48 || code === 58) {
			// Colon form carries its arguments with it; semicolon form takes the next parameters.
			const args = subs.length > 0 ? subs : params.slice(index + 1);
			const {color, used} = extendedColor(args, subs.length > 0);
			if (subs.length === 0) index += used;
			if (code === 38) next.fg = color;
			if (code === 48) next.bg = color;
			continue;
		}
		applyCode(next, code, subs);
	}
	return next;
}

function applyCode(style: Style, code: number, subs: string[]): void {
	if (code === 0) Object.assign(style, plainStyle);
	else if (code === 1) style.bold = true;
	else if (code === 2) style.dim = true;
	else if (code === 3) style.italic = true;
	else if (code === 4) style.underline = subs[0] !== '0';
	else if (code === 7) style.inverse = true;
	else if (code === 8) style.hidden = true;
	else if (code === 9) style.strike = true;
	else if (code === 21) style.underline = true;
	else if (code === 22) {
		style.bold = false;
		style.dim = false;
	} else if (code === 23) style.italic = false;
	else if (code === 24) style.underline = false;
	else if (code === 27) style.inverse = false;
	else if (code === 28) style.hidden = false;
	else if (code === 29) style.strike = false;
	else if (code >= 30 && code <= 37) style.fg = code - 30;
	else if (code === 39) style.fg = undefined;
	else if (code >= 40 && code <= 47) style.bg = code - 40;
	else if (code === 49) style.bg = undefined;
	else if (code >= 90 && code <= 97) style.fg = code - 90 + 8;
	else if (code >= 100 && code <= 107) style.bg = code - 100 + 8;
	// Blink, overline, fonts and the rest have no picture to make.
}

/** `5;N` or `2;R;G;B` (colon form: `2:CS:R:G:B` or `2:R:G:B`); how many parameters it took. */
function extendedColor(args: string[], colonForm: boolean): {color: Color; used: number} {
	const kind = Number(args[0]);
	if (kind === 5) {
		const index = Number(args[1]);
		return {color: Number.isInteger(index) && index >= 0 && index <= 255 ? index : undefined, used: 2};
	}
	if (kind === 2) {
		const rgb = colonForm && args.length >= 5 ? args.slice(2, 5) : args.slice(1, 4);
		const [r, g, b] = rgb.map(value => Math.max(0, Math.min(255, Number(value) || 0)));
		return {color: `#${[r, g, b].map(value => value!.toString(16).padStart(2, '0')).join('')}`, used: 4};
	}
	return {color: undefined, used: 1};
}
