import {describe, expect, it} from 'vitest';
import {Interner, internStrings} from '../../source/model/interner.js';

describe('Interner', () => {
	it('holds each string once and starts again when full', () => {
		const strings = new Interner(3);
		for (const value of ['a', 'b', 'a', 'c', 'b']) expect(strings.of(value)).toBe(value);
		expect(strings.size).toBe(3);
		strings.of('d');
		expect(strings.size).toBe(1);
	});

	it('interns every string of a parsed value in place, values unchanged, object IDs left out', () => {
		const strings = new Interner();
		const text = JSON.stringify({
			metadata: {name: 'web', uid: 'u-1', labels: {app: 'web'}},
			items: [{image: 'nginx'}, {image: 'nginx'}],
			count: 2,
			empty: null,
		});
		const value = JSON.parse(text);
		expect(internStrings(value, strings)).toBe(value);
		expect(value).toEqual(JSON.parse(text));
		// 'web' (twice) and 'nginx' (twice) once each; the uid is never held.
		expect(strings.size).toBe(2);
	});
});
