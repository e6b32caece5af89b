import {describe, expect, it} from 'vitest';
import {diagnose} from '../../../source/model/doctor/index.js';
import {markChar, podMark, sameMarks, worstFirst} from '../../../source/model/doctor/pod-mark.js';
import type {Finding} from '../../../source/model/doctor/types.js';
import * as containers from '../../fixtures/real-node/containers.js';
import * as probes from '../../fixtures/real-node/probes.js';

// The list's mark and the namespace report's order, from the doctor's findings.

const finding = (severity: Finding['severity'], title: string, container?: string): Finding => ({
	id: title,
	severity,
	title,
	evidence: [],
	fix: '',
	...(container ? {container} : {}),
});

describe('podMark', () => {
	it('is the first finding, with the errors and warnings counted', () => {
		const mark = podMark([finding('error', 'a', 'app'), finding('warning', 'b'), finding('warning', 'c'), finding('info', 'd')]);
		expect(mark).toEqual({severity: 'error', title: 'a', container: 'app', errors: 1, warnings: 2});
		expect(markChar(mark)).toBe('✗');
	});

	it('marks warnings with ! and leaves notes and clean pods unmarked', () => {
		expect(markChar(podMark([finding('warning', 'w')]))).toBe('!');
		expect(markChar(podMark([finding('info', 'i')]))).toBe(' ');
		expect(podMark([])).toBeUndefined();
		expect(markChar(undefined)).toBe(' ');
	});

	it('names the real problem of a real-node pod, not its hygiene', () => {
		const mark = podMark(diagnose(containers.missingSecret));
		expect(mark?.severity).toBe('error');
		expect(mark?.container).toBe('app');
		expect(podMark(diagnose(probes.readinessFailing))?.container).toBe('web');
	});
});

describe('sameMarks', () => {
	const mark = {severity: 'warning' as const, title: 't', errors: 0, warnings: 1};
	it('sees a changed severity, title, count or pod set', () => {
		expect(sameMarks({a: mark}, {a: {...mark}})).toBe(true);
		expect(sameMarks({a: mark}, {a: {...mark, severity: 'error'}})).toBe(false);
		expect(sameMarks({a: mark}, {a: {...mark, title: 'u'}})).toBe(false);
		expect(sameMarks({a: mark}, {a: {...mark, warnings: 2}})).toBe(false);
		expect(sameMarks({a: mark}, {b: mark})).toBe(false);
		expect(sameMarks({a: mark}, {})).toBe(false);
	});
});

describe('worstFirst', () => {
	it('orders errors, warnings, notes, then clean pods, keeping the list order within each', () => {
		const marks: Record<string, Finding['severity'] | undefined> = {a: undefined, b: 'warning', c: 'error', d: 'info', e: 'error', f: 'warning'};
		const order = worstFirst(Object.keys(marks), key => {
			const severity = marks[key];
			return severity ? {severity, title: key, errors: 0, warnings: 0} : undefined;
		});
		expect(order).toEqual(['c', 'e', 'b', 'f', 'd', 'a']);
	});
});
