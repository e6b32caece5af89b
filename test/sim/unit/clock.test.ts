import {describe, expect, test} from 'vitest';
import {ManualClock, realClock, simSeconds} from '../../../source/sim/clock.js';

// The hand-driven clock every deterministic lifecycle test stands on.

describe('ManualClock', () => {
	test('fires due timers in time order, at their own time', () => {
		const clock = new ManualClock(0);
		const fired: Array<[string, number]> = [];
		clock.after(2, () => fired.push(['b', clock.now()]));
		clock.after(1, () => fired.push(['a', clock.now()]));
		clock.after(5, () => fired.push(['c', clock.now()]));
		clock.advance(3);
		expect(fired).toEqual([
			['a', 1000],
			['b', 2000],
		]);
		expect(clock.now()).toBe(3000);
	});

	test('timers scheduled while firing fire in the same advance when due', () => {
		const clock = new ManualClock(0);
		const fired: number[] = [];
		clock.after(1, () => {
			fired.push(clock.now());
			clock.after(0, () => fired.push(clock.now()));
			clock.after(1, () => fired.push(clock.now()));
		});
		clock.advance(1.5);
		expect(fired).toEqual([1000, 1000]);
		clock.advance(1);
		expect(fired).toEqual([1000, 1000, 2000]);
	});

	test('every repeats until cancelled; cancelled timers never fire', () => {
		const clock = new ManualClock(0);
		const ticks: number[] = [];
		const stop = clock.every(2, () => ticks.push(clock.now()));
		const cancel = clock.after(1, () => ticks.push(-1));
		cancel();
		clock.advance(7);
		expect(ticks).toEqual([2000, 4000, 6000]);
		stop();
		clock.advance(10);
		expect(ticks).toHaveLength(3);
	});

	test('a zero period cannot stall time', () => {
		const clock = new ManualClock(0);
		let ticks = 0;
		clock.every(0, () => ticks++);
		clock.advance(0.01);
		expect(ticks).toBe(10);
	});
});

describe('simSeconds', () => {
	test('turns real milliseconds into simulated seconds at the clock speed', () => {
		const fast = {...realClock(10), now: () => 5_000};
		expect(simSeconds(fast, 4_000)).toBe(10);
		expect(simSeconds(fast, 1_000, 1_500)).toBe(5);
		expect(simSeconds(new ManualClock(0), 0, 2_500)).toBe(2.5);
	});
});
