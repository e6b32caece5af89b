import {describe, expect, test} from 'vitest';
import {fixedNano, formatNano, LogInstance} from '../../../source/sim/kubelet/log-store.js';

// A container instance's log as the runtime keeps it: RFC3339Nano stamps that never go
// backwards, lookup by time for --since, and a memory bound that keeps absolute indexes.

const t = Date.parse('2026-01-01T12:00:00.000Z');

describe('formatNano', () => {
	test('Go RFC3339Nano: nanoseconds with trailing zeros trimmed, none at all on a whole second', () => {
		expect(formatNano(t, 0)).toBe('2026-01-01T12:00:00Z');
		expect(formatNano(t + 500, 0)).toBe('2026-01-01T12:00:00.5Z');
		expect(formatNano(t + 123, 0)).toBe('2026-01-01T12:00:00.123Z');
		expect(formatNano(t + 120, 4000)).toBe('2026-01-01T12:00:00.120004Z');
		expect(formatNano(t + 1, 1)).toBe('2026-01-01T12:00:00.001000001Z');
		expect(formatNano(t, 999_000)).toBe('2026-01-01T12:00:00.000999Z');
	});
});

describe('fixedNano', () => {
	test("the kubelet's RFC3339NanoFixed: nine fractional digits, always", () => {
		expect(fixedNano('2026-01-01T12:00:00Z')).toBe('2026-01-01T12:00:00.000000000Z');
		expect(fixedNano('2026-01-01T12:00:00.5Z')).toBe('2026-01-01T12:00:00.500000000Z');
		expect(fixedNano('2026-01-01T12:00:00.120004Z')).toBe('2026-01-01T12:00:00.120004000Z');
		expect(fixedNano('2026-01-01T12:00:00.001000001Z')).toBe('2026-01-01T12:00:00.001000001Z');
	});
});

describe('LogInstance', () => {
	test('lines written in the same millisecond get distinct, increasing stamps', () => {
		const log = new LogInstance('containerd://abc');
		log.append('one', t);
		log.append('two', t);
		log.append('three', t);
		log.append('four', t + 1);
		expect(log.read(0).map(line => line.stamp)).toEqual([
			'2026-01-01T12:00:00Z',
			'2026-01-01T12:00:00.000001Z',
			'2026-01-01T12:00:00.000002Z',
			'2026-01-01T12:00:00.001Z',
		]);
	});

	test('stamps never go backwards, even when the clock does, or a millisecond overflows', () => {
		const log = new LogInstance('containerd://abc');
		log.append('late', t + 10);
		log.append('early', t);
		for (let i = 0; i < 1200; i++) log.append(`burst ${i}`, t + 10);
		const stamps = log.read(0).map(line => line.stamp);
		expect(new Set(stamps).size).toBe(stamps.length);
		const ordered = [...stamps].sort((a, b) => {
			const [, fa = ''] = a.replace('Z', '').split('.');
			const [, fb = ''] = b.replace('Z', '').split('.');
			return fa.padEnd(9, '0').localeCompare(fb.padEnd(9, '0'));
		});
		expect(stamps).toEqual(ordered);
		expect(stamps[1]).toBe('2026-01-01T12:00:00.010001Z');
	});

	test('indexAtOrAfter finds the first line at or after a time', () => {
		const log = new LogInstance('containerd://abc');
		for (const offset of [0, 1000, 1000, 2000, 5000]) log.append(`at ${offset}`, t + offset);
		expect(log.indexAtOrAfter(t - 1)).toBe(0);
		expect(log.indexAtOrAfter(t + 1)).toBe(1);
		expect(log.indexAtOrAfter(t + 1000)).toBe(1);
		expect(log.indexAtOrAfter(t + 3000)).toBe(4);
		expect(log.indexAtOrAfter(t + 9000)).toBe(5);
	});

	test('past maxLines the oldest lines of the current file go, absolute indexes and its size kept right', () => {
		const log = new LogInstance('containerd://abc', 3);
		for (let i = 0; i < 5; i++) log.append(`line ${i}`, t + i * 1000);
		expect(log.start).toBe(2);
		expect(log.end).toBe(5);
		expect(log.read(0).map(line => line.text)).toEqual(['line 2', 'line 3', 'line 4']);
		expect(log.read(3, 4).map(line => line.text)).toEqual(['line 3']);
		expect(log.indexAtOrAfter(t)).toBe(2);
		expect(log.indexAtOrAfter(t + 4000)).toBe(4);
		const kept = new LogInstance('containerd://def');
		for (let i = 2; i < 5; i++) kept.append(`line ${i}`, t + i * 1000);
		expect(log.current.bytes).toBe(kept.current.bytes);
	});

	test('a follower wakes on a new line and when the instance ends', async () => {
		const log = new LogInstance('containerd://abc');
		const first = log.changed();
		log.append('hello', t);
		await first;
		const second = log.changed();
		log.finish();
		await second;
		expect(log.ended).toBe(true);
		await log.changed();
	});
});
