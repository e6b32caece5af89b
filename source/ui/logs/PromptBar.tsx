import {Text} from 'ink';
import type {Prompt} from '../../model/logs/screen.js';
import {truncate} from '../../model/text.js';
import {sanitizeName, visibleWidth} from '../../model/sanitize.js';
import type {Theme} from '../theme.js';

// The line under the panes: the prompt while typing (search, filter, save to, …), else where the panes are.

/** `matches`: how many lines the search being typed finds. */
type Props = {prompt?: Prompt; matches?: number; info: string; width: number; theme: Theme};

const labels: Partial<Record<Prompt['kind'], string>> = {hide: 'hide / show (container or pod; empty: show all): ', save: 'save to: '};

/** The label and what is typed, cut on the left when too long: the end, where the cursor is, stays in view. */
function typing(label: string, typed: string, width: number): string {
	if (visibleWidth(label) + visibleWidth(typed) <= width) return `${label}${typed}`;
	const room = width - visibleWidth(label) - 1;
	if (room < 8) return truncate(`${label}${typed}`, width);
	const chars = [...typed];
	let tail = '';
	for (let index = chars.length - 1; index >= 0 && visibleWidth(chars[index]! + tail) <= room; index--) tail = chars[index]! + tail;
	return `${label}…${tail}`;
}

export function PromptBar({prompt, matches, info, width, theme}: Props) {
	if (!prompt) {
		return (
			<Text dimColor={theme.dim} wrap="truncate">
				{truncate(` ${info}`, width)}
			</Text>
		);
	}
	const label = labels[prompt.kind] ?? `${prompt.kind}${prompt.mode === 'regex' ? ' (regex)' : ''}: `;
	const count = matches === undefined ? '' : `  ${matches} ${matches === 1 ? 'match' : 'matches'}`;
	const error = prompt.error ? `  ${prompt.error}` : count;
	const text = typing(` ${label}`, `${sanitizeName(prompt.text)}█`, Math.max(0, width - error.length));
	return (
		<Text wrap="truncate">
			<Text color={theme.accent}>{text}</Text>
			<Text color={prompt.error ? theme.error : undefined} dimColor={!prompt.error && theme.dim}>
				{truncate(error, width - text.length)}
			</Text>
		</Text>
	);
}
