import {describe, expect, it} from 'vitest';
import {type ScrollIntent, type ScrollKeyState, scrollIntent} from '../../../source/ui/inspect/scroll-intent.js';
import type {KeyPress} from '../../../source/ui/keymap.js';

// The inspect screens' keys without Ink: offset, search and the screen's own commands.

const key = (name: string, text?: string): KeyPress => (text === undefined ? {name} : {name, text});
const char = (text: string) => key(text, text);
const base: ScrollKeyState = {offset: 10, max: 40, rows: 20, searchable: true, commands: []};
const found = {query: 'Warn', typing: false};
const typing = {query: 'Wa', typing: true};

const cases: Array<[string, ScrollKeyState, KeyPress, ScrollIntent]> = [
	['j scrolls a line', base, char('j'), {type: 'offset', to: 11}],
	['k scrolls back', base, char('k'), {type: 'offset', to: 9}],
	['PgDn scrolls a page', base, key('pagedown'), {type: 'offset', to: 30}],
	['PgUp stops at the top', base, key('pageup'), {type: 'offset', to: 0}],
	['PgDn stops at the last page', {...base, offset: 35}, key('pagedown'), {type: 'offset', to: 40}],
	['g goes to the top', base, char('g'), {type: 'offset', to: 0}],
	['G goes to the end', base, char('G'), {type: 'offset', to: 40}],
	['esc closes the screen', base, key('escape'), {type: 'close'}],
	['esc ends a search first', {...base, search: found}, key('escape'), {type: 'search'}],
	['/ starts a search', base, char('/'), {type: 'search', search: {query: '', typing: true}}],
	['/ is nothing without search', {...base, searchable: false}, char('/'), {type: 'none'}],
	['n jumps to the next match', {...base, search: found}, char('n'), {type: 'search', search: found, jump: {direction: 1, from: 11}}],
	['N jumps to the previous match', {...base, search: found}, char('N'), {type: 'search', search: found, jump: {direction: -1, from: 11}}],
	['n without a search does nothing', base, char('n'), {type: 'none'}],
	['typing goes into the query', {...base, search: typing}, char('r'), {type: 'search', search: {query: 'War', typing: true}}],
	['j too', {...base, search: typing}, char('j'), {type: 'search', search: {query: 'Waj', typing: true}}],
	['backspace in the query', {...base, search: typing}, key('backspace'), {type: 'search', search: {query: 'W', typing: true}}],
	[
		'⏎ searches from the top line',
		{...base, search: typing},
		key('return'),
		{type: 'search', search: {query: 'Wa', typing: false}, jump: {direction: 1, from: 9}},
	],
	['esc drops the query', {...base, search: typing}, key('escape'), {type: 'search'}],
	['a control key types nothing', {...base, search: typing}, key('ctrl+a'), {type: 'none'}],
	["the screen's own commands go back to it", {...base, commands: ['inspect-warnings']}, char('W'), {type: 'command', command: 'inspect-warnings'}],
	[
		'w toggles wrapping where the screen offers it',
		{...base, commands: ['inspect-wrap', 'inspect-left', 'inspect-right']},
		char('w'),
		{type: 'command', command: 'inspect-wrap'},
	],
	['→ and l scroll sideways', {...base, commands: ['inspect-wrap', 'inspect-left', 'inspect-right']}, char('l'), {type: 'command', command: 'inspect-right'}],
	["other screens' commands are not here", base, char('w'), {type: 'none'}],
];

describe('scrollIntent', () => {
	it.each(cases)('%s', (_, state, pressed, intent) => {
		expect(scrollIntent(state, pressed)).toEqual(intent);
	});
});
