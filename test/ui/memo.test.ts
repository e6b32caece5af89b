import {describe, expect, it} from 'vitest';
import {lastResult} from '../../source/ui/memo.js';

describe('lastResult', () => {
	it('computes again only when an argument is a different object or value', () => {
		let calls = 0;
		const sum = lastResult((items: number[], offset: number) => {
			calls++;
			return items.reduce((total, item) => total + item, offset);
		});
		const items = [1, 2, 3];
		expect(sum(items, 0)).toBe(6);
		expect(sum(items, 0)).toBe(6);
		expect(calls).toBe(1);
		expect(sum(items, 1)).toBe(7);
		expect(sum([1, 2, 3], 1)).toBe(7);
		expect(calls).toBe(3);
	});
});
