import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {narrowOnly, narrowWidth} from '../../source/ui/narrow-width.js';

// The fast path stands in for string-width inside Ink's renderer: it must agree everywhere.

describe('narrowWidth', () => {
	it('agrees with string-width on every character the fast path accepts', () => {
		const wrong: string[] = [];
		for (let code = 0; code <= 0xffff; code++) {
			const character = String.fromCharCode(code);
			if (narrowOnly.test(character) && stringWidth(character) !== 1) wrong.push(code.toString(16));
		}
		expect(wrong).toEqual([]);
	});

	it('agrees with string-width on lines of both kinds', () => {
		const lines = [
			'',
			'plain ascii',
			'│ flood line 000123 xxxxxxxx │ ● following ─ filter: é',
			'│ 日本語 │',
			'emoji 😀 and ⌚ and ◽ and ❤️',
			'e\u0301 combining and \u200b zero width and soft\u00adhyphen',
			'tab\there',
			'\u001b[31mred\u001b[0m',
		];
		for (const line of lines) expect(narrowWidth(line), line).toBe(stringWidth(line));
		expect(narrowOnly.test('│ box ─ ● ↻ ◌ ⏸ …')).toBe(false);
		expect(narrowOnly.test('│ box ─ ● ↻ ◌ …')).toBe(true);
	});
});
