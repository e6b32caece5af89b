import {Box, Text} from 'ink';
import type {Message} from '../model/app-state.js';
import {visibleWidth} from '../model/sanitize.js';
import {truncate} from '../model/text.js';
import type {Theme} from './theme.js';

// The keys that work here, and below them the transient message line. Hints come most useful
// first: a narrow terminal shows as many as fit, `?` always (help lists the rest), never a
// hint cut in half. A message longer than its line takes the hints' line too while it shows,
// and one longer than both loses its middle, never its end (a file name, what to do next).

type Props = {hints: Array<[string, string]>; message?: Message; theme: Theme; width: number};

const separator = '  ';

/** The hints that fit in `width` cells, in their order, `?` always among them. */
export function fitHints(hints: ReadonlyArray<[string, string]>, width: number): string {
	const texts = hints.map(([key, what]) => `${key} ${what}`);
	const help = hints.findIndex(([key]) => key === '?');
	let used = help >= 0 ? visibleWidth(texts[help]!) : 0;
	const kept = new Set(help >= 0 ? [help] : []);
	for (const [index, text] of texts.entries()) {
		if (index === help) continue;
		const cost = visibleWidth(text) + (kept.size > 0 ? separator.length : 0);
		if (used + cost > width) break;
		kept.add(index);
		used += cost;
	}
	return truncate(texts.filter((_, index) => kept.has(index)).join(separator), width);
}

/** A message in at most `lines` lines of `width` cells: wrapped, and cut in the middle if longer. */
export function messageLines(text: string, width: number, lines: number): string[] {
	const room = width * lines;
	const chars = [...text];
	let fitted = text;
	if (visibleWidth(text) > room) {
		// Keep the start and the end; the end is what a cut message loses otherwise.
		const tail: string[] = [];
		let tailWidth = 0;
		for (let index = chars.length - 1; index >= 0 && tailWidth + visibleWidth(chars[index]!) <= Math.floor(room / 2); index--) {
			tail.unshift(chars[index]!);
			tailWidth += visibleWidth(chars[index]!);
		}
		fitted = `${truncate(text, room - tailWidth)}${tail.join('')}`;
	}
	const words = wrap(fitted, width, true);
	return (words.length <= lines ? words : wrap(fitted, width, false)).slice(0, lines);
}

/** Wrapped at `width` cells, after a space in the second half of the line when `words`. */
function wrap(text: string, width: number, words: boolean): string[] {
	const result: string[] = [];
	let line = '';
	for (const char of text) {
		if (visibleWidth(line + char) > width) {
			const space = words ? line.lastIndexOf(' ') : -1;
			const cut = space >= width / 2 ? space + 1 : line.length;
			result.push(line.slice(0, cut));
			line = line.slice(cut);
		}
		line += char;
	}
	result.push(line);
	return result;
}

export function Footer({hints, message, theme, width}: Props) {
	const inner = Math.max(1, width - 1);
	const text = message ? messageLines(message.text, inner, 2) : [];
	const color = message?.level === 'error' ? theme.error : undefined;
	const dim = message?.level === 'info' && theme.dim;
	return (
		<Box flexDirection="column" width={width} height={2} flexShrink={0}>
			{text.length === 2 ? (
				<Text wrap="truncate" color={color} dimColor={dim}>
					{` ${text[0]}`}
				</Text>
			) : (
				<Text wrap="truncate" dimColor={theme.dim}>
					{` ${fitHints(hints, inner)}`}
				</Text>
			)}
			<Text wrap="truncate" color={color} dimColor={dim}>
				{` ${text.at(-1) ?? ''}`}
			</Text>
		</Box>
	);
}
