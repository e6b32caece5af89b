import {describe, expect, test} from 'vitest';
import {SimHarness, condition, containerStatus, exitTimes, findStatus, restartTimes, round} from './harness.js';

// The simulated kubelet driving the built-in scenarios, checked against what kubectl shows
// on a real cluster. The pod is scheduled at 0.05 s and its sandbox is ready at 0.15 s, so
// the first container starts at 0.15 s.

const t0 = 0.15;

describe('pod-with-init', () => {
	test('Init:0/1 while the init container runs, then PodInitializing, then Running', () => {
		const sim = new SimHarness();
		sim.load('pod-with-init');
		sim.at(1);
		expect(sim.row('pod-with-init')).toEqual({ready: '0/1', status: 'Init:0/1', restarts: 0});
		expect(sim.pod('pod-with-init').status?.phase).toBe('Pending');
		expect(containerStatus(sim.pod('pod-with-init'), 'init-setup').state?.running).toBeDefined();
		expect(containerStatus(sim.pod('pod-with-init'), 'main-app').state?.waiting?.reason).toBe('PodInitializing');

		sim.at(t0 + 5.5);
		// The kubelet starts the app at its next relist: meanwhile kubectl shows PodInitializing.
		expect(sim.row('pod-with-init').status).toBe('PodInitializing');
		expect(condition(sim.pod('pod-with-init'), 'Initialized')?.status).toBe('True');

		sim.at(t0 + 7);
		expect(sim.row('pod-with-init')).toEqual({ready: '1/1', status: 'Running', restarts: 0});
		const pod = sim.pod('pod-with-init');
		expect(pod.status?.phase).toBe('Running');
		const init = containerStatus(pod, 'init-setup');
		expect(init.state?.terminated).toMatchObject({exitCode: 0, reason: 'Completed'});
		// A regular init container that exited 0 is reported ready, and no longer started.
		expect(init.ready).toBe(true);
		expect(init.started).toBe(false);
		expect(containerStatus(pod, 'main-app')).toMatchObject({ready: true, started: true, restartCount: 0});
	});

	test('the init container finishes 5 s after it started, and the app starts after that', () => {
		const sim = new SimHarness();
		sim.load('pod-with-init');
		sim.at(10);
		const finished = sim.firstTime('pod-with-init', pod => findStatus(pod, 'init-setup')?.state?.terminated !== undefined);
		const appStarted = sim.firstTime('pod-with-init', pod => findStatus(pod, 'main-app')?.state?.running !== undefined);
		expect(finished).toBeCloseTo(t0 + 5, 5);
		expect(appStarted).toBeCloseTo(t0 + 6, 5);
	});
});

