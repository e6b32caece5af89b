import {describe, expect, it} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {timelineStory} from '../../../source/model/timeline/story.js';
import {computeTimeline} from '../../../source/model/timeline/timeline.js';
import {sidecarCrashing, sidecarStartup} from '../../fixtures/real-node/probes.js';
import {at, t0} from './crash-loop-pod.js';

// Native sidecars (init containers with restartPolicy: Always) in the story: a started sidecar
// never blocks; one with a startupProbe holds the next container until the probe passes; one
// that crash-loops restarts with back-off while the app runs. Pods from the real node.

const story = (input: {pod: Pod; events: Parameters<typeof computeTimeline>[1]; now?: number}) =>
	timelineStory(computeTimeline(input.pod, input.events, input.now!), input.now!);

describe('native sidecars in the story', () => {
	it('a crash-looping sidecar restarts with back-off while the app runs, and blocks nothing', () => {
		const lines = story(sidecarCrashing);
		expect(lines).toContain(
			'sidecar proxy restarts with back-off (3 restarts) while app keeps running: a started sidecar never blocks the containers after it',
		);
		expect(lines.join('\n')).not.toMatch(/waited .* for sidecar/);
		const proxy = computeTimeline(sidecarCrashing.pod, sidecarCrashing.events, sidecarCrashing.now!).rows[0]!;
		expect(proxy.role).toBe('sidecar');
		expect(proxy.runs).toBe(4);
	});

	it('a sidecar whose startupProbe never passes holds the app, and the story says why', () => {
		const lines = story(sidecarStartup);
		expect(lines[0]).toBe('app has waited 90 s so far for sidecar vault-agent (PodInitializing, 3 restarts)');
		expect(lines[1]).toBe("vault-agent's startupProbe has not passed: the containers after a sidecar start only once its startupProbe passes");
		// Killed by its startupProbe every time: every run was a probe wait.
		const row = computeTimeline(sidecarStartup.pod, sidecarStartup.events, sidecarStartup.now!).rows[0]!;
		expect(row.killedInStartup).toBe(true);
	});

	it('a started sidecar that crashed later is not what an init container after it waits for', () => {
		const pod: Pod = {
			metadata: {name: 'migrate-then-serve', namespace: 'default', uid: 'u', creationTimestamp: at(0)},
			spec: {
				initContainers: [
					{name: 'proxy', image: 'envoy', restartPolicy: 'Always'},
					{name: 'migrate', image: 'migrate:1'},
				],
				containers: [{name: 'app', image: 'app:1'}],
			},
			status: {
				phase: 'Pending',
				conditions: [
					{type: 'PodScheduled', status: 'True', lastTransitionTime: at(0)},
					{type: 'Initialized', status: 'False', lastTransitionTime: at(0)},
				],
				initContainerStatuses: [
					{
						name: 'proxy',
						image: 'envoy',
						imageID: '',
						ready: false,
						started: false,
						restartCount: 2,
						state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 20s restarting failed container=proxy'}},
						lastState: {terminated: {exitCode: 1, reason: 'Error', startedAt: at(30), finishedAt: at(33)}},
					},
					{name: 'migrate', image: 'migrate:1', imageID: '', ready: false, started: true, restartCount: 0, state: {running: {startedAt: at(2)}}},
				],
				containerStatuses: [{name: 'app', image: 'app:1', imageID: '', ready: false, restartCount: 0, state: {waiting: {reason: 'PodInitializing'}}}],
			},
		};
		const lines = timelineStory(computeTimeline(pod, [], t0 + 40_000), t0 + 40_000);
		// kubectl's status names the sidecar's crash loop; the wait is for migrate, which runs.
		expect(lines[0]).toBe('app has waited 40 s so far for init container migrate (Init:CrashLoopBackOff)');
	});
});
