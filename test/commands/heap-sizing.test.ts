import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {capYoungGeneration, limitHeapGrowth} from '../../source/commands/heap-sizing.js';

describe('capYoungGeneration', () => {
	it('stops the growth at once when the young generation is already that large', () => {
		const flags: string[] = [];
		expect(capYoungGeneration(0, text => flags.push(text))).toBe(true);
		expect(flags).toEqual(['--semi-space-growth-factor=1']);
	});

	it('keeps a process that fills its heap with survivors to a small young generation', () => {
		// A child process: a heap of its own, as the TUI's first list fills it.
		const module = path.resolve('source/commands/heap-sizing.ts');
		const script = `
			const {capYoungGeneration} = await import(${JSON.stringify(module)});
			const v8 = await import('node:v8');
			if (process.argv[1] === 'cap') capYoungGeneration(8);
			const kept = [];
			// In pages, as a list arrives: the collector's reports come between them.
			for (let round = 0; round < 300; round++) {
				kept.push(Array.from({length: 2000}, (_, index) => ({index, text: 'pod-' + index + '-' + round})));
				await new Promise(resolve => setImmediate(resolve));
			}
			const space = v8.getHeapSpaceStatistics().find(item => item.space_name === 'new_space');
			console.log(Math.round(space.space_size / 2 ** 20));`;
		const run = (mode: string) => Number(spawnSync(process.execPath, ['--input-type=module', '-e', script, mode], {encoding: 'utf8'}).stdout.trim());
		expect(run('cap')).toBeLessThanOrEqual(8);
		// Without the cap the same process grows it further: the check above can fail.
		expect(run('free')).toBeGreaterThan(8);
	});

	it('sets the old generation growing factor', () => {
		const flags: string[] = [];
		limitHeapGrowth(50, text => flags.push(text));
		expect(flags).toEqual(['--heap-growing-percent=50']);
	});
});
