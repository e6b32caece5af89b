import {describe, expect, it} from 'vitest';
import {compareStamps, ResumeCursor} from '../../../source/model/logs/resume.js';

describe('ResumeCursor', () => {
	it('skips exactly the lines already seen in the last second, once', () => {
		const cursor = new ResumeCursor();
		for (const stamp of ['2026-01-01T10:00:04.9Z', '2026-01-01T10:00:05.1Z', '2026-01-01T10:00:05.2Z']) expect(cursor.seen(stamp)).toBe(false);
		expect(cursor.resume()).toBe('2026-01-01T10:00:05Z');
		expect(cursor.seen('2026-01-01T10:00:05.1Z')).toBe(true);
		// A second drop in the middle of the skip must not skip more than was delivered.
		expect(cursor.resume()).toBe('2026-01-01T10:00:05Z');
		expect(cursor.seen('2026-01-01T10:00:05.1Z')).toBe(true);
		expect(cursor.seen('2026-01-01T10:00:05.2Z')).toBe(true);
		expect(cursor.seen('2026-01-01T10:00:05.3Z')).toBe(false);
	});

	it('skips nothing for a new instance', () => {
		const cursor = new ResumeCursor();
		cursor.seen('2026-01-01T10:00:05.1Z');
		expect(cursor.nextInstance()).toBe('2026-01-01T10:00:05Z');
		expect(cursor.seen('2026-01-01T10:00:05.7Z')).toBe(false);
	});

	it('resumes after a stamp: the current file may hold only part of the last second', () => {
		const cursor = new ResumeCursor();
		for (const stamp of ['2026-01-01T10:00:05.100000000Z', '2026-01-01T10:00:05.200000000Z']) cursor.seen(stamp);
		expect(cursor.resumeAfter('2026-01-01T10:00:05.200000000Z')).toBe('2026-01-01T10:00:05Z');
		expect(cursor.skipping).toBe(true);
		// The rotated file had .1 and .2; the current one starts at .3: nothing of it is skipped.
		expect(cursor.seen('2026-01-01T10:00:05.300000000Z')).toBe(false);
		expect(cursor.skipping).toBe(false);
		expect(cursor.seen('2026-01-01T10:00:05.400000000Z')).toBe(false);
		// Read again from the start of the second, the delivered lines are skipped by stamp.
		cursor.resumeAfter('2026-01-01T10:00:05.400000000Z');
		expect(cursor.seen('2026-01-01T10:00:05.100000000Z')).toBe(true);
		expect(cursor.seen('2026-01-01T10:00:05.4Z')).toBe(true);
		expect(cursor.seen('2026-01-01T10:00:05.400000001Z')).toBe(false);
	});

	it('gives up the rest of a second and says how much of it was delivered', () => {
		const cursor = new ResumeCursor();
		for (let n = 0; n < 3; n++) cursor.seen(`2026-01-01T10:00:59.${n}00000000Z`);
		expect(cursor.skipToNextSecond()).toEqual({second: '2026-01-01T10:00:59Z', delivered: 3, next: '2026-01-01T10:01:00Z'});
		expect(cursor.resume()).toBe('2026-01-01T10:01:00Z');
		expect(cursor.seen('2026-01-01T10:01:00.5Z')).toBe(false);
	});

	it('resumes from a tail: drops what was delivered, and flags a tail that began too late', () => {
		const cursor = new ResumeCursor();
		cursor.seen('2026-01-01T10:00:05.100000000Z');
		cursor.seen('2026-01-01T10:00:05.200000000Z');
		cursor.resumeFromTail('2026-01-01T10:00:05.200000000Z');
		expect(cursor.seen('2026-01-01T10:00:05.100000000Z')).toBe(true);
		expect(cursor.seen('2026-01-01T10:00:05.200000000Z')).toBe(true);
		expect(cursor.seen('2026-01-01T10:00:05.300000000Z')).toBe(false);
		expect({gapped: cursor.gapped, dropped: cursor.dropped}).toEqual({gapped: false, dropped: 2});
		// The next tail starts at .5: .4 is missing between, so nothing of this read is taken.
		cursor.resumeFromTail('2026-01-01T10:00:05.300000000Z');
		expect(cursor.seen('2026-01-01T10:00:05.500000000Z')).toBe(true);
		expect(cursor.seen('2026-01-01T10:00:05.600000000Z')).toBe(true);
		expect(cursor.gapped).toBe(true);
		// A resume by time clears the flag: its first line may be newer (the second's start is read).
		cursor.resume();
		expect(cursor.gapped).toBe(false);
	});

	it('orders stamps of any fraction length as nanoseconds', () => {
		expect(compareStamps('2026-01-01T10:00:05.5Z', '2026-01-01T10:00:05.499999999Z')).toBeGreaterThan(0);
		expect(compareStamps('2026-01-01T10:00:05Z', '2026-01-01T10:00:05.000000000Z')).toBe(0);
		expect(compareStamps('2026-01-01T10:00:04.9Z', '2026-01-01T10:00:05Z')).toBeLessThan(0);
	});
});
