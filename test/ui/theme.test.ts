import {describe, expect, it} from 'vitest';
import {colorEnabled, makeTheme, statusColor} from '../../source/ui/theme.js';

describe('theme', () => {
	it('honours NO_COLOR and --no-color', () => {
		expect(colorEnabled({NO_COLOR: '1'})).toBe(false);
		expect(colorEnabled({NO_COLOR: ''})).toBe(true);
		expect(colorEnabled({}, false)).toBe(false);
		expect(colorEnabled({})).toBe(true);
		const plain = makeTheme(false);
		expect(statusColor(plain, 'CrashLoopBackOff')).toBeUndefined();
		expect(plain.dim).toBe(false);
	});

	it('colours statuses by how worried to be', () => {
		const theme = makeTheme(true);
		expect(statusColor(theme, 'Running')).toBe(theme.ok);
		expect(statusColor(theme, 'Init:0/2')).toBe(theme.warn);
		expect(statusColor(theme, 'Init:CrashLoopBackOff')).toBe(theme.error);
		expect(statusColor(theme, 'OOMKilled')).toBe(theme.error);
	});
});
