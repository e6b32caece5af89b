import {Box, Text} from 'ink';
import {useState} from 'react';
import {visibleWidth} from '../model/sanitize.js';
import {fit} from '../model/text.js';
import {type Binding, bindings, keyLabel} from './keymap.js';
import {legend} from './legend.js';
import {commandAvailable} from './screens.js';
import type {Theme} from './theme.js';
import {useKeys} from './use-keys.js';

// Generated from the keymap, so help never disagrees with what the keys do. The keys of the
// screen it was opened from come first; a terminal too short for all of them scrolls (j/k,
// PgUp/PgDn, g/G), since the screen's owner only listens for the keys that close it.

type Props = {width: number; height: number; theme: Theme; /** The `where` of the screen it covers: 'pods', 'logs', … */ context?: string};

const keyText = (binding: Binding) => binding.keys.map(keyLabel).join(' ');

/** The screen's own keys, then those that work everywhere, then the rest, each in keymap order. */
function helpOrder(context: string | undefined): Binding[] {
	const available = bindings.filter(binding => commandAvailable(binding.command));
	const rank = (binding: Binding) => (context && binding.where.split(', ').includes(context) ? 0 : binding.where === 'everywhere' ? 1 : 2);
	return available.map((binding, index) => ({binding, index})).sort((a, b) => rank(a.binding) - rank(b.binding) || a.index - b.index).map(item => item.binding);
}

type Entry = {id: string; keys: string; where: string; text: string; title?: boolean};

/** The keys, and what the marks on the screens mean: after the browser's own keys, else last. */
function entries(context: string | undefined): Entry[] {
	const ordered = helpOrder(context);
	const keys = ordered.map(binding => ({id: binding.command, keys: keyText(binding), where: binding.where, text: binding.help}));
	const marks = [{id: 'marks', keys: 'Marks', where: '', text: '', title: true}, ...legend.map(entry => ({id: `mark ${entry.mark}`, keys: entry.mark, where: entry.where, text: entry.meaning}))];
	const own = context === 'pods' || context === 'containers' ? ordered.filter(binding => binding.where.split(', ').includes(context)).length : keys.length;
	return [...keys.slice(0, own), ...marks, ...keys.slice(own)];
}

export function HelpOverlay({width, height, theme, context}: Props) {
	const ordered = entries(context);
	// Border and padding, the title and the closing line.
	const rows = Math.max(1, height - 4);
	const maxOffset = Math.max(0, ordered.length - rows);
	const [offset, setOffset] = useState(0);
	useKeys(({name}) => {
		const move = name === 'j' || name === 'down' ? 1 : name === 'k' || name === 'up' ? -1 : name === 'pagedown' || name === 'ctrl+f' ? rows : name === 'pageup' || name === 'ctrl+b' ? -rows : name === 'G' || name === 'end' ? ordered.length : name === 'g' || name === 'home' ? -ordered.length : 0;
		if (move !== 0) setOffset(current => Math.min(maxOffset, Math.max(0, current + move)));
	});
	const shown = ordered.slice(Math.min(offset, maxOffset), Math.min(offset, maxOffset) + rows);
	// As wide as the longest entry (within reason), and two spaces between columns even when cut.
	const keyWidth = Math.min(12, Math.max(...ordered.map(entry => visibleWidth(entry.keys))));
	const whereWidth = Math.min(width >= 100 ? 18 : 10, Math.max(...ordered.map(binding => visibleWidth(binding.where))));
	const start = Math.min(offset, maxOffset);
	const position = maxOffset > 0 ? `  ${start + 1}–${start + shown.length} of ${ordered.length}, j/k to scroll` : '';
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1} overflow="hidden">
			<Text wrap="truncate">
				<Text bold>Keys</Text>
				<Text dimColor={theme.dim}>{position}</Text>
			</Text>
			{shown.map(entry => (
				<Text key={entry.id} wrap="truncate" bold={entry.title}>
					<Text color={entry.title ? undefined : theme.accent}>{fit(entry.keys, keyWidth)}  </Text>
					<Text dimColor={theme.dim}>{fit(entry.where, whereWidth)}  </Text>
					{entry.text}
				</Text>
			))}
			<Text dimColor={theme.dim}>esc or ? closes this help</Text>
		</Box>
	);
}
