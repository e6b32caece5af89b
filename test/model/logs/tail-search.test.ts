import {describe, expect, it} from 'vitest';
import {maxTailAttempts, TailSearch} from '../../../source/model/logs/tail-search.js';

// A log of `end` lines read `cut` lines at a time from `end - tail`: how the search behaves
// against it, with the same rules as the kubelet's tail and a connection cut after `cut` lines.
function simulate(options: {end: number; delivered: number; cut: number; rate: number; growth: number; guess: number; understate?: boolean}) {
	let {end, delivered} = options;
	const search = new TailSearch(options.guess, 0, options.rate);
	let now = 0;
	let requests = 0;
	while (delivered < end && requests < 1000) {
		requests++;
		now += 10;
		end += options.growth;
		const tail = search.request(now, options.growth > 0);
		const start = Math.max(0, end - tail);
		if (start > delivered) {
			if (search.settle({kind: 'late', missing: options.understate ? 1 : start - delivered, first: String(start)}, delivered, options.growth > 0) !== 'go')
				return {requests, delivered, end, gaveUp: true};
			continue;
		}
		if (delivered - start > options.cut * 0.75) {
			if (search.settle({kind: 'early', extra: delivered - start}, delivered, options.growth > 0) !== 'go') return {requests, delivered, end, gaveUp: true};
			continue;
		}
		const read = Math.min(options.cut, end - start);
		const dropped = Math.min(read, delivered - start);
		const fresh = read - dropped;
		delivered += fresh;
		if (search.settle({kind: 'cut', dropped, delivered: fresh}, delivered - fresh, options.growth > 0) !== 'go')
			return {requests, delivered, end, gaveUp: true};
	}
	return {requests, delivered, end, gaveUp: false};
}

describe('TailSearch', () => {
	it('reaches the end of a finished log however far off the first guess is', () => {
		for (const guess of [1, 50, 5000, 200_000]) {
			const result = simulate({end: 10_000, delivered: 2000, cut: 180, rate: 0, growth: 0, guess});
			expect(result).toMatchObject({delivered: 10_000, gaveUp: false});
		}
	});

	it('keeps up with a growing log that no connection carries a second of', () => {
		// 1,000 lines a second, a request every 10 ms, 180 lines per connection; the first
		// guess of the rate is five times too high (stamps of a burst), and is measured.
		const result = simulate({end: 10_000, delivered: 9000, cut: 180, rate: 5, growth: 10, guess: 1000});
		expect(result.gaveUp).toBe(false);
		expect(result.delivered).toBeGreaterThanOrEqual(result.end - 200);
	});

	it('corrects by how far off the first line was, within the bounds found so far', () => {
		const search = new TailSearch(100, 0, 0);
		expect(search.request(0, false)).toBe(100);
		// 30 lines missing: ask for them, and a margin of 4 to overlap.
		search.settle({kind: 'late', missing: 30, first: 'a'}, 0, false);
		expect(search.request(0, false)).toBe(134);
		// Now 500 too many: that would leave the bounds (100, 134), so halve them instead.
		search.settle({kind: 'early', extra: 500}, 0, false);
		expect(search.request(0, false)).toBe(117);
		// Early again: the second correction in a row is doubled (10 dropped: 20 fewer, and the margin).
		search.settle({kind: 'cut', dropped: 10, delivered: 0}, 0, false);
		expect(search.request(0, false)).toBe(101);
	});

	it('doubles corrections that keep falling short in the same direction', () => {
		// A finished log 3,000 lines past the last delivered, while the stamps say 1 line each time.
		const result = simulate({end: 5000, delivered: 2000, cut: 1600, rate: 0, growth: 0, guess: 10, understate: true});
		expect(result).toMatchObject({delivered: 5000, gaveUp: false});
		expect(result.requests).toBeLessThan(30);
	});

	it('grows its counts with the log while it searches', () => {
		const search = new TailSearch(100, 0, 2);
		expect(search.request(10, true)).toBe(120);
		search.settle({kind: 'late', missing: 10, first: 'a'}, 2, true);
		// 120 + 10 missing + a margin of 4, and 2 lines a millisecond for the 5 ms since.
		expect(search.request(15, true)).toBe(144);
	});

	it('gives up when no count gets anywhere', () => {
		const search = new TailSearch(10, 0, 0);
		let next = 'go';
		let attempts = 0;
		while (next === 'go') {
			search.request(0, false);
			// Each read began too late, at a later line each time (the file keeps moving on).
			next = search.settle({kind: 'late', missing: 10, first: String(attempts)}, 0, false);
			attempts++;
		}
		expect({next, attempts}).toEqual({next: 'failed', attempts: maxTailAttempts});
	});

	it('says the lines were rotated away when three tails of growing lengths begin at the same line', () => {
		const search = new TailSearch(10, 0, 0);
		const first = '2026-12-05T21:30:53.000000000Z';
		const counts = [search.request(0, false)];
		expect(search.settle({kind: 'late', missing: 5000, first}, 0, false)).toBe('go');
		counts.push(search.request(0, false));
		expect(search.settle({kind: 'late', missing: 5000, first}, 0, false)).toBe('go');
		counts.push(search.request(0, false));
		expect(search.settle({kind: 'late', missing: 5000, first}, 0, false)).toBe('rotated');
		expect(counts[1]).toBeGreaterThan(counts[0]!);
		expect(counts[2]).toBeGreaterThan(counts[1]!);
	});

	it('goes on when a growing log makes two tails begin at the same line by chance', () => {
		// The log grew between the two requests by exactly the count's increase (the second
		// request left late), so both began at line 990; nothing was rotated.
		const search = new TailSearch(10, 0, 0.1);
		let end = 1000;
		const delivered = 900;
		const startOf = (tail: number) => Math.max(0, end - tail);
		const first = search.request(0, true);
		expect(startOf(first)).toBe(990);
		expect(search.settle({kind: 'late', missing: 90, first: String(startOf(first))}, delivered, true)).toBe('go');
		const second = search.request(10, true);
		end += second - first;
		expect(startOf(second)).toBe(990);
		expect(search.settle({kind: 'late', missing: 90, first: String(startOf(second))}, delivered, true)).toBe('go');
		// The next count is larger by more than the log grew: it reaches back past line 990.
		const third = search.request(20, true);
		end += 2;
		expect(startOf(third)).toBeLessThan(990);
	});
});
