import {Box, Text} from 'ink';
import type {AppState} from '../model/app-state.js';
import {safe, truncate} from '../model/text.js';
import {connectionLabel} from './Header.js';
import type {Theme} from './theme.js';

// Loading, empty and error states, each saying what is going on and what to press.

type Props = {state: AppState; width: number; height: number; theme: Theme; now: number};

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export function StatusScreen({state, width, height, theme, now}: Props) {
	const {connection, session} = state;
	const lines: Array<{text: string; color?: string}> = [];
	const where = session.allNamespaces ? 'any namespace' : `namespace ${safe(session.namespace)}`;
	if (connection.phase === 'error') {
		lines.push({text: safe(connection.error), color: theme.error});
		if (connection.code === 403) lines.push({text: 'press n to switch to a namespace you may read, or c to switch context'});
		if (connection.code === 401) {
			lines.push({text: `the credentials of user "${safe(session.user)}" (context ${safe(session.context)}) were rejected`});
			// The same credentials would be refused again: no retry until the user asks.
			lines.push({text: 'fix them (or log in again), then press ctrl+r to reconnect, or c to switch context'});
		} else {
			lines.push({text: `retrying (${connectionLabel(connection, now)})`});
		}
	} else if (connection.phase === 'reconnecting' && !state.listed) {
		lines.push({text: `cannot reach ${safe(session.server)}: ${safe(connection.error)}`, color: theme.error});
		lines.push({text: connectionLabel(connection, now)});
	} else if (!state.listed) {
		lines.push({text: `${spinner[Math.floor(now / 100) % spinner.length]} connecting to ${safe(session.server)} (context ${safe(session.context)})…`});
	} else {
		lines.push({text: `no pods in ${where}${session.selector ? ` matching ${safe(session.selector)}` : ''}`});
		lines.push({text: 'press n to switch namespace, c to switch context', color: undefined});
	}
	return (
		<Box flexDirection="column" width={width} height={height} borderStyle="single" paddingX={1} overflow="hidden">
			{lines.map((line, index) => (
				<Text key={index} color={line.color} wrap="truncate">
					{truncate(line.text, width - 4)}
				</Text>
			))}
		</Box>
	);
}
