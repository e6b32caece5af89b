import {sanitizeName, visibleWidth} from './sanitize.js';

// Fitting cluster text into terminal cells: sanitised first, then cut by display width.

/** Cut `text` to `width` cells (with an ellipsis when cut); never wider. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (visibleWidth(text) <= width) return text;
	let result = '';
	let used = 0;
	for (const char of text) {
		const w = visibleWidth(char);
		if (used + w > width - 1) break;
		result += char;
		used += w;
	}
	return result + '…';
}

/** Truncate and pad with spaces to exactly `width` cells. */
export function fit(text: string, width: number): string {
	const cut = truncate(text, width);
	return cut + ' '.repeat(Math.max(0, width - visibleWidth(cut)));
}

/** A cluster-provided string made safe and fitted. */
export const safe = (text: string | undefined, width?: number) => {
	const clean = sanitizeName(text ?? '');
	return width === undefined ? clean : truncate(clean, width);
};

/** Greedy word wrap to `width` columns: `first` before the first line, `rest` before the others. */
export function wrapWords(text: string, width: number, first = '', rest = ''): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		const prefix = lines.length === 0 ? first : rest;
		const next = line ? `${line} ${word}` : word;
		if (line && visibleWidth(prefix + next) > width) {
			lines.push(prefix + line);
			line = word;
		} else {
			line = next;
		}
	}
	lines.push((lines.length === 0 ? first : rest) + line);
	return lines.map(item => truncate(item, width));
}
