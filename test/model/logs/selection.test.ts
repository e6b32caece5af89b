import {describe, expect, it} from 'vitest';
import {jsonLine} from '../../../source/model/logs/json-line.js';
import {selectorString} from '../../../source/model/logs/label-selector.js';
import {compilePatterns, lineKept, selectContainers} from '../../../source/model/logs/selection.js';

// stern's container and line filters, kubectl's selector string, and the -o json line.

const filter = (names: string[], exclude: string[] = []) => ({names, include: compilePatterns(names, '-c'), exclude: compilePatterns(exclude, '-E')});
const containers = ['web', 'web-sidecar', 'istio-proxy', 'log-shipper'];

describe('selectContainers', () => {
	it('an exact name is that container only, as kubectl -c', () => {
		expect(selectContainers(filter(['web']), containers)).toEqual(['web']);
	});

	it('otherwise a regex on the names, unanchored as stern matches it', () => {
		expect(selectContainers(filter(['web.*']), containers)).toEqual(['web', 'web-sidecar']);
		expect(selectContainers(filter(['proxy|shipper']), containers)).toEqual(['istio-proxy', 'log-shipper']);
		expect(selectContainers(filter(['^side']), containers)).toEqual([]);
	});

	it("repeated -c values add up; -E takes away; the pod's order is kept", () => {
		expect(selectContainers(filter(['shipper', 'web']), containers)).toEqual(['web', 'log-shipper']);
		expect(selectContainers(filter(['.*'], ['istio', 'shipper']), containers)).toEqual(['web', 'web-sidecar']);
	});

	it('no -c: undefined (the caller defaults)', () => {
		expect(selectContainers(filter([], ['istio']), containers)).toBeUndefined();
	});
});

describe('lineKept', () => {
	const lines = {include: compilePatterns(['GET', 'POST'], '-i'), exclude: compilePatterns(['healthz'], '-e')};
	it.each([
		['GET /index.html', true],
		['POST /api', true],
		['GET /healthz', false],
		['DELETE /api', false],
	])('%s: %s', (text, kept) => {
		expect(lineKept(lines, text)).toBe(kept);
	});

	it('without -i every line not excluded passes', () => {
		expect(lineKept({include: [], exclude: compilePatterns(['debug'], '-e')}, 'info: up')).toBe(true);
		expect(lineKept({include: [], exclude: compilePatterns(['debug'], '-e')}, 'debug: x')).toBe(false);
	});
});

describe('selectorString', () => {
	it('requirements sorted by key, values sorted, as LabelSelectorAsSelector writes them', () => {
		expect(
			selectorString({
				matchLabels: {tier: 'front', app: 'web'},
				matchExpressions: [
					{key: 'env', operator: 'NotIn', values: ['prod', 'dev']},
					{key: 'canary', operator: 'DoesNotExist'},
					{key: 'zone', operator: 'Exists'},
					{key: 'b', operator: 'In', values: ['y', 'x']},
				],
			}),
		).toBe('app=web,b in (x,y),!canary,env notin (dev,prod),tier=front,zone');
	});

	it('empty: every pod', () => {
		expect(selectorString({})).toBe('');
		expect(selectorString(undefined)).toBe('');
	});

	it('an unknown operator is an error', () => {
		expect(() => selectorString({matchExpressions: [{key: 'a', operator: 'Gt', values: ['1']}]})).toThrow(/not a valid label selector operator/);
	});
});

describe('jsonLine', () => {
	const ref = {namespace: 'shop', pod: 'web-1', container: 'app'};
	it('namespace, pod, container, message; the timestamp when asked', () => {
		expect(JSON.parse(jsonLine(ref, 'hello "x"'))).toEqual({namespace: 'shop', pod: 'web-1', container: 'app', message: 'hello "x"'});
		expect(JSON.parse(jsonLine(ref, 'hi', '2026-01-02T03:04:05.123456789Z'))).toMatchObject({timestamp: '2026-01-02T03:04:05.123456789Z'});
	});

	it('control characters escaped, the string the same to a reader', () => {
		const text = 'a\x1b[31mred\u009b2J\x7f';
		const line = jsonLine(ref, text);
		expect(line).not.toMatch(/[\x00-\x1f\x7f-\x9f]/);
		expect(JSON.parse(line).message).toBe(text);
	});
});
