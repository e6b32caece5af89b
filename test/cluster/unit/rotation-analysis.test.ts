import {describe, expect, test} from 'vitest';
import {followSummary, logLines} from '../rotation-analysis.js';

const line = (n: number) => `flood line ${String(n).padStart(9, '0')} xxxx`;
const text = (ns: number[]) => `${ns.map(line).join('\n')}\n`;

describe('reading the flood stand-in', () => {
	test('a whole follow is complete', () => {
		expect(followSummary(text([1, 2, 3, 4]), 4)).toEqual({delivered: 4, gaps: [], duplicates: 0, complete: true});
	});

	test('lines lost to a rotation are a gap, a follow that stopped early one to the end', () => {
		expect(followSummary(text([1, 2, 5, 6]), 8)).toEqual({
			delivered: 4,
			gaps: [
				[3, 4],
				[7, 8],
			],
			duplicates: 0,
			complete: false,
		});
	});

	test('a line read twice is a duplicate', () => {
		expect(followSummary(text([1, 2, 2, 3]), 3)).toMatchObject({duplicates: 1, complete: false});
	});

	test('a file read after rotation: where it starts, and whether it is whole', () => {
		expect(logLines(text([7, 8, 9]))).toEqual({first: 7, last: 9, count: 3, contiguous: true});
		expect(logLines(text([7, 9]))).toMatchObject({contiguous: false});
		expect(logLines('')).toEqual({first: undefined, last: undefined, count: 0, contiguous: true});
	});
});
