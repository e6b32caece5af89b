import {afterAll, describe, expect, it} from 'vitest';
import {importInstalled, importPatched, removePatched} from './patched-module.js';

// The patches of Ink's frame output and of the ANSI tokenizer under it (scripts/patches/
// ink-output-blank-cells.js, ansi-tokenize-*.js) allocate less for the same result: each patched
// module is held to the installed one on the same inputs.

type Code = {type: 'ansi'; code: string; endCode: string};
type Tokenizer = {
	tokenize(text: string): Array<{type: string}>;
	reduceAnsiCodes(codes: Code[]): Code[];
	ansiCodesToString(codes: Code[]): string;
	diffAnsiCodes(from: Code[], to: Code[]): Code[];
};
type Output = {
	write(x: number, y: number, text: string, options: {transformers: unknown[]}): void;
	clip(clip: object): void;
	unclip(): void;
	get(): {output: string; height: number};
};
type OutputClass = new (options: {width: number; height: number}) => Output;

const tokenizer = (await import('@alcalzone/ansi-tokenize')) as unknown as Tokenizer;
const codesString = await importPatched<Pick<Tokenizer, 'ansiCodesToString'>>('ansi-tokenize-codes-string');
const diff = await importPatched<Pick<Tokenizer, 'diffAnsiCodes'>>('ansi-tokenize-diff-empty');
const InstalledOutput = (await importInstalled<{default: OutputClass}>('ink-output-blank-cells')).default;
const PatchedOutput = (await importPatched<{default: OutputClass}>('ink-output-blank-cells')).default;
afterAll(removePatched);

const esc = '\u001B';
const link = (url: string) => `${esc}]8;;${url}${esc}\\`;
/** Opening codes as chalk and Ink write them: colours, intensity, underline, inverse, 256 and true colour, a hyperlink. */
const openings = ['[31m', '[32m', '[1m', '[2m', '[4m', '[7m', '[38;5;200m', '[48;2;1;2;3m', '[39m', '[22m', '[0m']
	.map(code => `${esc}${code}`)
	.concat(link('https://k8s.io'), link(''));

/** Deterministic pseudo-random numbers, so that a failure can be replayed. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
		return state / 2 ** 31;
	};
}

/** Style arrays as the tokenizer reduces them: none, one, several, with repeats and resets. */
function styles(count: number): Code[][] {
	const next = random(7);
	const all: Code[][] = [[]];
	for (let index = 0; index < count; index++) {
		const text = Array.from({length: 1 + Math.floor(next() * 4)}, () => openings[Math.floor(next() * openings.length)]).join('');
		const codes = tokenizer.tokenize(text).filter((token): token is Code => token.type === 'ansi');
		all.push(tokenizer.reduceAnsiCodes(codes));
	}
	return all;
}

describe('the ANSI tokenizer patches', () => {
	const sets = styles(60);

	it('join every style array as the installed ansiCodesToString does', () => {
		for (const codes of sets) expect(codesString.ansiCodesToString(codes)).toBe(tokenizer.ansiCodesToString(codes));
		expect(sets.some(codes => codes.length === 1)).toBe(true);
	});

	it('diff every pair of style arrays as the installed diffAnsiCodes does', () => {
		for (const from of sets) for (const to of sets) expect(diff.diffAnsiCodes(from, to)).toEqual(tokenizer.diffAnsiCodes(from, to));
		expect(sets.filter(codes => codes.length === 0).length).toBeGreaterThan(0);
	});
});

describe('the Ink output patch', () => {
	const words = ['pod', 'Running', '日本語', '👩‍💻', 'é', '│', '✗ Error', '   '];

	/** The same writes (styled, wide, overlapping, clipped) on both outputs. */
	function frame(seed: number, Output: OutputClass): {output: string; height: number} {
		const next = random(seed);
		const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)]!;
		const output = new Output({width: 40, height: 8});
		for (let write = 0; write < 30; write++) {
			if (next() < 0.1) output.clip({x1: Math.floor(next() * 10), x2: 20 + Math.floor(next() * 20), y1: 0, y2: 6});
			const text = Array.from({length: 1 + Math.floor(next() * 3)}, () => `${pick(openings)}${pick(words)}${esc}[0m`).join(next() < 0.2 ? '\n' : ' ');
			output.write(Math.floor(next() * 38), Math.floor(next() * 9), text, {transformers: []});
			if (next() < 0.1) output.unclip();
		}
		return output.get();
	}

	it('draws the same frames', () => {
		for (let seed = 1; seed <= 200; seed++) expect(frame(seed, PatchedOutput), `seed ${seed}`).toEqual(frame(seed, InstalledOutput));
	});

	it('leaves blank lines blank, and fills a frame nothing was written to', () => {
		const empty = new PatchedOutput({width: 10, height: 3});
		expect(empty.get()).toEqual(new InstalledOutput({width: 10, height: 3}).get());
		expect(empty.get()).toEqual({output: '\n\n', height: 3});
	});
});
