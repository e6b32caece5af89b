import {visibleWidth} from '../../model/sanitize.js';
import type {Line, Segment} from './lines.js';

// Long lines of the describe, events and doctor screens: wrapped (at a space when there is
// one, continuation rows indented under the value they continue), or cut and scrolled
// sideways. Pure, so the screens' rows are tested without Ink.

type Cell = {char: string; width: number; segment: number};

const cellsOf = (line: Line): Cell[] => line.flatMap((segment, index) => [...segment.text].map(char => ({char, width: visibleWidth(char), segment: index})));

function toLine(line: Line, cells: Cell[]): Line {
	const result: Line = [];
	for (const cell of cells) {
		const last = result.at(-1) as (Segment & {from?: number}) | undefined;
		if (last && last.from === cell.segment) last.text += cell.char;
		else result.push({...line[cell.segment]!, text: cell.char, from: cell.segment} as Segment);
	}
	return result.map(({from: _, ...segment}: Segment & {from?: number}) => segment);
}

/** The line in rows of at most `width` cells; rows after the first start with `indent` spaces. */
export function wrapLine(line: Line, width: number, indent = 0): Line[] {
	const cells = cellsOf(line);
	const total = cells.reduce((sum, cell) => sum + cell.width, 0);
	if (total <= width || width < 2) return [line];
	// Continuations keep at least 20 cells (or half a narrow line) for their text.
	const pad = Math.min(Math.max(0, indent), Math.max(Math.floor(width / 2), width - 20));
	const rows: Line[] = [];
	let start = 0;
	while (start < cells.length) {
		const room = rows.length === 0 ? width : width - pad;
		let used = 0;
		let end = start;
		let space = -1;
		while (end < cells.length && used + cells[end]!.width <= room) {
			if (cells[end]!.char === ' ' && end > start) space = end + 1;
			used += cells[end]!.width;
			end++;
		}
		// Break after the last space, unless that leaves most of the row empty (a long word).
		if (end < cells.length && space > start && space - start >= room / 3) end = space;
		if (end === start) end = start + 1;
		const row = toLine(line, cells.slice(start, end));
		rows.push(rows.length === 0 ? row : [{text: ' '.repeat(pad)}, ...row]);
		start = end;
		// A continuation does not begin with the space it broke at.
		while (start < cells.length && cells[start]!.char === ' ') start++;
	}
	return rows;
}

/** The line without its first `x` cells (a wide character cut in half becomes a space). */
export function shiftLine(line: Line, x: number): Line {
	if (x <= 0) return line;
	const cells = cellsOf(line);
	let skipped = 0;
	let index = 0;
	while (index < cells.length && skipped < x) skipped += cells[index++]!.width;
	const rest = toLine(line, cells.slice(index));
	return skipped > x ? [{text: ' '}, ...rest] : rest;
}

export type Laid = {
	/** The rows to show, wrapped or not (unshifted). */
	rows: Line[];
	/** The row each line starts at. */
	starts: number[];
	/** The widest line, in cells: how far sideways scrolling goes. */
	widest: number;
};

export function layoutLines(lines: readonly Line[], width: number, wrap: boolean, indentOf: (line: Line) => number = () => 0): Laid {
	const rows: Line[] = [];
	const starts: number[] = [];
	let widest = 0;
	for (const line of lines) {
		starts.push(rows.length);
		widest = Math.max(
			widest,
			line.reduce((sum, segment) => sum + visibleWidth(segment.text), 0),
		);
		if (wrap) rows.push(...wrapLine(line, width, indentOf(line)));
		else rows.push(line);
	}
	return {rows, starts, widest};
}

/** The line a row belongs to. */
export function lineAt(starts: readonly number[], row: number): number {
	let low = 0;
	let high = starts.length - 1;
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (starts[middle]! <= row) low = middle;
		else high = middle - 1;
	}
	return Math.max(0, low);
}

const textOf = (line: Line) => line.map(segment => segment.text).join('');

/** Under the value of a "Key:   value" line, else two past the line's own indent. */
export function valueIndent(line: Line): number {
	const text = textOf(line);
	const key = /^\s*[^\s:][^:]*:\s+(?=\S)/.exec(text);
	return key ? visibleWidth(key[0]) : (/^\s*/.exec(text)?.[0].length ?? 0) + 2;
}
