import {describe, expect, test} from 'vitest';
import {goDuration, goDurationMs} from '../../../source/sim/kubelet/backoff.js';

// kubelet's crash-loop back-off: immediate first restart, then 10 s doubling to 5 minutes.

describe('crash-loop back-off', () => {
	test('printed as Go prints a time.Duration', () => {
		expect([0, 10, 40, 60, 80, 160, 300, 3600, 3661].map(goDuration)).toEqual(['0s', '10s', '40s', '1m0s', '1m20s', '2m40s', '5m0s', '1h0m0s', '1h1m1s']);
	});

	test('milliseconds as Go prints a pull time truncated to them', () => {
		expect([0, 7, 906, 1000, 1200, 1299, 1050, 61_500, 3_600_001].map(goDurationMs)).toEqual([
			'0s',
			'7ms',
			'906ms',
			'1s',
			'1.2s',
			'1.299s',
			'1.05s',
			'1m1.5s',
			'1h0m0.001s',
		]);
	});
});
