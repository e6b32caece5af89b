import {describe, expect, it} from 'vitest';
import type {KeyPress} from '../../../source/ui/keymap.js';
import {type LogIntent, type LogKeyState, logIntent} from '../../../source/ui/logs/log-intent.js';

// The logs screen's keys without Ink: what is open (help, prompt), a key, the intent.

const key = (name: string, text?: string): KeyPress => (text === undefined ? {name} : {name, text});
const char = (text: string) => key(text, text);
const panes: LogKeyState = {help: false, pageSize: 9};
const prompt = (text: string): LogKeyState => ({...panes, prompt: {text}});
const help: LogKeyState = {...panes, help: true};

const cases: Array<[string, LogKeyState, KeyPress, LogIntent]> = [
	['ctrl+c is left to the browser', panes, key('ctrl+c'), {type: 'none'}],
	['ctrl+c in a prompt too', prompt('x'), key('ctrl+c'), {type: 'none'}],
	['? opens the help', panes, char('?'), {type: 'help', open: true}],
	['esc closes the help', help, key('escape'), {type: 'help', open: false}],
	['q closes the help', help, char('q'), {type: 'help', open: false}],
	['the help takes other keys', help, char('j'), {type: 'none'}],
	['j scrolls down', panes, char('j'), {type: 'scroll', delta: 1}],
	['↑ scrolls up', panes, key('up'), {type: 'scroll', delta: -1}],
	['PgUp scrolls a page', panes, key('pageup'), {type: 'scroll', delta: -9}],
	['ctrl+f scrolls a page down', panes, key('ctrl+f'), {type: 'scroll', delta: 9}],
	['g goes to the top', panes, char('g'), {type: 'top'}],
	['End goes to the bottom', panes, key('end'), {type: 'bottom'}],
	['esc goes back', panes, key('escape'), {type: 'back'}],
	['space pauses', panes, char(' '), {type: 'pause'}],
	['/ searches', panes, char('/'), {type: 'prompt', kind: 'search'}],
	['f filters', panes, char('f'), {type: 'prompt', kind: 'filter'}],
	['F chooses fields', panes, char('F'), {type: 'prompt', kind: 'fields'}],
	['s asks since when', panes, char('s'), {type: 'prompt', kind: 'since'}],
	['n finds an older match', panes, char('n'), {type: 'find', older: true}],
	['N finds a newer match', panes, char('N'), {type: 'find', older: false}],
	['t toggles timestamps', panes, char('t'), {type: 'toggle', flag: 'timestamps'}],
	['w toggles wrapping', panes, char('w'), {type: 'toggle', flag: 'wrap'}],
	['m merges', panes, char('m'), {type: 'toggle', flag: 'merged'}],
	['h hides or shows a container of the merged view', panes, char('h'), {type: 'prompt', kind: 'hide'}],
	['c keeps or strips colours', panes, char('c'), {type: 'colors'}],
	['v stacks', panes, char('v'), {type: 'layout'}],
	['J cycles JSON', panes, char('J'), {type: 'json'}],
	['→ is the next pane', panes, key('right'), {type: 'pane', delta: 1}],
	['tab is the next pane', panes, key('tab'), {type: 'pane', delta: 1}],
	['← is the previous pane', panes, key('left'), {type: 'pane', delta: -1}],
	['p shows the previous instance', panes, char('p'), {type: 'previous'}],
	['S saves', panes, char('S'), {type: 'save'}],
	['an unbound key does nothing', panes, char('z'), {type: 'none'}],
	['the browser keys are not here', panes, char('d'), {type: 'none'}],
	['typing goes into the prompt', prompt('err'), char('o'), {type: 'prompt-input', text: 'erro'}],
	['j too', prompt(''), char('j'), {type: 'prompt-input', text: 'j'}],
	['backspace in the prompt', prompt('err'), key('backspace'), {type: 'prompt-input', text: 'er'}],
	['^U clears the line', prompt('level, msg'), key('ctrl+u'), {type: 'prompt-input', text: ''}],
	['^W drops the last word', prompt('level, msg'), key('ctrl+w'), {type: 'prompt-input', text: 'level, '}],
	['tab switches plain and regex', prompt('x'), key('tab'), {type: 'prompt-mode'}],
	['⏎ submits', prompt('x'), key('return'), {type: 'prompt-submit'}],
	['esc cancels', prompt('x'), key('escape'), {type: 'prompt-cancel'}],
	['another control key types nothing', prompt('x'), key('ctrl+a'), {type: 'none'}],
];

describe('logIntent', () => {
	it.each(cases)('%s', (_, state, pressed, intent) => {
		expect(logIntent(state, pressed)).toEqual(intent);
	});
});
