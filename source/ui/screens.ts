import type {ComponentType} from 'react';
import type {ScreenEntry, ScreenKind} from '../model/app-state.js';
import type {SessionController} from '../session/controller.js';
import {DescribeScreen} from './inspect/DescribeScreen.js';
import {DoctorScreen} from './inspect/DoctorScreen.js';
import {EventsScreen} from './inspect/EventsScreen.js';
import {ForwardsScreen} from './forwards/ForwardsScreen.js';
import {NamespaceDoctorScreen} from './inspect/NamespaceDoctorScreen.js';
import {TimelineScreen} from './inspect/TimelineScreen.js';
import {type Command, hint} from './keymap.js';
import {LogsScreen} from './logs/LogsScreen.js';
import {screenOfCommand} from './screen-commands.js';
import type {Theme} from './theme.js';

// The views that open over the browser, one static table. A browser key whose view is not in
// it is neither handled nor shown, so the help and hints only offer what works. Footer hints
// take their keys from the keymap's labels.

export type ScreenProps = {controller: SessionController; entry: ScreenEntry; width: number; height: number; theme: Theme};

export type ScreenDefinition = {
	component: ComponentType<ScreenProps>;
	/** Key hints for the footer while this screen is on top. */
	hints: Array<[string, string]>;
};

// Most useful first: a narrow footer shows as many as fit (Footer).
const scroll = hint(['down', 'up'], 'scroll');
const paging = [hint(['page-up', 'page-down'], 'page'), hint(['top', 'bottom'], 'top/end')];
const scrolling = [scroll, ...paging];
const back = hint(['back'], 'back');
const wrap = hint(['inspect-wrap'], 'wrap');
const sideways = hint(['inspect-left', 'inspect-right'], 'sideways');

export const screens: Partial<Record<ScreenKind, ScreenDefinition>> = {
	logs: {
		component: LogsScreen,
		hints: [
			hint(['log-pause'], 'pause'),
			hint(['log-search'], 'search'),
			hint(['log-older', 'log-newer'], 'older/newer'),
			hint(['log-filter'], 'filter'),
			hint(['log-timestamps'], 'time'),
			hint(['log-wrap'], 'wrap'),
			hint(['log-previous'], 'previous'),
			hint(['log-merge'], 'merge'),
			hint(['log-hide'], 'hide'),
			hint(['log-layout'], 'stack'),
			hint(['log-json'], 'json'),
			hint(['log-fields'], 'fields'),
			hint(['log-since'], 'since'),
			hint(['log-colors'], 'colours'),
			hint(['log-save'], 'save'),
			hint(['log-prev-pane', 'log-next-pane'], 'pane'),
			back,
			hint(['help'], 'help'),
		],
	},
	describe: {
		component: DescribeScreen,
		hints: [scroll, back, hint(['inspect-search'], 'search'), wrap, hint(['inspect-next', 'inspect-prev'], 'next/prev'), sideways, ...paging],
	},
	events: {component: EventsScreen, hints: [scroll, back, hint(['inspect-warnings'], 'warnings'), wrap, sideways, ...paging]},
	timeline: {component: TimelineScreen, hints: [...scrolling, back]},
	doctor: {component: DoctorScreen, hints: [scroll, back, wrap, sideways, ...paging]},
	'namespace-doctor': {component: NamespaceDoctorScreen, hints: [hint(['down', 'up'], 'move'), hint(['open'], "pod's doctor"), back]},
	forwards: {component: ForwardsScreen, hints: [hint(['down', 'up'], 'move'), hint(['forward-stop'], 'stop'), back]},
};

export function commandAvailable(command: Command): boolean {
	if (command === 'mark') return screens.logs !== undefined;
	const kind = screenOfCommand[command];
	return kind === undefined || screens[kind] !== undefined;
}
