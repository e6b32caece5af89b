import {describe, expect, it} from 'vitest';
import {fitHints, messageLines} from '../../source/ui/Footer.js';

// The footer at any width: whole hints, most useful first, ? always; messages that keep their end.

const hints: Array<[string, string]> = [
	['⏎', 'open'],
	['l', 'logs'],
	['d', 'describe'],
	['x', 'doctor'],
	['/', 'filter'],
	['?', 'help'],
];

describe('fitHints', () => {
	it('shows every hint when they fit', () => {
		expect(fitHints(hints, 80)).toBe('⏎ open  l logs  d describe  x doctor  / filter  ? help');
	});

	it('drops the least useful whole, and keeps ?', () => {
		expect(fitHints(hints, 34)).toBe('⏎ open  l logs  d describe  ? help');
		expect(fitHints(hints, 33)).toBe('⏎ open  l logs  ? help');
		expect(fitHints(hints, 8)).toBe('? help');
	});
});

describe('messageLines', () => {
	it('leaves a short message on one line', () => {
		expect(messageLines('saved', 40, 2)).toEqual(['saved']);
	});

	it('wraps a long one at a space, or anywhere when words would need a third line', () => {
		expect(messageLines('one two three four', 10, 2)).toEqual(['one two ', 'three four']);
		expect(messageLines('saved 225 lines to /tmp/podscope-default-web-20261205.log', 30, 2)).toEqual([
			'saved 225 lines to /tmp/podsco',
			'pe-default-web-20261205.log',
		]);
	});

	it('cuts the middle of one longer than its lines, never the end', () => {
		const text = `start ${'x'.repeat(100)} the end`;
		const lines = messageLines(text, 30, 2);
		expect(lines).toHaveLength(2);
		expect(lines.join('')).toContain('…');
		expect(lines.join('').startsWith('start')).toBe(true);
		expect(lines.join('').endsWith('the end')).toBe(true);
	});
});
