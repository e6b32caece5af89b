import type {ScreenKind} from '../model/app-state.js';
import type {Command} from './keymap.js';

// The browser's commands that open a screen over it, apart from the screen table (which brings
// every screen's components) so that the key functions stay plain data and code.

export const screenOfCommand: Partial<Record<Command, ScreenKind>> = {
	logs: 'logs',
	'all-logs': 'logs',
	describe: 'describe',
	events: 'events',
	timeline: 'timeline',
	doctor: 'doctor',
	'namespace-doctor': 'namespace-doctor',
	forwards: 'forwards',
};
