import {Box, Text} from 'ink';
import type {Message} from '../model/app-state.js';
import {truncate} from '../model/text.js';
import type {Theme} from './theme.js';

// The keys that work here, and below them the transient message line.

type Props = {hints: Array<[string, string]>; message?: Message; theme: Theme; width: number};

export function Footer({hints, message, theme, width}: Props) {
	const text = hints.map(([key, what]) => `${key} ${what}`).join('  ');
	return (
		<Box flexDirection="column" width={width} height={2} flexShrink={0}>
			<Text wrap="truncate" dimColor={theme.dim}>
				{' ' + truncate(text, width - 1)}
			</Text>
			<Text wrap="truncate" color={message?.level === 'error' ? theme.error : undefined} dimColor={message?.level === 'info' && theme.dim}>
				{message ? ' ' + truncate(message.text, width - 1) : ' '}
			</Text>
		</Box>
	);
}
