import {type Command, commandFor, type KeyPress} from '../keymap.js';

// Keys shared by the inspect screens, as a pure function of the scroll state and the key:
// scrolling, esc to go back, and (where offered) a search prompt with n/N between matches.
// Commands of the screen's own go back to it.

export type Search = {query: string; typing: boolean};

export type ScrollKeyState = {
	offset: number;
	/** The largest offset: the last page at the bottom. */
	max: number;
	rows: number;
	search?: Search;
	/** Whether the screen offers search (/, n, N). */
	searchable: boolean;
	/** The screen's own commands. */
	commands: readonly Command[];
};

export type ScrollIntent =
	| {type: 'none'}
	| {type: 'offset'; to: number}
	/** A new search state (undefined: none), and from where to jump to a match of its query, if anywhere. */
	| {type: 'search'; search?: Search; jump?: {direction: 1 | -1; from: number}}
	| {type: 'close'}
	| {type: 'command'; command: Command};

const scrolling: Command[] = ['up', 'down', 'page-up', 'page-down', 'top', 'bottom', 'back'];
const searching: Command[] = ['inspect-search', 'inspect-next', 'inspect-prev'];

export function scrollIntent(state: ScrollKeyState, key: KeyPress): ScrollIntent {
	const {offset, search} = state;
	if (search?.typing) return typingIntent(state, search, key);
	const command = commandFor(key.name, [...scrolling, ...(state.searchable ? searching : []), ...state.commands]);
	const to = (value: number): ScrollIntent => ({type: 'offset', to: Math.min(state.max, Math.max(0, value))});
	switch (command) {
		case undefined:
			return {type: 'none'};
		case 'up':
			return to(offset - 1);
		case 'down':
			return to(offset + 1);
		case 'page-up':
			return to(offset - state.rows);
		case 'page-down':
			return to(offset + state.rows);
		case 'top':
			return to(0);
		case 'bottom':
			return to(state.max);
		case 'back':
			return search ? {type: 'search'} : {type: 'close'};
		case 'inspect-search':
			return {type: 'search', search: {query: '', typing: true}};
		case 'inspect-next':
		case 'inspect-prev':
			return search ? {type: 'search', search, jump: {direction: command === 'inspect-next' ? 1 : -1, from: offset + 1}} : {type: 'none'};
		default:
			return {type: 'command', command};
	}
}

function typingIntent(state: ScrollKeyState, search: Search, {name, text}: KeyPress): ScrollIntent {
	if (name === 'escape') return {type: 'search'};
	if (name === 'return') return {type: 'search', search: {...search, typing: false}, jump: {direction: 1, from: state.offset - 1}};
	if (name === 'backspace') return {type: 'search', search: {...search, query: search.query.slice(0, -1)}};
	return text === undefined ? {type: 'none'} : {type: 'search', search: {...search, query: search.query + text}};
}
