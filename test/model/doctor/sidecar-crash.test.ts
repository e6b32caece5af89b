import {describe, expect, it} from 'vitest';
import {diagnose} from '../../../source/model/doctor/index.js';
import {initBlocking} from '../../../source/model/doctor/init-blocking.js';
import {sidecarCrash} from '../../../source/model/doctor/sidecar-crash.js';
import {sidecarCrashing, sidecarStartup} from '../../fixtures/real-node/probes.js';

describe('sidecar-crash', () => {
	it('tells a native sidecar crash-looping while the app runs as a sidecar, not as a blocking init container', () => {
		const [finding] = sidecarCrash.check(sidecarCrashing);
		expect(finding).toMatchObject({severity: 'error', container: 'proxy'});
		expect(finding!.title).toBe(
			'native sidecar proxy keeps crashing (last exit 1 (Error)), 3 restarts: the kubelet restarts it with back-off while app runs without it',
		);
		expect(finding!.evidence).toEqual([
			'spec.initContainers{proxy}.restartPolicy: Always (a native sidecar)',
			'status.initContainerStatuses{proxy}.state.terminated: exit 1 (Error)',
			'status.initContainerStatuses{proxy}.restartCount: 3',
			'log proxy (previous): proxy up',
			'log proxy (previous): proxy lost upstream',
			'event Warning BackOff ×3: Back-off restarting failed container proxy in pod sidecar-crashing_ref-sidecar-crashing(445f0e0a-4ca8-4e19-835e-3a28bb2299cc)',
			'status.conditions{Initialized}: True (it started once, so it does not hold the app back)',
			'status.containerStatuses{app}.state: running since 2026-12-05T12:51:41Z',
			'status.conditions{Ready}: False: containers with unready status: [proxy]',
		]);
		expect(finding!.fix).toBe(
			'Fix what makes proxy exit (its last words: "proxy lost upstream"). Until it stays up, app runs without what proxy provides and the pod is not Ready, so Services send it no traffic.',
		);
	});

	it('is the first finding, and nothing calls it a blocking init container', () => {
		const findings = diagnose(sidecarCrashing);
		expect(findings[0]!.id).toBe('sidecar-crash');
		expect(initBlocking.check(sidecarCrashing)).toEqual([]);
		const text = JSON.stringify(findings);
		expect(text).not.toContain('until it exits 0');
		expect(text).not.toContain('not started');
		expect(text).not.toContain('blocks app');
	});

	it('sees the sidecar between back-offs too (waiting CrashLoopBackOff)', () => {
		const input = structuredClone(sidecarCrashing);
		const status = input.pod.status!.initContainerStatuses![0]!;
		status.lastState = {terminated: status.state!.terminated!};
		status.state = {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=proxy'}};
		expect(sidecarCrash.check(input)[0]!.evidence).toContain('status.initContainerStatuses{proxy}.state.waiting.reason: CrashLoopBackOff');
		expect(initBlocking.check(input)).toEqual([]);
	});

	it('says a sidecar that exits 0 should be a regular init container', () => {
		const input = structuredClone(sidecarCrashing);
		input.pod.status!.initContainerStatuses![0]!.state!.terminated = {exitCode: 0, reason: 'Completed'};
		const [finding] = sidecarCrash.check({...input, logs: {}});
		expect(finding!.title).toContain('native sidecar proxy keeps exiting (last exit 0 (Completed))');
		expect(finding!.fix).toContain('a one-shot step belongs in a regular init container (drop restartPolicy: Always');
	});
});

describe('init-blocking with native sidecars', () => {
	it('a sidecar that crashes before it ever started blocks the app, and is told as a sidecar', () => {
		const input = structuredClone(sidecarCrashing);
		input.pod.status!.conditions = input.pod.status!.conditions!.map(item =>
			item.type === 'Initialized'
				? {...item, status: 'False' as const, reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [proxy]'}
				: item,
		);
		input.pod.status!.containerStatuses = [
			{name: 'app', image: 'busybox:1.36', imageID: '', ready: false, restartCount: 0, started: false, state: {waiting: {reason: 'PodInitializing'}}},
		];
		const [finding] = initBlocking.check(input);
		expect(finding!.title).toBe('native sidecar proxy keeps failing (Error, exit 1 (Error)) before it ever started, and blocks app');
		expect(finding!.fix).toContain('app starts only once it has started (running, and past its startupProbe if it has one), and then it must keep running.');
		expect(finding!.fix).not.toContain('exits 0');
	});

	it('leaves a sidecar killed by its startup probe to the startup-probe rule', () => {
		const input = structuredClone(sidecarStartup);
		input.pod.status!.initContainerStatuses![0]!.state = {waiting: {reason: 'CrashLoopBackOff'}};
		expect(initBlocking.check(input)).toEqual([]);
		expect(diagnose(input)[0]!.id).toBe('startup-probe');
	});
});
