import {type Command, commandFor, type KeyPress} from '../keymap.js';

// Keys of a list screen whose rows open something (the namespace doctor): move the selection,
// open the selected row, go back. Pure, so each key can be checked without Ink.

export type ReportIntent = {type: 'none'} | {type: 'select'; to: number} | {type: 'open'; index: number} | {type: 'close'};

const commands: Command[] = ['up', 'down', 'page-up', 'page-down', 'top', 'bottom', 'open', 'back'];

export function reportIntent(selected: number, total: number, rows: number, key: KeyPress): ReportIntent {
	const command = commandFor(key.name, commands);
	const to = (index: number): ReportIntent => ({type: 'select', to: Math.max(0, Math.min(total - 1, index))});
	switch (command) {
		case 'up':
			return to(selected - 1);
		case 'down':
			return to(selected + 1);
		case 'page-up':
			return to(selected - rows);
		case 'page-down':
			return to(selected + rows);
		case 'top':
			return to(0);
		case 'bottom':
			return to(total - 1);
		case 'open':
			return total > 0 ? {type: 'open', index: selected} : {type: 'none'};
		case 'back':
			return {type: 'close'};
		default:
			return {type: 'none'};
	}
}
