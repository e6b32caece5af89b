import {describe, expect, it} from 'vitest';
import {parseBool} from '../../../source/sim/exec/protocol.js';
import {convertBool, queryBool, queryInteger, queryOptionalBool} from '../../../source/sim/routes/query-params.js';

// apimachinery pkg/runtime/conversion.go, Convert_Slice_string_To_bool: only "0" and "false"
// (EqualFold) are false; everything else, the empty value included, is true.

describe('boolean query parameters', () => {
	it.each([
		['true', true],
		['True', true],
		['TRUE', true],
		['1', true],
		['t', true],
		['f', true],
		['F', true],
		['maybe', true],
		['', true],
		['0', false],
		['false', false],
		['False', false],
		['FALSE', false],
		['fAlSe', false],
		['falſe', false],
	])('%j is %s', (value, expected) => {
		expect(convertBool(value)).toBe(expected);
		expect(queryBool(new URLSearchParams({watch: value}), 'watch')).toBe(expected);
		expect(parseBool(value)).toBe(expected);
	});

	it('is false (or unset for a pointer) when absent', () => {
		const query = new URLSearchParams('watch');
		expect(queryBool(query, 'follow')).toBe(false);
		expect(queryOptionalBool(query, 'sendInitialEvents')).toBeUndefined();
		expect(parseBool(null)).toBe(false);
		// `?watch` alone is the value "".
		expect(queryBool(query, 'watch')).toBe(true);
	});

	it('reads the first of repeated values, as url.Values does', () => {
		expect(queryBool(new URLSearchParams('watch=false&watch=true'), 'watch')).toBe(false);
	});
});

describe('integer query parameters', () => {
	it('fail with strconv.ParseInt text', () => {
		expect(() => queryInteger(new URLSearchParams('limit=ten'), 'limit')).toThrow('strconv.ParseInt: parsing "ten": invalid syntax');
		expect(() => queryInteger(new URLSearchParams('limit='), 'limit')).toThrow('strconv.ParseInt: parsing "": invalid syntax');
		expect(() => queryInteger(new URLSearchParams('limit=9223372036854775808'), 'limit')).toThrow('value out of range');
		expect(queryInteger(new URLSearchParams('limit=%2B5'), 'limit')).toBe(5);
		expect(queryInteger(new URLSearchParams(''), 'limit')).toBeUndefined();
	});
});