describe('multi-init-pod', () => {
	const name = 'multi-init-pod';

	test('download-config fails: Init:Error, then Init:CrashLoopBackOff; validate-config never runs', () => {
		const sim = new SimHarness();
		sim.load(name);
		sim.at(t0 + 1.5);
		expect(sim.row(name)).toEqual({ready: '0/1', status: 'Init:Error', restarts: 0});
		sim.at(t0 + 3.5);
		expect(sim.row(name)).toEqual({ready: '0/1', status: 'Init:Error', restarts: 1});
		// Kubelet 1.35: the sync that finds the container in back-off wrote Error; the pod is synced
		// again when the 10 s back-off ends (x1.25, the jitter's mean), and only that sync shows
		// CrashLoopBackOff, for the second before the restart is seen.
		sim.at(t0 + 14);
		expect(sim.row(name)).toEqual({ready: '0/1', status: 'Init:Error', restarts: 1});
		sim.at(t0 + 15.5);
		expect(sim.row(name)).toEqual({ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: 1});
		sim.at(t0 + 16.5);
		expect(sim.row(name)).toEqual({ready: '0/1', status: 'Init:0/2', restarts: 2});

		sim.at(600);
		const pod = sim.pod(name);
		expect(pod.status?.phase).toBe('Pending');
		for (const never of ['validate-config', 'application']) {
			const status = containerStatus(pod, never);
			expect(status.state).toEqual({waiting: {reason: 'PodInitializing'}});
			expect(status.restartCount).toBe(0);
			expect(status.containerID).toBeUndefined();
		}
		expect(sim.events(name).some(event => event.involvedObject.fieldPath === 'spec.initContainers{validate-config}')).toBe(false);
	});

	test('restarts 1 s after the first exit, then when its 10, 20, 40 … s back-off (capped at 5 minutes) has passed', () => {
		const sim = new SimHarness();
		sim.load(name);
		sim.at(1300);
		const exits = exitTimes(sim, name, 'download-config');
		const restarts = restartTimes(sim, name, 'download-config');
		expect(round(exits.slice(0, 3))).toEqual([t0 + 1, t0 + 3, t0 + 17.25]);
		const waits = restarts.map((restart, index) => Math.round((restart - exits[index]!) * 100) / 100);
		// Relist 1 s after the exit; the next sync when the back-off ends, at most 60 s (the resync
		// interval) later, x1.25; the restart seen at the relist after that. 80 s: 1 + 75 (still in
		// back-off) + 5 + 1. The first restart has no back-off.
		expect(waits.slice(0, 9)).toEqual([1, 13.25, 25.75, 50.75, 82, 163.25, 302, 302, 302].slice(0, waits.length));
		expect(waits.length).toBeGreaterThanOrEqual(8);
	});

	test('CrashLoopBackOff keeps the last termination and names the back-off in Go duration form', () => {
		const sim = new SimHarness();
		const [created] = sim.load(name);
		const podRef = `${name}_default(${created!.metadata.uid})`;
		// The third exit at t0 + 17.25; the sync at the end of its 20 s back-off shows it.
		sim.at(t0 + 42.5);
		const status = containerStatus(sim.pod(name), 'download-config');
		expect(status.state?.waiting).toEqual({reason: 'CrashLoopBackOff', message: `back-off 20s restarting failed container=download-config pod=${podRef}`});
		expect(status.lastState?.terminated).toMatchObject({exitCode: 6, reason: 'Error', containerID: status.containerID});
		expect(status.restartCount).toBe(2);
		expect(status.ready).toBe(false);
		expect(status.started).toBe(false);

		sim.at(1300);
		const messages = sim
			.versions(name)
			.map(snapshot => findStatus(snapshot.pod, 'download-config')?.state?.waiting?.message)
			.filter(message => message !== undefined);
		const backOffs = [...new Set(messages.map(message => /^back-off (\S+) restarting failed container=download-config pod=(.*)$/.exec(message)))];
		expect(backOffs.every(match => match?.[2] === podRef)).toBe(true);
		expect([...new Set(backOffs.map(match => match![1]))]).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
	});

	test('the failed run’s log says why', () => {
		const sim = new SimHarness();
		const [pod] = sim.load(name);
		sim.at(t0 + 5);
		const slot = sim.cluster.worker(pod!)!.slot('download-config')!;
		const previous = slot.logInstance(true)!;
		expect(previous.read(0).map(line => line.text)).toEqual(['curl: (6) Could not resolve host: config-server']);
	});
});

