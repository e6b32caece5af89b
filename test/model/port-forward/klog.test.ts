import {describe, expect, it} from 'vitest';
import {unhandledError} from '../../../source/model/port-forward/klog.js';

describe('unhandledError', () => {
	it("writes klog's ErrorS line as kubectl prints a forwarding error", () => {
		const at = new Date(2026, 11, 5, 8, 3, 4, 56);
		expect(unhandledError('an error occurred forwarding 8080 -> 80: error forwarding port 80 to pod "x"', at, 4242, 424)).toBe(
			'E1205 08:03:04.056000    4242 portforward.go:424] "Unhandled Error" err="an error occurred forwarding 8080 -> 80: error forwarding port 80 to pod \\"x\\""',
		);
	});
});
