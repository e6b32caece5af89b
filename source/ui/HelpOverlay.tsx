import {Box, Text} from 'ink';
import {fit} from '../model/text.js';
import {bindings} from './keymap.js';
import {commandAvailable} from './screens.js';
import type {Theme} from './theme.js';

// Generated from the keymap, so help never disagrees with what the keys do.

type Props = {width: number; height: number; theme: Theme};

export function HelpOverlay({width, height, theme}: Props) {
	const labelWidth = 12;
	const whereWidth = 12;
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1} overflow="hidden">
			<Text bold>Keys</Text>
			{bindings.filter(binding => commandAvailable(binding.command)).slice(0, Math.max(0, height - 4)).map(binding => (
				<Text key={binding.command} wrap="truncate">
					<Text color={theme.accent}>{fit(binding.keys.map(key => (key === 'return' ? '⏎' : key === 'escape' ? 'esc' : key === ' ' ? 'space' : key)).join(' '), labelWidth)}</Text>
					<Text dimColor={theme.dim}>{fit(binding.where, whereWidth)}</Text>
					{binding.help}
				</Text>
			))}
			<Text dimColor={theme.dim}>esc or ? closes this help</Text>
		</Box>
	);
}
