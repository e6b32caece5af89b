import {describe, expect, test} from 'vitest';
import {fnv32, hashRevision} from '../../../../source/sim/workloads/controller-revisions.js';
import {computeHash, fnv32a, safeEncodeString} from '../../../../source/sim/workloads/hash.js';

const template = {metadata: {labels: {app: 'web'}}, spec: {containers: [{name: 'nginx', image: 'nginx:1.25'}]}};

describe('names the controllers make', () => {
	test('FNV-1 and FNV-1a match hash/fnv on the reference vectors', () => {
		expect(fnv32a(Buffer.from(''))).toBe(0x811c9dc5);
		expect(fnv32a(Buffer.from('a'))).toBe(0xe40c292c);
		expect(fnv32a(Buffer.from('foobar'))).toBe(0xbf9cf968);
		expect(fnv32(Buffer.from('a'))).toBe(0x050c5d7e);
		expect(fnv32(Buffer.from('foobar'))).toBe(0x31f0b262);
	});

	test('SafeEncodeString maps the decimal digits of a hash into the vowel-less alphabet', () => {
		// '0' is byte 48, 48 % 27 = 21 → "4"; '6' is 54 → 0 → "b": hashes look like "7d4b9c8f6".
		expect(safeEncodeString('0123456789')).toBe('456789bcdf');
	});

	test('the pod-template-hash is stable for a template, changes with it and with the collision count', () => {
		const hash = computeHash(template);
		expect(hash).toMatch(/^[4-9bcdf]{8,10}$/);
		expect(computeHash(structuredClone(template))).toBe(hash);
		expect(computeHash({...template, metadata: {labels: {app: 'web', tier: 'front'}}})).not.toBe(hash);
		expect(computeHash(template, 1)).not.toBe(hash);
		// Key order does not matter: the hash is of the canonical form.
		expect(computeHash({spec: template.spec, metadata: template.metadata})).toBe(hash);
	});

	test('a ControllerRevision hash is FNV-1 of the sorted-key patch, as Go marshals it', () => {
		const data = '{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx"}]}}}}';
		expect(hashRevision(template)).toBe(safeEncodeString(String(fnv32(Buffer.from(data)))));
		expect(hashRevision(template, 2)).toBe(safeEncodeString(String(fnv32(Buffer.from(`${data}2`)))));
	});
});
