import {describe, expect, it} from 'vitest';
import {RingBuffer} from '../../source/model/ring-buffer.js';

function filled(capacity: number, count: number): RingBuffer<number> {
	const buffer = new RingBuffer<number>(capacity);
	for (let index = 0; index < count; index++) {
		buffer.push(index);
	}

	return buffer;
}

describe('RingBuffer', () => {
	it('rejects capacities that are not positive integers', () => {
		expect(() => new RingBuffer(0)).toThrow(RangeError);
		expect(() => new RingBuffer(-1)).toThrow(RangeError);
		expect(() => new RingBuffer(1.5)).toThrow(RangeError);
		expect(() => new RingBuffer(Number.NaN)).toThrow(RangeError);
	});

	it('starts empty', () => {
		const buffer = new RingBuffer<string>(3);
		expect(buffer.length).toBe(0);
		expect(buffer.capacity).toBe(3);
		expect(buffer.totalPushed).toBe(0);
		expect(buffer.evicted).toBe(0);
		expect(buffer.get(0)).toBeUndefined();
		expect(buffer.at(0)).toBeUndefined();
		expect(buffer.toArray()).toEqual([]);
		expect(buffer.slice(0, 10)).toEqual([]);
	});

	it('keeps everything until full', () => {
		const buffer = filled(4, 3);
		expect(buffer.length).toBe(3);
		expect(buffer.evicted).toBe(0);
		expect(buffer.toArray()).toEqual([0, 1, 2]);
		expect(buffer.get(0)).toBe(0);
		expect(buffer.get(2)).toBe(2);
		expect(buffer.get(3)).toBeUndefined();
	});

	it('evicts the oldest items once full, across several wrap-arounds', () => {
		const buffer = filled(4, 11);
		expect(buffer.length).toBe(4);
		expect(buffer.totalPushed).toBe(11);
		expect(buffer.evicted).toBe(7);
		expect(buffer.toArray()).toEqual([7, 8, 9, 10]);
		expect(buffer.get(0)).toBe(7);
		expect(buffer.get(3)).toBe(10);
		expect([...buffer]).toEqual([7, 8, 9, 10]);
	});

	it('matches a naive model for every fill level', () => {
		for (let count = 0; count <= 20; count++) {
			const buffer = filled(5, count);
			const all = Array.from({length: count}, (_, index) => index);
			const kept = all.slice(-5);
			expect(buffer.toArray()).toEqual(count === 0 ? [] : kept);
			expect(buffer.evicted).toBe(count - buffer.length);
			for (let start = -7; start <= 7; start++) {
				for (let end = -7; end <= 7; end++) {
					expect(buffer.slice(start, end)).toEqual(kept.slice(start, end));
				}
			}
		}
	});

	it('slices across the wrap point', () => {
		const buffer = filled(5, 8);
		// Storage now holds [5, 6, 7, 3, 4] with the oldest (3) in slot 3.
		expect(buffer.toArray()).toEqual([3, 4, 5, 6, 7]);
		expect(buffer.slice(1, 4)).toEqual([4, 5, 6]);
		expect(buffer.slice(2)).toEqual([5, 6, 7]);
		expect(buffer.slice(0, 2)).toEqual([3, 4]);
		expect(buffer.slice(-2)).toEqual([6, 7]);
		expect(buffer.slice(3, 1)).toEqual([]);
		expect(buffer.slice(-100, 100)).toEqual([3, 4, 5, 6, 7]);
	});

	it('addresses items by absolute sequence number', () => {
		const buffer = new RingBuffer<string>(3);
		for (const line of ['a', 'b', 'c', 'd', 'e']) {
			buffer.push(line);
		}

		expect(buffer.evicted).toBe(2);
		expect(buffer.at(0)).toBeUndefined();
		expect(buffer.at(1)).toBeUndefined();
		expect(buffer.at(2)).toBe('c');
		expect(buffer.at(4)).toBe('e');
		expect(buffer.at(5)).toBeUndefined();
		expect(buffer.at(-1)).toBeUndefined();
		expect(buffer.at(2.5)).toBeUndefined();
	});

	it('lets a view keep its position while old lines are evicted', () => {
		const buffer = filled(100, 100);
		// The view's top line is the one with sequence 40.
		const top = 40;
		expect(buffer.at(top)).toBe(40);
		buffer.pushMany([100, 101, 102]);
		expect(buffer.at(top)).toBe(40);
		expect(buffer.get(top - buffer.evicted)).toBe(40);
		buffer.pushMany(Array.from({length: 40}, (_, index) => 103 + index));
		expect(buffer.at(top)).toBeUndefined();
		expect(buffer.at(buffer.evicted)).toBe(buffer.get(0));
	});

	it('pushMany matches repeated push, including batches larger than the capacity', () => {
		for (const sizes of [[2], [3, 3], [7], [1, 9, 2], [0, 4, 10, 1]]) {
			const batched = new RingBuffer<number>(4);
			const single = new RingBuffer<number>(4);
			let next = 0;
			for (const size of sizes) {
				const batch = Array.from({length: size}, () => next++);
				batched.pushMany(batch);
				for (const item of batch) {
					single.push(item);
				}
			}

			expect(batched.toArray()).toEqual(single.toArray());
			expect(batched.totalPushed).toBe(single.totalPushed);
			expect(batched.evicted).toBe(single.evicted);
		}
	});

	it('clear drops items but keeps counting sequence numbers', () => {
		const buffer = filled(3, 5);
		buffer.clear();
		expect(buffer.length).toBe(0);
		expect(buffer.toArray()).toEqual([]);
		expect(buffer.totalPushed).toBe(5);
		expect(buffer.evicted).toBe(5);
		expect(buffer.at(4)).toBeUndefined();
		buffer.push(5);
		buffer.push(6);
		expect(buffer.toArray()).toEqual([5, 6]);
		expect(buffer.at(5)).toBe(5);
		expect(buffer.at(6)).toBe(6);
		expect(buffer.evicted).toBe(5);
	});

	it('rejects non-integer and negative retained indexes', () => {
		const buffer = filled(3, 2);
		expect(buffer.get(-1)).toBeUndefined();
		expect(buffer.get(0.5)).toBeUndefined();
		expect(buffer.get(Number.NaN)).toBeUndefined();
	});

	it('works with a capacity of one', () => {
		const buffer = filled(1, 3);
		expect(buffer.toArray()).toEqual([2]);
		expect(buffer.at(2)).toBe(2);
		expect(buffer.at(1)).toBeUndefined();
		expect(buffer.evicted).toBe(2);
	});

	it('stays fast and does not grow its storage under sustained pushes', () => {
		const buffer = new RingBuffer<number>(1000);
		for (let index = 0; index < 1_000_000; index++) {
			buffer.push(index);
		}

		expect(buffer.length).toBe(1000);
		expect(buffer.get(0)).toBe(999_000);
		expect(buffer.at(999_999)).toBe(999_999);
	});
});
