import {Box, Text} from 'ink';
import type {Connection, Session} from '../model/app-state.js';
import {visibleWidth} from '../model/sanitize.js';
import {safe, truncate} from '../model/text.js';
import type {Theme} from './theme.js';

/** `forwards`: how many port-forwards run (shown as ⇄ N). */
type Props = {session: Session; connection: Connection; theme: Theme; width: number; now: number; forwards?: number};

export function connectionLabel(connection: Connection, now: number, user?: string): string {
	switch (connection.phase) {
		case 'connecting':
			return 'connecting';
		case 'live':
			return 'live';
		case 'reconnecting': {
			const seconds = Math.max(0, Math.ceil((connection.retryAt - now) / 1000));
			return `reconnecting in ${seconds}s`;
		}
		case 'error':
			if (connection.code === 401) return `Unauthorized${user ? ` (${user})` : ''} ^R`;
			return connection.code === 403 ? 'Forbidden' : 'error';
	}
}

const host = (server: string) => server.replace(/^https?:\/\//, '');

export function Header({session, connection, theme, width, now, forwards = 0}: Props) {
	const state = connectionLabel(connection, now, safe(session.user));
	const stateColor = connection.phase === 'live' ? theme.ok : connection.phase === 'connecting' ? theme.warn : theme.error;
	const namespace = session.allNamespaces ? 'all namespaces' : session.namespace;
	// The badges and the connection state must show whole: on a narrow terminal the server goes
	// first, then the selector; only then is the context ▸ namespace cut.
	const where = ` ${safe(session.context)} ▸ ${safe(namespace)}`;
	const selector = session.selector ? ` -l ${safe(session.selector)}` : '';
	const server = `  ${safe(host(session.server))}  `;
	const badges = `● ${state}${session.demo ? '  DEMO' : ''}${session.readOnly ? '  READ-ONLY' : ''}${forwards > 0 ? `  ⇄ ${forwards}` : ''}`;
	const room = width - ' podscope '.length - ' ? help '.length - visibleWidth(badges);
	const showServer = visibleWidth(where + selector + server) <= room;
	const showSelector = visibleWidth(where + selector) + 2 <= room;
	const gap = showServer ? server : '  ';
	return (
		<Box width={width} height={1} flexShrink={0}>
			<Box flexShrink={1} flexGrow={1} overflow="hidden">
				<Text wrap="truncate">
					<Text bold color={theme.accent}> podscope </Text>
					<Text>{truncate(where, Math.max(1, room - (showSelector ? visibleWidth(selector) : 0) - gap.length))}</Text>
					{showSelector && selector ? <Text dimColor={theme.dim}>{selector}</Text> : null}
					<Text dimColor={theme.dim}>{gap}</Text>
					<Text color={stateColor}>● {state}</Text>
					{session.demo ? <Text color={theme.warn} bold>  DEMO</Text> : null}
					{session.readOnly ? <Text color={theme.warn} bold>  READ-ONLY</Text> : null}
					{forwards > 0 ? <Text color={theme.accent}>  ⇄ {forwards}</Text> : null}
				</Text>
			</Box>
			<Text dimColor={theme.dim}> ? help </Text>
		</Box>
	);
}
