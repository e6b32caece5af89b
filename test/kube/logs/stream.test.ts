import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {KubeHttp} from '../../../source/kube/http.js';
import {loadKubeconfig} from '../../../source/kube/kubeconfig.js';
import {LogFollower} from '../../../source/kube/logs/follow.js';
import type {LogStreamState} from '../../../source/kube/logs/stream.js';
import type {LogRecord} from '../../../source/model/logs/record.js';
import type {LogInstance} from '../../../source/sim/kubelet/log-store.js';
import {eventually, startTestSim, type TestSim} from '../../helpers/sim.js';

// Following across restarts against the sim, checked line by line against the sim's own
// record of every container instance.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['crashloop', 'app-with-db-ambassador', 'pod-with-init', 'web-with-logging'], speed: 10});
});
afterAll(async () => {
	await sim.close();
});

function http(context?: string) {
	return new KubeHttp(loadKubeconfig({kubeconfig: sim.kubeconfigPath, context}).access);
}

/** Every instance the sim ran for a container, in order (the sim itself keeps only two). */
function recordInstances(pod: string, container: string) {
	const seen = new Map<string, LogInstance>();
	const timer = setInterval(() => {
		const object = sim.cluster.pods.get('default', pod);
		const slot = object ? sim.cluster.worker(object)?.slot(container) : undefined;
		for (const instance of [slot?.previous, slot?.current]) if (instance && !seen.has(instance.containerID)) seen.set(instance.containerID, instance);
	}, 10);
	return {seen, stop: () => clearInterval(timer)};
}

function follow(pod: string, container: string, options: {tailLines?: number; context?: string} = {}) {
	const records: LogRecord[] = [];
	const states: LogStreamState[] = [];
	const follower = new LogFollower(
		http(options.context),
		{namespace: 'default', pod, containersOf: () => [], fixed: [container]},
		{
			stream: {follow: true, tailLines: options.tailLines, settleMs: 300},
			sinkFor: () => ({lines: batch => void records.push(...batch), state: state => void states.push(state)}),
		},
	).start();
	return {records, states, follower, stream: () => [...follower.streams.values()][0]!};
}

/** What a follower must have shown: every instance whole, a marker between two. */
function expected(instances: LogInstance[]): string[] {
	return instances.flatMap((instance, index) => [...(index > 0 ? ['<marker>'] : []), ...instance.read(0).map(line => line.text)]);
}

const shown = (records: LogRecord[]) => records.map(record => (record.marker ? '<marker>' : record.text));

