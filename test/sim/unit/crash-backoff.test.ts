import {describe, expect, test} from 'vitest';
import {ManualClock} from '../../../source/sim/clock.js';
import {CrashBackoff} from '../../../source/sim/kubelet/crash-backoff.js';

// One container's entry in the kubelet's crash-loop back-off, as client-go's flowcontrol
// Backoff keeps it: no back-off before the first Next, then 10 s doubling to 5 minutes,
// measured from the exit the check is given; reset by an exit long after the last Next.

describe('CrashBackoff', () => {
	test('no back-off before the first restart, then 10 s doubling up to 5 minutes', () => {
		const clock = new ManualClock();
		const backoff = new CrashBackoff(clock);
		expect(backoff.inBackOffSince(clock.now())).toBe(false);
		const seen: number[] = [];
		for (let i = 0; i < 7; i++) {
			backoff.next(clock.now());
			seen.push(backoff.current);
		}
		expect(seen).toEqual([10, 20, 40, 80, 160, 300, 300]);
	});

	test('in back-off while less than the back-off has passed since the exit it is given', () => {
		const clock = new ManualClock();
		const backoff = new CrashBackoff(clock);
		const exit = clock.now();
		backoff.next(exit);
		clock.advance(9.9);
		expect(backoff.inBackOffSince(exit)).toBe(true);
		clock.advance(0.1);
		expect(backoff.inBackOffSince(exit)).toBe(false);
		// An older exit is further behind: the check after a probe kill reads the exit before.
		expect(backoff.inBackOffSince(exit - 5_000)).toBe(false);
	});

	test('an exit more than twice the cap after the last restart starts over at 10 s', () => {
		const clock = new ManualClock();
		const backoff = new CrashBackoff(clock);
		backoff.next(clock.now());
		backoff.next(clock.now());
		expect(backoff.current).toBe(20);
		clock.advance(601);
		expect(backoff.inBackOffSince(clock.now())).toBe(false);
		backoff.next(clock.now());
		expect(backoff.current).toBe(10);
		clock.advance(600);
		backoff.next(clock.now());
		expect(backoff.current).toBe(20);
	});
});
