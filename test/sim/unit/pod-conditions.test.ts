import {describe, expect, test} from 'vitest';
import {SimHarness, condition} from './harness.js';

// The conditions kubelet's status generators write, with kubectl's reasons and messages,
// and lastTransitionTime moving only when a condition's status changes.

const summary = (pod: ReturnType<SimHarness['pod']>) =>
	(pod.status?.conditions ?? []).map(({type, status, reason, message}) => ({type, status, ...(reason ? {reason} : {}), ...(message ? {message} : {})}));

describe('pod conditions', () => {
	test('a pod not yet bound to a node has no conditions, and is Pending', () => {
		const sim = new SimHarness();
		const [created] = sim.load('pod-with-init');
		expect(created!.status?.conditions ?? []).toEqual([]);
		expect(created!.status?.phase).toBe('Pending');
		expect(created!.spec.nodeName).toBeUndefined();
	});

	test('while an init container runs', () => {
		const sim = new SimHarness();
		sim.load('pod-with-init');
		sim.at(1);
		const pod = sim.pod('pod-with-init');
		expect(pod.status?.phase).toBe('Pending');
		expect(summary(pod)).toEqual([
			{type: 'PodReadyToStartContainers', status: 'True'},
			{type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init-setup]'},
			{type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [main-app]'},
			{type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [main-app]'},
			{type: 'PodScheduled', status: 'True'},
		]);
		for (const each of pod.status!.conditions!) expect(each.lastProbeTime).toBeNull();
	});

	test('the status and each condition the kubelet writes carry the generation it saw', () => {
		const sim = new SimHarness();
		const [created] = sim.load('pod-with-init');
		// The apiserver's status at create has none: only the kubelet writes it.
		expect(created!.metadata.generation).toBe(1);
		expect(created!.status?.observedGeneration).toBeUndefined();
		sim.at(1);
		let pod = sim.pod('pod-with-init');
		expect(pod.status?.observedGeneration).toBe(1);
		expect(pod.status!.conditions!.map(each => [each.type, each.observedGeneration])).toEqual([
			['PodReadyToStartContainers', 1],
			['Initialized', 1],
			['Ready', 1],
			['ContainersReady', 1],
			['PodScheduled', 1],
		]);
		// A graceful delete is generation 2; the kubelet's next status says it saw it.
		sim.cluster.deletePod('default', 'pod-with-init', 30);
		sim.at(1.1);
		pod = sim.pod('pod-with-init');
		expect(pod.metadata.generation).toBe(2);
		expect(pod.status?.observedGeneration).toBe(2);
		expect(new Set(pod.status!.conditions!.map(each => each.observedGeneration))).toEqual(new Set([2]));
	});

	test('before the sandbox is up, PodReadyToStartContainers is False', () => {
		const sim = new SimHarness();
		sim.load('web-app-complete');
		sim.at(0.1);
		expect(condition(sim.pod('web-app-complete'), 'PodReadyToStartContainers')?.status).toBe('False');
		expect(condition(sim.pod('web-app-complete'), 'Initialized')?.status).toBe('True');
	});

	test('lastTransitionTime changes only on a transition', () => {
		const sim = new SimHarness();
		sim.load('pod-with-init');
		sim.at(100);
		const pod = sim.pod('pod-with-init');
		expect(pod.status?.phase).toBe('Running');
		expect(summary(pod).every(each => each.status === 'True')).toBe(true);
		expect(condition(pod, 'PodScheduled')?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
		expect(condition(pod, 'PodReadyToStartContainers')?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
		expect(condition(pod, 'Initialized')?.lastTransitionTime).toBe('2026-01-01T00:00:05Z');
		expect(condition(pod, 'Ready')?.lastTransitionTime).toBe('2026-01-01T00:00:06Z');
		expect(condition(pod, 'ContainersReady')?.lastTransitionTime).toBe('2026-01-01T00:00:06Z');
	});

	test('Ready follows a crash-looping container while the others keep their times', () => {
		const sim = new SimHarness();
		sim.load('crashloop');
		const readyTimes = new Set<string>();
		for (let second = 1; second <= 60; second++) {
			sim.at(second);
			readyTimes.add(condition(sim.pod('crashloop'), 'Ready')!.lastTransitionTime!);
			expect(condition(sim.pod('crashloop'), 'Initialized')?.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
		}
		expect(readyTimes.size).toBeGreaterThan(3);
		expect(sim.pod('crashloop').status?.phase).toBe('Running');
	});

	test('a native sidecar holds Initialized until started, and counts for readiness', () => {
		const sim = new SimHarness();
		sim.load('native-sidecar');
		sim.at(1);
		expect(summary(sim.pod('native-sidecar')).slice(1, 4)).toEqual([
			{type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [envoy]'},
			{type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [envoy app]'},
			{type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [envoy app]'},
		]);
		sim.at(10);
		expect(summary(sim.pod('native-sidecar')).map(each => each.status)).toEqual(['True', 'True', 'True', 'True', 'True']);
	});

	test('a sidecar restarting after the app started leaves the pod Initialized and Running', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: flaky-sidecar}
spec:
  initContainers:
  - name: proxy
    image: envoy:1
    restartPolicy: Always
    x-sim: {exit: {after: 4, code: 1}}
  containers:
  - name: app
    image: app:1
`);
		for (let second = 1; second <= 120; second++) {
			sim.at(second);
			const pod = sim.pod('flaky-sidecar');
			expect(condition(pod, 'Initialized')?.status).toBe('True');
			expect(pod.status?.phase).toBe('Running');
		}
		expect(sim.row('flaky-sidecar').restarts).toBeGreaterThanOrEqual(3);
		// The app keeps running throughout.
		expect(sim.pod('flaky-sidecar').status?.containerStatuses?.[0]).toMatchObject({restartCount: 0, ready: true});
	});

	test('readiness gates without their condition keep the pod unready', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: gated}
spec:
  readinessGates:
  - conditionType: example.com/lb-ready
  containers:
  - name: app
    image: app:1
`);
		sim.at(2);
		const pod = sim.pod('gated');
		expect(condition(pod, 'ContainersReady')?.status).toBe('True');
		expect(condition(pod, 'Ready')).toMatchObject({
			status: 'False',
			reason: 'ReadinessGatesNotReady',
			message: 'corresponding condition of pod readiness gate "example.com/lb-ready" does not exist.',
		});
	});
});
