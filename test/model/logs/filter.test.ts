import {describe, expect, it} from 'vitest';
import {makeFilter, parseFilter} from '../../../source/model/logs/filter.js';
import {matcherLabel} from '../../../source/model/logs/matcher.js';

const probe = '10.42.0.1 - - "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.35"';
const request = '10.42.0.1 - - "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0"';

describe('log filter', () => {
	it('reads a leading ! as exclude and \\! as a literal !', () => {
		expect(parseFilter('healthz')).toEqual({pattern: 'healthz', exclude: false});
		expect(parseFilter('!healthz')).toEqual({pattern: 'healthz', exclude: true});
		expect(parseFilter('\\!important')).toEqual({pattern: '!important', exclude: false});
		expect(parseFilter('a!b')).toEqual({pattern: 'a!b', exclude: false});
	});

	it('keeps the matching lines, or with ! every line but those', () => {
		const keep = makeFilter('healthz', 'plain').matcher!;
		expect([probe, request].filter(keep.test)).toEqual([probe]);
		const drop = makeFilter('!healthz', 'plain').matcher!;
		expect([probe, request].filter(drop.test)).toEqual([request]);
	});

	it('excludes by regex too, and says why a negated regex is invalid', () => {
		const drop = makeFilter('!kube-probe|curl', 'regex').matcher!;
		expect(drop.test(probe)).toBe(false);
		expect(drop.test(request)).toBe(false);
		expect(drop.test('GET /missing 404')).toBe(true);
		expect(makeFilter('!(', 'regex').error).toMatch(/^invalid regex/);
	});

	it('matches a literal leading ! with \\!', () => {
		const keep = makeFilter('\\!alert', 'plain').matcher!;
		expect(keep.test('!alert disk full')).toBe(true);
		expect(keep.test('alert disk full')).toBe(false);
	});

	it('keeps the query as typed for the prompt and the title; a lone ! filters nothing yet', () => {
		expect(matcherLabel(makeFilter('!healthz', 'regex').matcher)).toBe('~!healthz');
		expect(makeFilter('!', 'plain')).toEqual({});
	});
});
