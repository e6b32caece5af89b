import {Text} from 'ink';
import {inkPalette} from '../../model/logs/colors.js';
import type {PaneFrame} from '../../model/logs/screen.js';
import {fit} from '../../model/text.js';
import {Panel} from '../Panel.js';
import type {Theme} from '../theme.js';
import {LogRow} from './LogRow.js';

// A pane: title and state in the top border (● following, ⏸ +312 while paused, or why the
// container waits), then exactly its height in rows.

/** `marked`: show the focus without colour too (▸ and a heavy border), where several panes show. */
type Props = {frame: PaneFrame; width: number; height: number; focused: boolean; marked?: boolean; theme: Theme};

function stateLabel(frame: PaneFrame): string {
	if (frame.paused) return `⏸ +${frame.newLines}`;
	if (frame.phase === 'streaming' || frame.phase === 'merged') return '● following';
	if (frame.phase === 'reconnecting') return `↻ ${frame.status}`;
	return `◌ ${frame.status}`;
}

export function LogPane({frame, width, height, focused, marked = false, theme}: Props) {
	const inner = Math.max(0, width - 2);
	const rows = height - 2;
	const filter = frame.filter === undefined ? '' : ` ─ filter: ${frame.filter}`;
	const search = frame.search === undefined ? '' : ` ─ /${frame.search} ${frame.matches ?? ''}`;
	const title = `${marked && focused ? '▸ ' : ''}${frame.title} ${stateLabel(frame)}${filter}${search}`;
	const blank = Math.max(0, rows - frame.rows.length);
	return (
		<Panel title={title} width={width} height={height} focused={focused} heavy={marked && focused} borderColor={frame.color !== undefined && theme.color ? inkPalette[frame.color] : theme.accent}>
			{frame.rows.map((row, index) => (
				<LogRow key={index} row={row} theme={theme} />
			))}
			{blank > 0 && frame.rows.length === 0 ? (
				<Text dimColor={theme.dim} wrap="truncate">
					{fit(frame.status, inner)}
				</Text>
			) : null}
		</Panel>
	);
}
