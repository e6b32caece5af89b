import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {truncate} from '../model/text.js';
import {visibleWidth} from '../model/sanitize.js';

// A box with its title set into the top border, like k9s and the UX sketch. `heavy` draws the
// border in heavy lines: where panes sit side by side it shows which has the focus without
// colour (--no-color, NO_COLOR).

type Props = {title: string; width: number; height: number; focused: boolean; borderColor?: string; heavy?: boolean; children: ReactNode};

export function Panel({title, width, height, focused, borderColor, heavy = false, children}: Props) {
	const inner = Math.max(0, width - 2);
	const label = truncate(` ${title} `, Math.max(0, inner - 2));
	const [corner, line, end] = heavy ? ['┏', '━', '┓'] : ['┌', '─', '┐'];
	const rule = line.repeat(Math.max(0, inner - 1 - visibleWidth(label)));
	const color = focused ? borderColor : undefined;
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Text color={color} bold={focused} wrap="truncate">
				{`${corner}${line}${label}${rule}${end}`}
			</Text>
			<Box borderStyle={heavy ? 'bold' : 'single'} borderTop={false} borderColor={color} flexDirection="column" height={height - 1} width={width} overflow="hidden">
				{children}
			</Box>
		</Box>
	);
}
