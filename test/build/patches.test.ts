import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {applyPatch, checkVersion, loadPatches, occurrences, type Patch, seaPatchesFolder} from '../../scripts/patch-dependencies.js';

// The build's patches of dependencies (scripts/patches/, and scripts/sea/patches/ for the single
// executable's bundle) against the installed dependencies: an upgrade that moves a patched
// text, or goes outside a patch's range, fails here by name.
const patches = [...(await loadPatches()), ...(await loadPatches(seaPatchesFolder))];

describe('dependency patches', () => {
	it('are found', () => {
		expect(patches.map(patch => patch.name)).toEqual(
			expect.arrayContaining(['ink-line-update', 'meow-drop-exec', 'meow-lazy-normalize', 'yoga-wasm-loader', 'yoga-sync', 'meow-own-package']),
		);
	});

	describe.each(patches.map(patch => [patch.name, patch] as const))('%s', (_name, patch) => {
		it('says why in a sentence or two', () => {
			expect(patch.why).toMatch(/^\S.{40,400}\.$/s);
		});

		it('fits the installed version of its package', () => {
			expect(() => checkVersion(patch)).not.toThrow();
		});

		it('finds its text exactly once in the installed file', () => {
			expect(occurrences(patch)).toBe(1);
		});
	});

	it('apply together to each file, the later ones still finding their text', () => {
		for (const file of new Set(patches.map(patch => patch.path))) {
			const original = readFileSync(file, 'utf8');
			const patched = patches.filter(patch => patch.path === file).reduce((source, patch) => applyPatch(patch, source), original);
			expect(patched).not.toBe(original);
		}
	});
});

describe('a patch that does not fit', () => {
	const folder = mkdtempSync(path.join(tmpdir(), 'podscope-patches-'));
	afterAll(() => rmSync(folder, {recursive: true, force: true}));
	const ink = patches.find(patch => patch.name === 'ink-line-update')!;
	const installed = JSON.parse(readFileSync(path.join(ink.path.slice(0, -ink.file.length), 'package.json'), 'utf8')).version as string;

	it('is refused by the build when its version range misses the installed package, naming both', () => {
		const stale: Patch = {...ink, name: 'stale', versions: '^7.0.0'};
		expect(() => checkVersion(stale)).toThrow(`patch stale: ink ${installed} is installed, outside the patch's range ^7.0.0`);
	});

	it('is refused when its text is not in the file, or is there twice', () => {
		expect(() => applyPatch({...ink, name: 'moved', find: 'no such text'}, 'source')).toThrow(
			'patch moved: the text to find occurs nowhere in ink/build/line-update.js',
		);
		expect(() => applyPatch({...ink, name: 'twice', find: 'a'}, 'a a')).toThrow('patch twice: the text to find occurs 2 times');
	});

	// Each in a folder of its own: an imported file is cached by its URL.
	const load = (name: string, fields: string) => {
		const own = mkdtempSync(path.join(folder, 'case-'));
		writeFileSync(path.join(own, `${name}.js`), `export default {${fields}};\n`);
		return loadPatches(own);
	};

	it('is refused when malformed, naming the file', async () => {
		await expect(load('odd', "package: 'ink', versions: '~8.0.0', file: 'x.js', find: 'a', replace: 'b', why: 'c', extra: 1")).rejects.toThrow(
			/^patch odd \(\/.*\/odd\.js\): unknown field extra /,
		);
		await expect(load('empty', "package: 'ink', versions: '~8.0.0', file: 'x.js', find: '', replace: 'b', why: 'c'")).rejects.toThrow(
			/^patch empty \(\/.*\/empty\.js\): find must be a non-empty string$/,
		);
		await expect(load('range', "package: 'ink', versions: 'eight', file: 'x.js', find: 'a', replace: 'b', why: 'c'")).rejects.toThrow(
			'versions "eight" is not a semver range',
		);
		await expect(load('outside', "package: 'ink', versions: '~8.0.0', file: '../x.js', find: 'a', replace: 'b', why: 'c'")).rejects.toThrow(
			'file must lie inside the package',
		);
	});
});
