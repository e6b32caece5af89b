import {Text} from 'ink';
import {inkPalette} from '../../model/logs/colors.js';
import type {Row} from '../../model/logs/format.js';
import type {Theme} from '../theme.js';

// One screen row of a log pane; the model already cut it to the pane's exact width.

type Props = {row: Row; theme: Theme};

export function LogRow({row, theme}: Props) {
	return (
		<Text wrap="truncate">
			{row.map((segment, index) => {
				switch (segment.style) {
					case 'match':
						return (
							<Text key={index} inverse>
								{segment.text}
							</Text>
						);
					case 'marker':
						return (
							<Text key={index} color={theme.warn} bold>
								{segment.text}
							</Text>
						);
					case 'time':
						return (
							<Text key={index} dimColor={theme.dim}>
								{segment.text}
							</Text>
						);
					case 'prefix':
						return (
							<Text key={index} color={theme.color && segment.color !== undefined ? inkPalette[segment.color] : undefined}>
								{segment.text}
							</Text>
						);
					default:
						return segment.text;
				}
			})}
		</Text>
	);
}
