import {describe, expect, it} from 'vitest';
import {startupProbe} from '../../../source/model/doctor/startup-probe.js';
import {sidecarStartup, startupMain} from '../../fixtures/real-node/probes.js';

describe('startup-probe', () => {
	it('reports a main container killed by its startup probe, with its budget', () => {
		const [finding] = startupProbe.check(startupMain);
		expect(finding).toMatchObject({severity: 'error', container: 'app'});
		expect(finding!.title).toBe('app never passes its startup probe, killed 3 times (2 restarts): dial tcp 10.42.0.7:9999: connect: connection refused');
		expect(finding!.evidence).toEqual([
			'spec.containers{app}.startupProbe: tcpSocket :9999, every 2s, failureThreshold 3',
			'status.containerStatuses{app}.started: false',
			'budget: failureThreshold 3 × periodSeconds 2 = 6s; this run started 18s ago, 0s left',
			'status.containerStatuses{app}.lastState.terminated: exit 137 (Error), SIGKILLed when the grace period ran out (it ignores SIGTERM)',
			'event Warning Unhealthy ×9: Startup probe failed: dial tcp 10.42.0.7:9999: connect: connection refused',
			'event Normal Killing ×3: Container app failed startup probe, will be restarted',
		]);
	});

	it('names the containers that wait for a native sidecar whose startup probe never passes', () => {
		const [finding] = startupProbe.check(sidecarStartup);
		expect(finding).toMatchObject({severity: 'error', container: 'vault-agent'});
		expect(finding!.title).toBe('native sidecar vault-agent never passes its startup probe, killed 4 times (3 restarts); app waits for it');
		expect(finding!.evidence).toContain('budget: failureThreshold 10 × periodSeconds 2 = 20s; not running now');
		expect(finding!.evidence).toContain('status.containerStatuses{app}.state.waiting.reason: PodInitializing');
		expect(finding!.evidence).toContain('event Normal Killing ×4: Init container vault-agent failed startup probe');
		expect(finding!.fix).toContain('kubectl exec sidecar-startup -c vault-agent -- test -f /tmp/token; echo $?');
		expect(finding!.fix).toContain("app starts only once vault-agent's startup probe passes");
	});

	it('counts the budget left while the probe fails but has time, and notes a probe still pending', () => {
		const failing = structuredClone(sidecarStartup);
		const status = failing.pod.status!.initContainerStatuses![0]!;
		status.restartCount = 0;
		status.state = {running: {startedAt: '2026-12-05T12:52:56Z'}};
		failing.events = failing.events.filter(event => event.reason !== 'Killing');
		const [warning] = startupProbe.check(failing);
		expect(warning).toMatchObject({severity: 'warning'});
		expect(warning!.title).toBe('native sidecar vault-agent has not passed its startup probe yet: 8s of its 20s left; app waits for it');
		// The same failures early in the budget are a start in progress, not yet a problem.
		const early = {...failing, now: Date.parse('2026-12-05T12:52:56Z') + 5000};
		expect(startupProbe.check(early)[0]).toMatchObject({
			severity: 'info',
			title: 'native sidecar vault-agent has not passed its startup probe yet: 15s of its 20s left; app waits for it',
		});
		const pending = {...failing, events: []};
		const [note] = startupProbe.check(pending);
		expect(note).toMatchObject({severity: 'info'});
		expect(note!.title).toBe('native sidecar vault-agent is waiting for its startup probe (8s of its 20s left); app waits for it');
	});

	it('stays quiet once started', () => {
		const started = structuredClone(startupMain);
		started.pod.status!.containerStatuses![0]!.started = true;
		expect(startupProbe.check(started)).toEqual([]);
	});
});
