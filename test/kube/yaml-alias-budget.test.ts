import {describe, expect, it} from 'vitest';
import {allowedAliasRatio, withinAliasBudget} from '../../source/kube/yaml-alias-budget.js';

describe('go-yaml’s alias budget', () => {
	it('allows 99 % alias-driven decodes up to 400,000, 10 % from 4,000,000, and scales between', () => {
		expect(allowedAliasRatio(1000)).toBe(0.99);
		expect(allowedAliasRatio(400_000)).toBe(0.99);
		expect(allowedAliasRatio(2_200_000)).toBeCloseTo(0.545);
		expect(allowedAliasRatio(4_000_000)).toBe(0.1);
	});

	it('passes a large document without aliases and a small one with a few', () => {
		const big = {items: Array.from({length: 20_000}, (_, index) => ({name: `n${index}`, value: index}))};
		expect(withinAliasBudget(big)).toBe(true);
		const shared = {a: 1};
		expect(withinAliasBudget({one: shared, two: shared, three: shared})).toBe(true);
	});

	it('refuses a tree that shares one object so often that expansion dominates', () => {
		let level: unknown = Array.from({length: 10}, () => 'x');
		for (let depth = 0; depth < 6; depth++) level = Array.from({length: 10}, () => level);
		expect(withinAliasBudget({bomb: level})).toBe(false);
	});

	it('counts only what is decoded inside an alias: 150 distinct objects are not aliases', () => {
		const distinct = Array.from({length: 1500}, (_, index) => ({index}));
		expect(withinAliasBudget(distinct)).toBe(true);
	});
});
