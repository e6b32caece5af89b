import {Box} from 'ink';
import {useState, useSyncExternalStore} from 'react';
import type {ScreenProps} from '../screens.js';
import {HelpOverlay} from '../HelpOverlay.js';
import {LogPane} from './LogPane.js';
import {PromptBar} from './PromptBar.js';
import {useLogKeys} from './use-log-keys.js';
import {useLogSession} from './use-log-session.js';

// Several containers' logs: side by side (2–4 columns visible, the rest reached with ←/→ or
// tab), stacked, or merged into one. Every frame is exactly width × height: the panes share
// the space, and each pane lays out only the rows it shows.

const minColumnWidth = 30;
const minStackHeight = 5;

/** Sizes that add up to `total` exactly. */
const split = (total: number, count: number) => Array.from({length: count}, (_, index) => Math.floor((total * (index + 1)) / count) - Math.floor((total * index) / count));

export function LogsScreen({controller, entry, width, height, theme}: ScreenProps) {
	const session = useLogSession(controller, entry.containers, entry.workload);
	const {model} = session;
	useSyncExternalStore(model.subscribe, model.getVersion);
	const [help, setHelp] = useState(false);
	const panesHeight = Math.max(3, height - 1);
	const views = model.displayed();
	const stacked = model.flags.layout === 'stacked';
	const fits = stacked ? Math.max(1, Math.floor(panesHeight / minStackHeight)) : Math.max(1, Math.floor(width / minColumnWidth));
	const visible = Math.min(views.length, 4, fits);
	const focus = Math.min(model.focus, views.length - 1);
	const first = Math.min(Math.max(0, focus - visible + 1), views.length - visible);
	const sizes = split(stacked ? panesHeight : width, visible);
	const paneHeight = (index: number) => (stacked ? sizes[index]! : panesHeight);
	useLogKeys({session, controller, pageSize: Math.max(1, paneHeight(0) - 3), help, setHelp});

	if (help) return <HelpOverlay width={width} height={height} theme={theme} context="logs" />;

	let search = '';
	const panes = views.slice(first, first + visible).map((view, index) => {
		const paneWidth = stacked ? width : sizes[index]!;
		const frame = model.frame(view, Math.max(1, paneWidth - 2), Math.max(1, paneHeight(index) - 2));
		// The focused pane's search, whole, where a narrow pane's title would cut it.
		if (first + index === focus && frame.search !== undefined) search = `/${frame.search} ${frame.matches} (n older, N newer)  `;
		return <LogPane key={first + index} frame={frame} width={paneWidth} height={paneHeight(index)} focused={first + index === focus} marked={visible > 1} theme={theme} />;
	});
	const where = views.length > visible ? `panes ${first + 1}–${first + visible} of ${views.length} (←/→)  ` : '';
	const toggles = [model.flags.timestamps && 'timestamps', model.flags.wrap && 'wrap', model.flags.json !== 'off' && `json ${model.flags.json}`, model.flags.stripColors && 'no colours'].filter(Boolean).join(' · ');
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Box flexDirection={stacked ? 'column' : 'row'} width={width} height={panesHeight}>
				{panes}
			</Box>
			<PromptBar prompt={model.prompt} matches={model.typedMatches()} info={`${search}${where}${toggles}`} width={width} theme={theme} />
		</Box>
	);
}
