import {Text} from 'ink';
import {Panel} from '../Panel.js';
import type {Theme} from '../theme.js';
import {fitLine, type Line} from './lines.js';

// A bordered, scrolled window over lines: exactly width × height, the position in the title.

type Props = {title: string; lines: Line[]; offset: number; width: number; height: number; theme: Theme; footer?: Line};

export const viewRows = (height: number, footer: boolean) => Math.max(1, height - 2 - (footer ? 1 : 0));

export function ScrollView({title, lines, offset, width, height, theme, footer}: Props) {
	const inner = Math.max(1, width - 2);
	const rows = viewRows(height, footer !== undefined);
	const shown = lines.slice(offset, offset + rows);
	const position = lines.length > rows ? ` ${offset + 1}–${Math.min(lines.length, offset + rows)}/${lines.length}` : '';
	const padded = [...shown, ...Array.from({length: rows - shown.length}, () => [] as Line)];
	if (footer) padded.push(footer);
	return (
		<Panel title={`${title}${position}`} width={width} height={height} focused borderColor={theme.accent}>
			{padded.map((line, index) => (
				<Text key={index} wrap="truncate">
					{fitLine(line, inner).map((segment, part) => (
						<Text key={part} color={theme.color ? segment.color : undefined} bold={segment.bold} dimColor={theme.dim && segment.dim} inverse={segment.inverse}>
							{segment.text}
						</Text>
					))}
				</Text>
			))}
		</Panel>
	);
}
