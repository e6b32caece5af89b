import {Box, Text, useWindowSize} from 'ink';
import {type ReactNode, useEffect, useState, useSyncExternalStore} from 'react';
import {allNamespacesItem, visiblePods} from '../model/app-state.js';
import type {SessionController} from '../session/controller.js';
import {ContainerPanel} from './ContainerPanel.js';
import {Footer} from './Footer.js';
import {Header} from './Header.js';
import {HelpOverlay} from './HelpOverlay.js';
import {PickerOverlay} from './PickerOverlay.js';
import {PodList} from './PodList.js';
import {StatusScreen} from './StatusScreen.js';
import {bindingOf, type Command, hint, keyLabel} from './keymap.js';
import {commandAvailable, screens} from './screens.js';
import type {Theme} from './theme.js';
import {useBrowserKeys} from './use-browser-keys.js';

// The main screen: header, pods beside (or above) the selected pod's containers, footer.
// Every frame is exactly the terminal's size: taller frames force a full clear.

export const minColumns = 60;
export const minRows = 12;
const messageMs = 5000;

type Props = {controller: SessionController; theme: Theme; onFrame?: (state: ReturnType<SessionController['store']['getSnapshot']>) => void};

export function App({controller, theme, onFrame}: Props) {
	const state = useSyncExternalStore(controller.store.subscribe, controller.store.getSnapshot);
	const {columns, rows} = useWindowSize();
	const [now, setNow] = useState(() => Date.now());
	const wide = columns >= 120;
	const bodyHeight = Math.max(0, rows - 3);
	const listHeight = wide ? bodyHeight : Math.max(5, Math.floor(bodyHeight / 2));
	useBrowserKeys(controller, Math.max(1, listHeight - 4));

	// Ages and "reconnecting in Ns" tick once a second; messages fade.
	useEffect(() => {
		const timer = setInterval(() => {
			const current = Date.now();
			setNow(current);
			controller.store.dispatch({type: 'message-clear', before: current - messageMs});
		}, 1000);
		return () => clearInterval(timer);
	}, [controller]);

	useEffect(() => {
		onFrame?.(state);
	});

	if (columns < minColumns || rows < minRows) {
		return (
			<Box width={columns} height={rows}>
				<Text wrap="wrap">
					terminal too small ({columns}×{rows}): podscope needs at least {minColumns}×{minRows}
				</Text>
			</Box>
		);
	}

	const top = state.screens[state.screens.length - 1];
	const screen = top ? screens[top.kind] : undefined;
	const offer = (commands: Command[], names: Record<string, string>): Array<[string, string]> =>
		commands.filter(commandAvailable).map(command => [bindingOf(command).label, names[command] ?? command]);
	const logs = state.marked.length > 0 ? `logs (${state.marked.length} marked)` : 'logs';
	// Most useful first: the footer shows as many as fit, and `?` always (Footer).
	const names = {open: 'open', filter: 'filter', group: 'owners', namespace: 'ns', context: 'ctx', help: 'help', quit: 'quit', back: 'pods', logs, 'all-logs': 'all logs', mark: 'mark', shell: 'shell', describe: 'describe', events: 'events', timeline: 'timeline', doctor: 'doctor', 'namespace-doctor': 'doctor all', 'port-forward': 'forward', forwards: `forwards (${state.forwards.length})`};
	const forwards: Command[] = state.forwards.length > 0 ? ['forwards'] : [];
	const hints: Array<[string, string]> = screen
		? screen.hints
		: state.picker
			? [['type', 'filter'], hint(['picker-up', 'picker-down'], 'move'), [keyLabel('return'), state.picker.kind === 'port' ? 'forward' : 'switch'], [keyLabel('escape'), 'cancel']]
			: state.filtering
				? [[keyLabel('return'), 'keep filter'], [keyLabel('escape'), 'clear'], [`${keyLabel('up')}/${keyLabel('down')}`, 'move']]
			: state.focus === 'containers'
				? offer(['logs', 'shell', 'describe', 'events', 'timeline', 'doctor', 'back', 'mark', ...forwards, 'port-forward', 'all-logs', 'help', 'quit'], names)
				: offer(['open', 'logs', 'describe', 'doctor', 'filter', 'namespace', 'context', 'quit', ...forwards, 'all-logs', 'events', 'timeline', 'namespace-doctor', 'group', 'help'], names);

	let body: ReactNode;
	if (top && screen) {
		const Screen = screen.component;
		body = <Screen key={`${state.screens.length}:${top.kind}`} controller={controller} entry={top} width={columns} height={bodyHeight} theme={theme} />;
	} else if (state.overlay === 'help') {
		body = <HelpOverlay width={columns} height={bodyHeight} theme={theme} context={state.focus} />;
	} else if (state.picker) {
		body = <PickerOverlay picker={state.picker} width={columns} height={bodyHeight} theme={theme} current={state.picker.kind === 'context' ? state.session.context : state.session.allNamespaces ? allNamespacesItem : state.session.namespace} />;
	} else if (!state.listed || state.pods.length === 0 || visiblePods(state).length === 0 && !state.filter) {
		body = <StatusScreen state={state} width={columns} height={bodyHeight} theme={theme} now={now} />;
	} else if (wide) {
		const left = Math.floor(columns * 0.45);
		body = (
			<Box flexDirection="row" height={bodyHeight}>
				<PodList state={state} width={left} height={bodyHeight} theme={theme} now={now} />
				<ContainerPanel state={state} width={columns - left} height={bodyHeight} theme={theme} now={now} />
			</Box>
		);
	} else {
		body = (
			<Box flexDirection="column" height={bodyHeight}>
				<PodList state={state} width={columns} height={listHeight} theme={theme} now={now} />
				<ContainerPanel state={state} width={columns} height={bodyHeight - listHeight} theme={theme} now={now} />
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={columns} height={rows}>
			<Header session={state.session} connection={state.connection} theme={theme} width={columns} now={now} forwards={state.forwards.length} />
			{body}
			<Footer hints={hints} message={state.offer ? {text: state.offer.text, level: 'info', at: 0} : state.message} theme={theme} width={columns} />
		</Box>
	);
}