describe('native-sidecar', () => {
	test('the app starts only after envoy’s startup probe passed', () => {
		const sim = new SimHarness();
		sim.load('native-sidecar');
		sim.at(2);
		expect(sim.row('native-sidecar')).toEqual({ready: '0/2', status: 'Init:0/1', restarts: 0});
		expect(sim.pod('native-sidecar').status?.phase).toBe('Pending');
		expect(containerStatus(sim.pod('native-sidecar'), 'envoy')).toMatchObject({started: false, ready: false});

		sim.at(10);
		expect(sim.row('native-sidecar')).toEqual({ready: '2/2', status: 'Running', restarts: 0});
		const envoyStarted = sim.firstTime('native-sidecar', pod => findStatus(pod, 'envoy')?.state?.running !== undefined)!;
		const envoyPassed = sim.firstTime('native-sidecar', pod => findStatus(pod, 'envoy')?.started === true)!;
		const appStarted = sim.firstTime('native-sidecar', pod => findStatus(pod, 'app')?.state?.running !== undefined)!;
		expect(envoyPassed - envoyStarted).toBeCloseTo(3, 5);
		expect(appStarted).toBeGreaterThanOrEqual(envoyStarted + 3);

		const pod = sim.pod('native-sidecar');
		const envoy = containerStatus(pod, 'envoy');
		const app = containerStatus(pod, 'app');
		expect(Date.parse(app.state!.running!.startedAt!) - Date.parse(envoy.state!.running!.startedAt!)).toBeGreaterThanOrEqual(3000);
		expect(envoy).toMatchObject({started: true, ready: true, restartCount: 0});
		expect(pod.status?.phase).toBe('Running');
	});
});

