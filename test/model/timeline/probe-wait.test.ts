import {describe, expect, it} from 'vitest';
import {renderTimeline, timelineText} from '../../../source/model/timeline/render.js';
import {computeTimeline} from '../../../source/model/timeline/timeline.js';
import {readinessFailing, sidecarStartup, startupMain} from '../../fixtures/real-node/probes.js';

// The time a container ran before its startup or readiness probe passed is a probe wait (▒),
// initial delay included, and the detail line says how long and for which probe.

describe('probe waits', () => {
	it('draws a container whose readiness probe keeps failing as waiting on it, and says for how long', () => {
		const {pod, events} = readinessFailing;
		const now = readinessFailing.now!;
		const timeline = computeTimeline(pod, events, now);
		const cells = renderTimeline(timeline, 80).rows[0]!.cells;
		const started = cells.findIndex(cell => cell !== 'none' && cell !== 'down');
		expect(cells.slice(started + 1).every(cell => cell === 'probing')).toBe(true);
		expect(timelineText(timeline, 200, now)).toContain(
			'web: Running, not ready · 1 run · probe wait 45 s so far (readinessProbe, initialDelaySeconds 0) · 24 failed probes',
		);
	});

	it('counts the initial delay in the wait, and a ready container stops waiting once ready', () => {
		const pod = structuredClone(readinessFailing.pod);
		pod.spec.containers[0]!.readinessProbe!.initialDelaySeconds = 20;
		const status = pod.status!.containerStatuses![0]!;
		status.ready = true;
		// Ready 30 s after it started (12:51:36): the ContainersReady condition's time.
		pod.status!.conditions = [
			...pod.status!.conditions!.filter(condition => condition.type !== 'ContainersReady'),
			{type: 'ContainersReady', status: 'True', lastTransitionTime: '2026-12-05T12:52:06Z'},
		];
		const now = Date.parse('2026-12-05T12:53:06Z');
		const timeline = computeTimeline(pod, [], now);
		const cells = renderTimeline(timeline, 100).rows[0]!.cells.filter(cell => cell !== 'none' && cell !== 'down' && cell !== 'restart');
		expect(cells[0]).toBe('probing');
		expect(cells.at(-1)).toBe('ready');
		expect(cells.filter(cell => cell === 'probing').length).toBeGreaterThan(cells.length / 4);
		expect(timelineText(timeline, 200, now).join('\n')).toContain('probe wait up to 30 s (readinessProbe, initialDelaySeconds 20)');
	});

	it('draws every run of a container its startupProbe killed as a probe wait', () => {
		for (const input of [startupMain, sidecarStartup]) {
			const cells = renderTimeline(computeTimeline(input.pod, input.events, input.now!), 120).rows[0]!.cells;
			expect(cells).not.toContain('running');
			expect(cells).toContain('probing');
		}
	});
});
