import type {ComponentType} from 'react';
import type {ScreenEntry, ScreenKind} from '../model/app-state.js';
import type {SessionController} from '../session/controller.js';
import type {Command} from './keymap.js';
import type {Theme} from './theme.js';

// Views that open over the browser register here. A browser key whose view is not registered
// is neither handled nor shown, so the help and hints only offer what works.

export type ScreenProps = {controller: SessionController; entry: ScreenEntry; width: number; height: number; theme: Theme};

export type ScreenDefinition = {
	component: ComponentType<ScreenProps>;
	/** Key hints for the footer while this screen is on top. */
	hints: Array<[string, string]>;
};

export const screens: Partial<Record<ScreenKind, ScreenDefinition>> = {};

export const screenOfCommand: Partial<Record<Command, ScreenKind>> = {
	logs: 'logs',
	'all-logs': 'logs',
	describe: 'describe',
	events: 'events',
	timeline: 'timeline',
	doctor: 'doctor',
};

export function commandAvailable(command: Command): boolean {
	if (command === 'mark') return screens.logs !== undefined;
	const kind = screenOfCommand[command];
	return kind === undefined || screens[kind] !== undefined;
}