describe('main containers', () => {
	test('app-with-db-ambassador: the app crash-loops next to a ready ambassador', () => {
		const sim = new SimHarness();
		sim.load('app-with-db-ambassador');
		// The ambassador answers its readiness probe 2 s after start; the kubelet probes at start
		// (no answer yet) and then every 10 s: ready at 10 s.
		sim.at(t0 + 4.5);
		expect(sim.row('app-with-db-ambassador')).toEqual({ready: '0/2', status: 'Error', restarts: 1});
		sim.at(t0 + 15.5);
		expect(sim.row('app-with-db-ambassador')).toEqual({ready: '1/2', status: 'CrashLoopBackOff', restarts: 1});
		sim.at(120);
		const later = sim.row('app-with-db-ambassador');
		expect(later.ready).toBe('1/2');
		expect(later.restarts).toBeGreaterThanOrEqual(4);
		sim.at(400);
		expect(sim.row('app-with-db-ambassador').restarts).toBeGreaterThan(later.restarts);
		expect(containerStatus(sim.pod('app-with-db-ambassador'), 'db-ambassador')).toMatchObject({ready: true, restartCount: 0});
		expect(sim.pod('app-with-db-ambassador').status?.phase).toBe('Running');
	});

	test('port-conflict: app2 cannot bind 8080 and crash-loops', () => {
		const sim = new SimHarness();
		const [pod] = sim.load('port-conflict');
		sim.at(t0 + 4);
		expect(sim.row('port-conflict')).toEqual({ready: '1/2', status: 'Error', restarts: 1});
		const app2 = containerStatus(sim.pod('port-conflict'), 'app2');
		expect(app2.lastState?.terminated).toMatchObject({exitCode: 1, reason: 'Error'});
		const log = sim.cluster
			.worker(pod!)!
			.slot('app2')!
			.logInstance(true)!
			.read(0)
			.map(line => line.text);
		expect(log.some(line => line.includes('bind: address already in use'))).toBe(true);
		expect(containerStatus(sim.pod('port-conflict'), 'app1')).toMatchObject({ready: true, restartCount: 0});
	});

	test('oom-sidecar: the log collector is OOMKilled with exit 137, again and again', () => {
		const sim = new SimHarness();
		sim.load('oom-sidecar');
		const terminations = new Map<string, {exitCode: number; reason?: string}>();
		for (let second = 1; second <= 300; second++) {
			sim.at(second);
			const status = containerStatus(sim.pod('oom-sidecar'), 'log-collector');
			for (const terminated of [status.state?.terminated, status.lastState?.terminated]) {
				if (terminated?.containerID) terminations.set(terminated.containerID, terminated);
			}
		}
		expect(terminations.size).toBeGreaterThanOrEqual(4);
		for (const terminated of terminations.values()) expect(terminated).toMatchObject({exitCode: 137, reason: 'OOMKilled'});
		expect(containerStatus(sim.pod('oom-sidecar'), 'web').restartCount).toBe(0);
	});

	test('crashloop: the previous instance’s log holds the panic', () => {
		const sim = new SimHarness();
		const [pod] = sim.load('crashloop');
		sim.at(t0 + 2.5);
		expect(sim.row('crashloop')).toEqual({ready: '0/1', status: 'Error', restarts: 0});
		const slot = sim.cluster.worker(pod!)!.slot('payments')!;
		// Exited but not restarted yet: no previous instance, the current one holds the panic.
		expect(slot.logInstance(true)).toBeUndefined();
		expect(
			slot
				.logInstance(false)!
				.read(0)
				.map(line => line.text),
		).toContain('panic: runtime error: invalid memory address or nil pointer dereference');

		sim.at(t0 + 6);
		expect(sim.row('crashloop').status).toBe('Error');
		sim.at(t0 + 17.5);
		expect(sim.row('crashloop').status).toBe('CrashLoopBackOff');
		const previous = slot.logInstance(true)!;
		expect(previous.containerID).toBe(containerStatus(sim.pod('crashloop'), 'payments').lastState?.terminated?.containerID);
		const text = previous.read(0).map(line => line.text);
		expect(text[0]).toBe('payments-api 1.4.2 starting');
		expect(text).toContain('goroutine 1 [running]:');
	});

	test('best-practice: 3/3 Running with nothing restarting', () => {
		const sim = new SimHarness();
		sim.load('best-practice');
		// The app containers start once envoy's startup probe passed (~2 s); fluent-bit serves :2020
		// 1.5 s after its start, so the readiness probe at the sync after its start (a second) is
		// refused, and the next, 10 s later, passes.
		sim.at(5);
		expect(sim.row('best-practice')).toEqual({ready: '2/3', status: 'Running', restarts: 0});
		sim.at(14);
		expect(sim.row('best-practice')).toEqual({ready: '3/3', status: 'Running', restarts: 0});
		sim.at(600);
		expect(sim.row('best-practice')).toEqual({ready: '3/3', status: 'Running', restarts: 0});
	});

	test('web-app-complete: 3/3 Running', () => {
		const sim = new SimHarness();
		sim.load('web-app-complete');
		sim.at(1);
		expect(sim.row('web-app-complete')).toEqual({ready: '3/3', status: 'Running', restarts: 0});
		expect(sim.pod('web-app-complete').status?.phase).toBe('Running');
	});

	test('a container that ran longer than twice the back-off cap restarts at once again', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: slow-crash}
spec:
  containers:
  - name: app
    image: app:1
    x-sim: {exit: {after: 700, code: 1}}
`);
		sim.at(2200);
		const exits = exitTimes(sim, 'slow-crash', 'app');
		const restarts = restartTimes(sim, 'slow-crash', 'app');
		expect(exits.length).toBe(3);
		expect(round(restarts.map((restart, index) => restart - exits[index]!))).toEqual([1, 1, 1]);
		expect(sim.versions('slow-crash').some(({pod}) => findStatus(pod, 'app')?.state?.waiting?.reason === 'CrashLoopBackOff')).toBe(false);
	});
});

describe('deletion', () => {
	test('lifecycle-pod stays Terminating through its 10 s preStop, then is gone', () => {
		const sim = new SimHarness();
		sim.load('lifecycle-pod');
		sim.at(5);
		const deleted = sim.cluster.deletePod('default', 'lifecycle-pod')!;
		expect(deleted.metadata.deletionTimestamp).toBe('2026-01-01T00:00:35Z');
		expect(deleted.metadata.deletionGracePeriodSeconds).toBe(30);
		sim.at(14.5);
		expect(sim.row('lifecycle-pod').status).toBe('Terminating');
		expect(containerStatus(sim.pod('lifecycle-pod'), 'main-app').state?.running).toBeDefined();
		sim.at(16);
		expect(sim.cluster.pods.get('default', 'lifecycle-pod')).toBeUndefined();
		const versions = sim.versions('lifecycle-pod');
		const gone = versions.at(-1)!;
		expect(gone.type).toBe('DELETED');
		expect(gone.at).toBeCloseTo(15.1, 5);
		// The kubelet writes a terminal phase before the object goes.
		expect(versions.at(-2)!.pod.status?.phase).toBe('Succeeded');
		expect(
			sim
				.events('lifecycle-pod')
				.filter(event => event.reason === 'Killing')
				.map(event => event.message)
				.sort(),
		).toEqual(['Stopping container main-app', 'Stopping container sidecar']);
	});

	test('a preStop hook longer than the grace period is cut short with SIGKILL', () => {
		const sim = new SimHarness();
		sim.load('lifecycle-pod');
		sim.at(5);
		sim.cluster.deletePod('default', 'lifecycle-pod', 3);
		sim.at(7.9);
		expect(sim.row('lifecycle-pod').status).toBe('Terminating');
		sim.at(9);
		const last = sim.versions('lifecycle-pod').at(-2)!.pod;
		expect(containerStatus(last, 'main-app').state?.terminated).toMatchObject({exitCode: 137, reason: 'Error'});
		expect(last.status?.phase).toBe('Failed');
		expect(sim.cluster.pods.get('default', 'lifecycle-pod')).toBeUndefined();
	});

	test('grace period 0, or a pod not yet scheduled, is deleted at once', () => {
		const sim = new SimHarness();
		sim.load('web-app-complete');
		sim.load('crashloop');
		// Not scheduled yet (the scheduler binds at 0.05 s).
		expect(sim.cluster.deletePod('default', 'crashloop')).toBeDefined();
		expect(sim.cluster.pods.get('default', 'crashloop')).toBeUndefined();
		sim.at(1);
		sim.cluster.deletePod('default', 'web-app-complete', 0);
		expect(sim.cluster.pods.get('default', 'web-app-complete')).toBeUndefined();
		sim.at(100);
		expect(sim.history.filter(({pod, type}) => pod.metadata.name === 'web-app-complete' && type === 'DELETED')).toHaveLength(1);
	});
});

describe('ephemeral containers', () => {
	test('start even before init completes, are never ready, and never restart', () => {
		const sim = new SimHarness();
		const [pod] = sim.load('pod-with-init');
		sim.at(1);
		sim.cluster.addEphemeralContainer(pod!, {name: 'debugger', image: 'busybox:1.36'}, {exit: {after: 2, code: 1}});
		sim.at(1.5);
		const running = containerStatus(sim.pod('pod-with-init'), 'debugger');
		expect(running.state?.running).toBeDefined();
		expect(running.ready).toBe(false);
		expect(sim.row('pod-with-init')).toEqual({ready: '0/1', status: 'Init:0/1', restarts: 0});
		sim.at(60);
		const done = containerStatus(sim.pod('pod-with-init'), 'debugger');
		expect(done.state?.terminated).toMatchObject({exitCode: 1, reason: 'Error'});
		expect(done.restartCount).toBe(0);
		expect(sim.row('pod-with-init')).toEqual({ready: '1/1', status: 'Running', restarts: 0});
		expect(
			sim.events('pod-with-init').find(event => event.reason === 'Started' && event.involvedObject.fieldPath === 'spec.ephemeralContainers{debugger}'),
		).toBeDefined();
	});

	test('added together, they are one spec change: one new generation, which the kubelet reports', () => {
		const sim = new SimHarness();
		const [pod] = sim.load('web-with-logging');
		sim.at(2);
		sim.cluster.addEphemeralContainers(pod!, [{container: {name: 'one', image: 'busybox:1.36'}}, {container: {name: 'two', image: 'busybox:1.36'}}]);
		sim.at(2.5);
		const updated = sim.pod('web-with-logging');
		expect(updated.spec.ephemeralContainers!.map(({name}) => name)).toEqual(['one', 'two']);
		expect(updated.metadata.generation).toBe(2);
		expect(updated.status?.observedGeneration).toBe(2);
		expect(updated.status!.ephemeralContainerStatuses!.map(({name, state}) => [name, Boolean(state?.running)])).toEqual([
			['one', true],
			['two', true],
		]);
	});
});
