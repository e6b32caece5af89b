import {Box, Text} from 'ink';
import {type Picker, pickerMatches} from '../model/app-state.js';
import {safe, truncate} from '../model/text.js';
import type {Theme} from './theme.js';

// Namespace / context chooser: letters (j and k too) narrow the list, as in the pod filter;
// ↑/↓ or ^P/^N move, Enter switches. The namespace picker lists "all namespaces" first; the
// cursor starts on the current choice (model/app-state.ts currentIndex). When
// the API forbids listing namespaces, the typed text itself is the choice.

type Props = {picker: Picker; width: number; height: number; theme: Theme; current: string};

export function PickerOverlay({picker, width, height, theme, current}: Props) {
	const matches = pickerMatches(picker);
	const rows = Math.max(1, height - 5);
	const top = Math.max(0, Math.min(picker.index - rows + 1, matches.length - rows));
	const start = Math.max(0, Math.min(top, picker.index));
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="round" borderColor={theme.accent} paddingX={1} overflow="hidden">
			<Text bold wrap="truncate">
				{picker.kind === 'port' ? (
					<>
						Port-forward from localhost to {safe(picker.target?.pod ?? '')} <Text dimColor={theme.dim}>(pick a port or type one)</Text>
					</>
				) : (
					<>
						{picker.kind === 'namespace' ? 'Switch namespace' : 'Switch context'} <Text dimColor={theme.dim}>(current: {safe(current)})</Text>
					</>
				)}
			</Text>
			<Text wrap="truncate">
				<Text color={theme.accent}>› </Text>
				{safe(picker.query)}▏
			</Text>
			{picker.loading ? <Text dimColor={theme.dim}>loading…</Text> : null}
			{picker.error ? <Text color={picker.typed ? theme.warn : theme.error} wrap="truncate">{truncate(picker.error, width - 4)}</Text> : null}
			{matches.slice(start, start + rows).map((item, offset) => {
				const index = start + offset;
				return (
					<Text key={item} inverse={index === picker.index} wrap="truncate">
						{index === picker.index ? '▸ ' : '  '}
						{safe(item)}
						{item === current ? ' (current)' : ''}
					</Text>
				);
			})}
			{!picker.loading && matches.length === 0 && !picker.typed ? <Text dimColor={theme.dim}>no match</Text> : null}
		</Box>
	);
}
