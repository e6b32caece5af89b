import {visibleWidth} from '../sanitize.js';

// Cutting sanitised text (which may hold SGR colour sequences) into terminal rows of an
// exact width. SGR sequences take no cells; a colour open at a cut is closed at the end of
// the row and reopened at the start of the next, so wrapped colour stays right and never
// bleeds into the frame.

const SGR = /^\x1b\[[0-9;:]*m/;
const RESET = '\x1b[0m';

/**
 * Split into rows of at most `width` cells (`firstWidth` for the first, when the row already
 * holds something); `limit` rows at most, the rest dropped.
 */
export function wrapCells(text: string, width: number, limit = Number.POSITIVE_INFINITY, firstWidth = width): string[] {
	if (width <= 0) return [''];
	if (!text.includes('\x1b') && /^[\x20-\x7e]*$/.test(text)) {
		const rows: string[] = [];
		if (firstWidth !== width) {
			rows.push(text.slice(0, firstWidth));
			for (let start = firstWidth; start < text.length && rows.length < limit; start += width) rows.push(text.slice(start, start + width));
			return rows;
		}
		for (let start = 0; start < text.length && rows.length < limit; start += width) rows.push(text.slice(start, start + width));
		return rows.length ? rows : [''];
	}
	const rows: string[] = [];
	let row = '';
	let used = width - firstWidth;
	let open = '';
	const close = () => {
		rows.push(open ? row + RESET : row);
		row = open;
		used = 0;
	};
	let index = 0;
	while (index < text.length && rows.length < limit) {
		if (text.charCodeAt(index) === 0x1b) {
			const sgr = SGR.exec(text.slice(index, index + 32));
			if (sgr) {
				row += sgr[0];
				open = /^\x1b\[[0;]*m$/.test(sgr[0]) ? '' : open + sgr[0];
				index += sgr[0].length;
				continue;
			}
		}
		const code = text.codePointAt(index)!;
		const char = String.fromCodePoint(code);
		const cells = visibleWidth(char);
		if (used + cells > width) close();
		row += char;
		used += cells;
		index += char.length;
	}
	if (rows.length < limit && (used > 0 || rows.length === 0)) rows.push(open ? row + RESET : row);
	return rows;
}

/** The first `width` cells of text (no ellipsis: log lines are cut, not abbreviated). */
export function cutCells(text: string, width: number): string {
	return wrapCells(text, width, 1)[0] ?? '';
}
