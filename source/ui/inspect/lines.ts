import {visibleWidth} from '../../model/sanitize.js';
import {truncate} from '../../model/text.js';

// Screen lines as coloured segments, cut or padded to an exact width so every frame has the
// size it is given.

export type Segment = {text: string; color?: string; bold?: boolean; dim?: boolean; inverse?: boolean};
export type Line = Segment[];

export const plain = (text: string, style: Omit<Segment, 'text'> = {}): Line => [{text, ...style}];

/** The line cut to `width` columns and padded with spaces to exactly that. */
export function fitLine(line: Line, width: number): Line {
	const result: Line = [];
	let used = 0;
	for (const segment of line) {
		if (used >= width) break;
		const room = width - used;
		const text = visibleWidth(segment.text) > room ? truncate(segment.text, room) : segment.text;
		result.push({...segment, text});
		used += visibleWidth(text);
	}
	if (used < width) result.push({text: ' '.repeat(width - used)});
	return result;
}

/** Mark every case-insensitive occurrence of `needle` in a plain line as inverse. */
export function highlight(text: string, needle: string, style: Omit<Segment, 'text'> = {}): Line {
	if (!needle) return [{text, ...style}];
	const lower = text.toLowerCase();
	const target = needle.toLowerCase();
	const line: Line = [];
	let from = 0;
	for (let at = lower.indexOf(target); at >= 0; at = lower.indexOf(target, at + target.length)) {
		if (at > from) line.push({text: text.slice(from, at), ...style});
		line.push({text: text.slice(at, at + target.length), ...style, inverse: true});
		from = at + target.length;
	}
	if (from < text.length) line.push({text: text.slice(from), ...style});
	return line;
}
