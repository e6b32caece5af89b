import {afterAll, describe, expect, it} from 'vitest';
import {importInstalled, importPatched, removePatched} from './patched-module.js';

// scripts/patches/string-width-single-unit.js skips the RGI emoji test for graphemes of one
// UTF-16 unit. It must change no width: the patched module and the installed one are compared
// on every such grapheme, and on graphemes of several units where the test still matters.

type Width = (text: string, options?: {ambiguousIsNarrow?: boolean}) => number;
const installed = (await importInstalled<{default: Width}>('string-width-single-unit')).default;
const fast = (await importPatched<{default: Width}>('string-width-single-unit')).default;
afterAll(removePatched);

describe('the string-width patch', () => {
	it('gives every BMP character the installed width, ambiguous ones narrow or wide', () => {
		const differ: string[] = [];
		for (let unit = 0; unit < 0x1_00_00; unit++) {
			if (unit >= 0xd8_00 && unit <= 0xdf_ff) continue;
			const text = String.fromCharCode(unit);
			for (const ambiguousIsNarrow of [true, false]) {
				if (fast(text, {ambiguousIsNarrow}) !== installed(text, {ambiguousIsNarrow})) differ.push(unit.toString(16));
			}
		}
		expect(differ).toEqual([]);
	});

	it('still finds the emoji of several units, and what the UI draws', () => {
		const samples = [
			'⌚', // a BMP emoji, wide as one unit
			'☀️', // text-default with VS16
			'1️⃣', // keycap
			'🇩🇪', // flag
			'👩‍💻', // ZWJ sequence
			'👍🏽', // modifier
			'🏴󠁧󠁢󠁳󠁣󠁴󠁿', // tag sequence
			'e\u0301', // combining mark
			'각', // Hangul syllable
			'\u1100\u1161', // Hangul jamo
			'│ ● … ✓ → ·', // what the screens draw
			'ｱﾞ', // halfwidth with a sound mark
		];
		for (const text of samples) expect(fast(text), text).toBe(installed(text));
		expect(fast('👩‍💻')).toBe(2);
		expect(fast('⌚')).toBe(2);
	});
});
