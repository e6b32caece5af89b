import {describe, expect, it} from 'vitest';
import {parseStamped, stampMs, stampSecond} from '../../../source/model/logs/record.js';

describe('stamped lines', () => {
	it('splits the stamp and keeps the fraction for ordering', () => {
		const record = parseStamped('2026-01-01T10:00:05.123456Z hello world', '');
		expect(record.text).toBe('hello world');
		expect(record.ms).toBeCloseTo(Date.parse('2026-01-01T10:00:05Z') + 123.456, 3);
		expect(stampSecond('2026-01-01T10:00:05.1Z')).toBe('2026-01-01T10:00:05Z');
		expect(stampMs('2026-01-01T10:00:05.1Z')).toBeLessThan(stampMs('2026-01-01T10:00:05.12Z'));
	});

	it('gives a line without a stamp the previous one, and keeps empty lines', () => {
		expect(parseStamped('continued', '2026-01-01T10:00:05Z').stamp).toBe('2026-01-01T10:00:05Z');
		expect(parseStamped('2026-01-01T10:00:05Z ', '').text).toBe('');
	});
});
