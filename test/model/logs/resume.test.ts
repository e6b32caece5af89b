import {describe, expect, it} from 'vitest';
import {ResumeCursor} from '../../../source/model/logs/resume.js';

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
});
