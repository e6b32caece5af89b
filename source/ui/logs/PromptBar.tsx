import {Text} from 'ink';
import type {Prompt} from '../../model/logs/screen.js';
import {truncate} from '../../model/text.js';
import {sanitizeName} from '../../model/sanitize.js';
import type {Theme} from '../theme.js';

// The line under the panes: the search/filter prompt while typing, else where the panes are.

type Props = {prompt?: Prompt; info: string; width: number; theme: Theme};

export function PromptBar({prompt, info, width, theme}: Props) {
	if (!prompt) {
		return (
			<Text dimColor={theme.dim} wrap="truncate">
				{truncate(` ${info}`, width)}
			</Text>
		);
	}
	const label = prompt.kind === 'hide' ? 'hide / show (container or pod; empty: show all): ' : `${prompt.kind}${prompt.mode === 'regex' ? ' (regex)' : ''}: `;
	const error = prompt.error ? `  ${prompt.error}` : '';
	const text = truncate(` ${label}${sanitizeName(prompt.text)}█`, Math.max(0, width - error.length));
	return (
		<Text wrap="truncate">
			<Text color={theme.accent}>{text}</Text>
			<Text color={theme.error}>{truncate(error, width - text.length)}</Text>
		</Text>
	);
}
