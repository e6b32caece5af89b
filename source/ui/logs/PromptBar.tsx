import {Text} from 'ink';
import type {Prompt} from '../../model/logs/screen.js';
import {truncate} from '../../model/text.js';
import {sanitizeName} from '../../model/sanitize.js';
import type {Theme} from '../theme.js';

// The line under the panes: the search/filter prompt while typing, else where the panes are.

/** `matches`: how many lines the search being typed finds. */
type Props = {prompt?: Prompt; matches?: number; info: string; width: number; theme: Theme};

export function PromptBar({prompt, matches, info, width, theme}: Props) {
	if (!prompt) {
		return (
			<Text dimColor={theme.dim} wrap="truncate">
				{truncate(` ${info}`, width)}
			</Text>
		);
	}
	const label = prompt.kind === 'hide' ? 'hide / show (container or pod; empty: show all): ' : `${prompt.kind}${prompt.mode === 'regex' ? ' (regex)' : ''}: `;
	const count = matches === undefined ? '' : `  ${matches} ${matches === 1 ? 'match' : 'matches'}`;
	const error = prompt.error ? `  ${prompt.error}` : count;
	const text = truncate(` ${label}${sanitizeName(prompt.text)}█`, Math.max(0, width - error.length));
	return (
		<Text wrap="truncate">
			<Text color={theme.accent}>{text}</Text>
			<Text color={prompt.error ? theme.error : undefined} dimColor={!prompt.error && theme.dim}>
				{truncate(error, width - text.length)}
			</Text>
		</Text>
	);
}
