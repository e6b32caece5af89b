import {type Command, commandFor, type KeyPress} from '../keymap.js';

// Keys of the port-forwards screen: move, stop the selected forward, go back. Pure.

export type ForwardsIntent = {type: 'none'} | {type: 'select'; to: number} | {type: 'stop'; index: number} | {type: 'close'};

const commands: Command[] = ['up', 'down', 'top', 'bottom', 'forward-stop', 'back'];

export function forwardsIntent(selected: number, total: number, key: KeyPress): ForwardsIntent {
	const to = (index: number): ForwardsIntent => ({type: 'select', to: Math.max(0, Math.min(total - 1, index))});
	switch (commandFor(key.name, commands)) {
		case 'up':
			return to(selected - 1);
		case 'down':
			return to(selected + 1);
		case 'top':
			return to(0);
		case 'bottom':
			return to(total - 1);
		case 'forward-stop':
			return total > 0 ? {type: 'stop', index: Math.min(selected, total - 1)} : {type: 'none'};
		case 'back':
			return {type: 'close'};
		default:
			return {type: 'none'};
	}
}