describe('ContainerLogStream', () => {
	it('follows crashloop across restarts with a marker, no line lost or duplicated', async () => {
		const recorder = recordInstances('crashloop', 'payments');
		const {records, follower, stream} = follow('crashloop', 'payments', {tailLines: 1_000_000});
		await eventually(() => stream().stats.restarts >= 3, 20_000, 50);
		const lastMarker = records.findLastIndex(record => record.marker);
		await eventually(() => records.length > lastMarker + 9 || undefined, 5000, 50);
		follower.stop();
		recorder.stop();
		const instances = [...recorder.seen.values()];
		const count = records.filter(record => record.marker).length;
		expect(shown(records)).toEqual(expected(instances.slice(0, count + 1)));
		expect(records.find(record => record.marker)!.text).toMatch(/^── restarted: exit 2 \(Error\) at \d\d:\d\d:\d\d ──$/);
	});

	it('follows the crash-looping app of app-with-db-ambassador while the ambassador keeps going', async () => {
		const recorder = recordInstances('app-with-db-ambassador', 'application');
		const app = follow('app-with-db-ambassador', 'application', {tailLines: 1_000_000});
		await eventually(() => app.stream().stats.restarts >= 2, 20_000, 50);
		const lastMarker = app.records.findLastIndex(record => record.marker);
		await eventually(() => app.records.length >= lastMarker + 5 || undefined, 5000, 50);
		app.follower.stop();
		recorder.stop();
		const markers = app.records.filter(record => record.marker).length;
		expect(shown(app.records)).toEqual(expected([...recorder.seen.values()].slice(0, markers + 1)));
		expect(app.records.find(record => record.marker)!.text).toMatch(/restarted: exit 1 \(Error\)/);
	});

	it('reports a back-off and resumes by itself when the container runs again', async () => {
		const {states, follower} = follow('crashloop', 'payments');
		// Kubelet 1.35 shows CrashLoopBackOff from the sync that ends the first back-off, ~15 s in.
		await eventually(() => states.some(state => state.phase === 'idle' && /^back-off \S+: CrashLoopBackOff$/.test(state.text)), 40_000, 50);
		const at = states.length;
		await eventually(() => states.slice(at).some(state => state.phase === 'streaming'), 20_000, 50);
		follower.stop();
	}, 70_000);

	it('resumes a dropped connection without loss or duplicates', async () => {
		const {records, follower, stream} = follow('web-with-logging', 'web-app', {tailLines: 1_000_000});
		await eventually(() => records.length >= 4, 10_000, 50);
		for (let drop = 0; drop < 3; drop++) {
			const before = records.length;
			stream().drop();
			await eventually(() => records.length >= before + 2 || undefined, 10_000, 50);
		}
		follower.stop();
		const object = sim.cluster.pods.get('default', 'web-with-logging')!;
		const instance = sim.cluster.worker(object)!.slot('web-app')!.current!;
		const texts = shown(records);
		expect(texts).toEqual(instance.read(0, texts.length).map(line => line.text));
		expect(stream().stats.resumes).toBeGreaterThanOrEqual(3);
	});

	it('waits for an init to finish, then streams the main container by itself (viewer context)', async () => {
		const fresh = await startTestSim({scenarios: ['pod-with-init'], speed: 2});
		try {
			const records: LogRecord[] = [];
			const states: LogStreamState[] = [];
			const follower = new LogFollower(
				new KubeHttp(loadKubeconfig({kubeconfig: fresh.kubeconfigPath, context: 'podscope-sim-viewer'}).access),
				{namespace: 'default', pod: 'pod-with-init', containersOf: () => [], fixed: ['main-app']},
				{
					stream: {follow: true, settleMs: 300},
					sinkFor: () => ({lines: batch => void records.push(...batch), state: state => void states.push(state)}),
				},
			).start();
			await eventually(() => states.some(state => state.phase === 'idle' && state.text === 'waiting: PodInitializing'), 10_000, 20);
			await eventually(() => records.length > 0, 15_000, 50);
			follower.stop();
			expect(records[0]!.text).toContain('Configuration complete');
		} finally {
			await fresh.close();
		}
	});

	it("asks for a finished container's log as kubectl does, and again so after a refusal", async () => {
		const fresh = await startTestSim({scenarios: []});
		try {
			const {parseScenario} = await import('../../../source/sim/scenario.js');
			const {pod, behaviours} = parseScenario(`apiVersion: v1
kind: Pod
metadata: {name: done}
spec:
  restartPolicy: Never
  containers:
  - name: job
    image: busybox:1.36
    x-sim: {flood: {lines: 2000, rate: 0, bytes: 60}}
`)[0]!;
			fresh.cluster.createPod(pod!, behaviours);
			await eventually(() => fresh.cluster.pods.get('default', 'done')?.status?.phase === 'Succeeded', 10_000, 20);
			const truth = fresh.cluster
				.worker(fresh.cluster.pods.get('default', 'done')!)!
				.slot('job')!
				.current!.read(0)
				.map(line => `${line.text}\n`)
				.join('');
			// Every request refused until the first log request has been.
			fresh.server.faults.update({errorRate: 1});
			fresh.server.requests.length = 0;
			const refused = setInterval(() => {
				if (fresh.server.requests.some(record => record.path.includes('/pods/done/log') && record.code === 500)) {
					fresh.server.faults.update({errorRate: 0});
					clearInterval(refused);
				}
			}, 5);
			const written: Buffer[] = [];
			const states: LogStreamState[] = [];
			const follower = new LogFollower(
				new KubeHttp(loadKubeconfig({kubeconfig: fresh.kubeconfigPath}).access),
				{namespace: 'default', pod: 'done', containersOf: () => [], fixed: ['job'], fetched: structuredClone(fresh.cluster.pods.get('default', 'done')!)},
				{
					stream: {follow: true, settleMs: 100, backoff: {initialMs: 10, maxMs: 50}},
					sinkFor: () => ({
						lines: () => {},
						state: state => void states.push(state),
						raw: {timestamps: false, write: bytes => void written.push(Buffer.from(bytes))},
					}),
				},
			).start();
			await eventually(() => states.some(state => state.phase === 'ended'), 20_000, 20);
			follower.stop();
			clearInterval(refused);
			expect(Buffer.concat(written).toString()).toBe(truth);
			const logRequests = fresh.server.requests.filter(record => record.path.includes('/pods/done/log'));
			expect(logRequests.some(record => record.code === 500)).toBe(true);
			expect(logRequests.every(record => !record.path.includes('timestamps='))).toBe(true);
		} finally {
			await fresh.close();
		}
	});

	it('says when the pod does not exist', async () => {
		const {states, follower} = follow('no-such-pod', 'x');
		await eventually(() => states.some(state => state.phase === 'ended' && state.text === 'pod no-such-pod not found'));
		follower.stop();
	});
});
