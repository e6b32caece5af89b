import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {truncate} from '../model/text.js';
import {visibleWidth} from '../model/sanitize.js';

// A box with its title set into the top border, like k9s and the UX sketch.

type Props = {title: string; width: number; height: number; focused: boolean; borderColor?: string; children: ReactNode};

export function Panel({title, width, height, focused, borderColor, children}: Props) {
	const inner = Math.max(0, width - 2);
	const label = truncate(` ${title} `, Math.max(0, inner - 2));
	const rule = '─'.repeat(Math.max(0, inner - 1 - visibleWidth(label)));
	const color = focused ? borderColor : undefined;
	return (
		<Box flexDirection="column" width={width} height={height} flexShrink={0}>
			<Text color={color} bold={focused} wrap="truncate">
				{`┌─${label}${rule}┐`}
			</Text>
			<Box borderStyle="single" borderTop={false} borderColor={color} flexDirection="column" height={height - 1} width={width} overflow="hidden">
				{children}
			</Box>
		</Box>
	);
}
