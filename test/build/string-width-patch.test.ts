import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {applyPatch, loadPatches} from '../../scripts/patch-dependencies.js';

// scripts/patches/string-width-single-unit.js skips the RGI emoji test for graphemes of one
// UTF-16 unit. It must change no width: the patched module and the installed one are compared
// on every such grapheme, and on graphemes of several units where the test still matters.

const root = fileURLToPath(new URL('../..', import.meta.url));
const patch = (await loadPatches()).find(each => each.name === 'string-width-single-unit')!;
const folder = mkdtempSync(path.join(tmpdir(), 'podscope-string-width-'));
afterAll(() => rmSync(folder, {recursive: true, force: true}));

type Width = (text: string, options?: {ambiguousIsNarrow?: boolean}) => number;

/** The patched module beside the installed one, importing the same dependencies. */
async function patched(): Promise<Width> {
	const resolve = createRequire(patch.path).resolve;
	const source = applyPatch(patch, readFileSync(patch.path, 'utf8'))
		.replace("from 'strip-ansi'", `from '${pathToFileURL(resolve('strip-ansi')).href}'`)
		.replace("from 'get-east-asian-width'", `from '${pathToFileURL(resolve('get-east-asian-width')).href}'`);
	const file = path.join(folder, 'string-width.mjs');
	writeFileSync(file, source);
	return ((await import(pathToFileURL(file).href)) as {default: Width}).default;
}

const installed = ((await import(pathToFileURL(path.join(root, 'node_modules', 'string-width', 'index.js')).href)) as {default: Width}).default;
const fast = await patched();

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
