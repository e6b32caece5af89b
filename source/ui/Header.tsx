import {Box, Text} from 'ink';
import type {Connection, Session} from '../model/app-state.js';
import {safe} from '../model/text.js';
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
	return (
		<Box width={width} height={1} flexShrink={0}>
			<Box flexShrink={1} flexGrow={1} overflow="hidden">
				<Text wrap="truncate">
					<Text bold color={theme.accent}> podscope </Text>
					<Text> {safe(session.context)} ▸ {safe(namespace)}</Text>
					{session.selector ? <Text dimColor={theme.dim}> -l {safe(session.selector)}</Text> : null}
					<Text dimColor={theme.dim}>  {safe(host(session.server))}  </Text>
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
