import {describe, expect, it} from 'vitest';
import {goSortStable} from '../../source/model/go-sort-stable.js';

// Expected orders printed by Go 1.26's sort.SliceStable on the same input, with the comparator
// of strategicpatch.normalizeSliceOrder: by position in an order list, and "less" whenever
// either item is missing from it (not a strict weak order, so only Go's own steps give Go's result).

function run(items: number[], order: number[]): string {
	const less = (a: number, b: number) => {
		const ia = order.indexOf(a);
		const ib = order.indexOf(b);
		return ia >= 0 && ib >= 0 ? ia < ib : true;
	};
	return goSortStable(items, less).join(',');
}

describe('goSortStable (Go sort.SliceStable)', () => {
	it('sorts by the order list', () => {
		expect(run([3, 1, 2], [1, 2, 3])).toBe('1,2,3');
	});

	it('moves an item the order list lacks as insertion sort does', () => {
		expect(run([3, 9, 1, 2], [1, 2, 3])).toBe('1,2,9,3');
	});

	it('45 items, some missing from the order (insertion blocks, then SymMerge)', () => {
		const items = Array.from({length: 45}, (_, i) => (i * 17) % 45);
		const order = Array.from({length: 45}, (_, i) => i).filter(i => i % 4 !== 0);
		expect(run(items, order)).toBe(
			'28,5,11,16,44,4,32,20,3,9,10,14,15,21,22,25,26,27,31,33,37,38,42,43,8,36,24,1,2,12,40,6,7,13,17,18,19,23,29,30,34,35,39,41,0',
		);
	});

	it('45 items in reverse, all in the order', () => {
		const items = Array.from({length: 45}, (_, i) => 44 - i);
		expect(
			run(
				items,
				Array.from({length: 45}, (_, i) => i),
			),
		).toBe(Array.from({length: 45}, (_, i) => i).join(','));
	});
});
