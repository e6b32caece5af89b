import {describe, expect, it} from 'vitest';
import {livenessRestarts} from '../../../source/model/doctor/liveness.js';
import {livenessRestarts as livenessPod} from '../../fixtures/real-node/probes.js';

describe('liveness-restarts', () => {
	it('names the probe, the restarts, the last exit and the probe failure', () => {
		const [finding] = livenessRestarts.check(livenessPod);
		expect(finding).toMatchObject({severity: 'error', container: 'app'});
		expect(finding!.title).toBe(
			'app is killed by its liveness probe and restarted (5 restarts, now in CrashLoopBackOff): dial tcp 10.42.0.6:9090: connect: connection refused',
		);
		expect(finding!.evidence).toEqual([
			'spec.containers{app}.livenessProbe: tcpSocket :9090, every 2s, failureThreshold 2',
			'status.containerStatuses{app}.restartCount: 5',
			'status.containerStatuses{app}.lastState.terminated: exit 0 (Completed), its answer to SIGTERM',
			'event Warning Unhealthy ×12: Liveness probe failed: dial tcp 10.42.0.6:9090: connect: connection refused',
			'event Normal Killing ×6: Container app failed liveness probe, will be restarted',
		]);
		expect(finding!.fix).toContain('Nothing listens on :9090');
	});

	it('is a warning once the container is up and ready again', () => {
		const input = structuredClone(livenessPod);
		const status = input.pod.status!.containerStatuses![0]!;
		status.state = {running: {startedAt: '2026-12-05T12:53:30Z'}};
		status.ready = true;
		const [finding] = livenessRestarts.check(input);
		expect(finding!.severity).toBe('warning');
		expect(finding!.title).toMatch(/^app was killed by its liveness probe and restarted \(5 restarts\)/);
	});

	it('stays quiet without a liveness kill (a crash of its own is the crash-loop rule)', () => {
		expect(livenessRestarts.check({...livenessPod, events: livenessPod.events.filter(event => event.reason !== 'Killing')})).toEqual([]);
	});
});
