import {screens} from '../screens.js';
import {LogsScreen} from './LogsScreen.js';

// Imported for its effect: the browser's l, L and space keys work once the logs screen is here.

screens.logs = {
	component: LogsScreen,
	hints: [
		['space', 'pause'],
		['/', 'search'],
		['n/N', 'older/newer'],
		['f', 'filter'],
		['t', 'time'],
		['w', 'wrap'],
		['p', 'previous'],
		['m', 'merge'],
		['v', 'stack'],
		['J', 'json'],
		['F', 'fields'],
		['s', 'since'],
		['c', 'colours'],
		['S', 'save'],
		['←/→', 'pane'],
		['esc', 'back'],
	],
};
