import type {Prompt} from '../../model/logs/screen.js';
import {type Command, commandFor, type KeyPress} from '../keymap.js';

// Keys of the logs screen as a pure function of what the screen shows and the key. The help,
// when open, takes every key first, then the prompt; otherwise the keymap resolves the key
// among the commands this screen handles.

export const logCommands: Command[] = [
	'up',
	'down',
	'page-up',
	'page-down',
	'top',
	'bottom',
	'back',
	'help',
	'log-pause',
	'log-search',
	'log-older',
	'log-newer',
	'log-filter',
	'log-timestamps',
	'log-wrap',
	'log-previous',
	'log-merge',
	'log-hide',
	'log-layout',
	'log-json',
	'log-fields',
	'log-since',
	'log-colors',
	'log-save',
	'log-next-pane',
	'log-prev-pane',
];

export type LogKeyState = {help: boolean; prompt?: Pick<Prompt, 'text'>; pageSize: number};

export type LogIntent =
	| {type: 'none'}
	| {type: 'help'; open: boolean}
	| {type: 'prompt-cancel'}
	| {type: 'prompt-submit'}
	| {type: 'prompt-mode'}
	| {type: 'prompt-input'; text: string}
	| {type: 'prompt'; kind: Prompt['kind']}
	| {type: 'scroll'; delta: number}
	| {type: 'top'}
	| {type: 'bottom'}
	| {type: 'back'}
	| {type: 'pause'}
	| {type: 'find'; older: boolean}
	| {type: 'toggle'; flag: 'timestamps' | 'wrap' | 'merged'}
	| {type: 'colors'}
	| {type: 'layout'}
	| {type: 'json'}
	| {type: 'pane'; delta: 1 | -1}
	| {type: 'previous'}
	| {type: 'save'};

const none: LogIntent = {type: 'none'};

export function logIntent(state: LogKeyState, key: KeyPress): LogIntent {
	const {name} = key;
	if (name === 'ctrl+c') return none;
	if (state.help) return name === 'escape' || name === '?' || name === 'q' ? {type: 'help', open: false} : none;
	if (state.prompt) return promptIntent(state.prompt.text, key);
	const command = commandFor(name, logCommands);
	return command ? commandIntent(command, state.pageSize) : none;
}

function promptIntent(text: string, key: KeyPress): LogIntent {
	switch (key.name) {
		case 'escape':
			return {type: 'prompt-cancel'};
		case 'return':
			return {type: 'prompt-submit'};
		case 'tab':
			return {type: 'prompt-mode'};
		case 'backspace':
			return {type: 'prompt-input', text: text.slice(0, -1)};
		// Readline's line editing: ^U clears the line, ^W drops the last word.
		case 'ctrl+u':
			return {type: 'prompt-input', text: ''};
		case 'ctrl+w':
			return {type: 'prompt-input', text: text.replace(/[^\s,]*[\s,]*$/, '')};
		default:
			return key.text === undefined ? none : {type: 'prompt-input', text: text + key.text};
	}
}

/** Commands that map one to one onto an intent. */
const simple: Partial<Record<Command, LogIntent>> = {
	up: {type: 'scroll', delta: -1},
	down: {type: 'scroll', delta: 1},
	top: {type: 'top'},
	bottom: {type: 'bottom'},
	back: {type: 'back'},
	help: {type: 'help', open: true},
	'log-pause': {type: 'pause'},
	'log-search': {type: 'prompt', kind: 'search'},
	'log-filter': {type: 'prompt', kind: 'filter'},
	'log-fields': {type: 'prompt', kind: 'fields'},
	'log-since': {type: 'prompt', kind: 'since'},
	'log-older': {type: 'find', older: true},
	'log-newer': {type: 'find', older: false},
	'log-timestamps': {type: 'toggle', flag: 'timestamps'},
	'log-wrap': {type: 'toggle', flag: 'wrap'},
	'log-merge': {type: 'toggle', flag: 'merged'},
	'log-hide': {type: 'prompt', kind: 'hide'},
	'log-colors': {type: 'colors'},
	'log-layout': {type: 'layout'},
	'log-json': {type: 'json'},
	'log-next-pane': {type: 'pane', delta: 1},
	'log-prev-pane': {type: 'pane', delta: -1},
	'log-previous': {type: 'previous'},
	'log-save': {type: 'save'},
};

function commandIntent(command: Command, pageSize: number): LogIntent {
	if (command === 'page-up') return {type: 'scroll', delta: -pageSize};
	if (command === 'page-down') return {type: 'scroll', delta: pageSize};
	return simple[command] ?? none;
}
