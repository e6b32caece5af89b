import {describe, expect, it} from 'vitest';
import {humanDuration, shortHumanDuration, translateTimestampSince} from '../../source/model/duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration', () => {
	// Each pair sits on one side of a threshold in apimachinery's HumanDuration.
	it.each([
		[0, '0s'],
		[999, '0s'],
		[-1 * s, '0s'],
		[-1999, '0s'],
		[-2 * s, '<invalid>'],
		[1 * s, '1s'],
		[70 * s, '70s'],
		[119 * s + 999, '119s'],
		[120 * s, '2m'],
		[2 * m + 30 * s, '2m30s'],
		[190 * s, '3m10s'],
		[9 * m + 59 * s, '9m59s'],
		[10 * m, '10m'],
		[10 * m + 59 * s, '10m'],
		[70 * m, '70m'],
		[179 * m + 59 * s, '179m'],
		[3 * h, '3h'],
		[3 * h + 5 * m, '3h5m'],
		[7 * h + 59 * m, '7h59m'],
		[8 * h, '8h'],
		[47 * h + 59 * m, '47h'],
		[48 * h, '2d'],
		[49 * h, '2d1h'],
		[7 * d + 23 * h, '7d23h'],
		[8 * d, '8d'],
		[8 * d + 2 * h, '8d'],
		[367 * d, '367d'],
		[2 * y - h, '729d'],
		[2 * y, '2y'],
		[2 * y + 25 * h, '2y1d'],
		[8 * y - h, '7y364d'],
		[8 * y + 2 * h, '8y'],
		[12 * y + 100 * d, '12y'],
	])('%d ms → %s', (ms, expected) => {
		expect(humanDuration(ms)).toBe(expected);
	});
});

describe('shortHumanDuration', () => {
	it.each([
		[0, '0s'],
		[-1 * s, '0s'],
		[-2 * s, '<invalid>'],
		[59 * s + 999, '59s'],
		[60 * s, '1m'],
		[59 * m + 59 * s, '59m'],
		[h, '1h'],
		[23 * h + 59 * m, '23h'],
		[d, '1d'],
		[364 * d + 23 * h, '364d'],
		[y, '1y'],
		[800 * d, '2y'],
	])('%d ms → %s', (ms, expected) => {
		expect(shortHumanDuration(ms)).toBe(expected);
	});
});

describe('translateTimestampSince', () => {
	const now = Date.parse('2024-08-24T02:00:00Z');

	it.each([
		['2024-08-24T01:54:32Z', '5m28s'],
		['2024-08-24T01:59:59Z', '1s'],
		['2024-08-23T02:00:00Z', '24h'],
		['2024-08-24T02:00:01Z', '0s'],
		['2024-08-24T02:00:05Z', '<invalid>'],
	])('%s → %s', (ts, expected) => {
		expect(translateTimestampSince(ts, now)).toBe(expected);
	});

	it.each([[undefined], [''], ['not a time']])('prints <unknown> for %j', ts => {
		expect(translateTimestampSince(ts, now)).toBe('<unknown>');
	});
});
