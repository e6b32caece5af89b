import {describe, expect, test} from 'vitest';
import type {KubeEvent} from '../../../source/model/k8s.js';
import {containerStatus, SimHarness} from './harness.js';

// The sim's probe workers against what kubelet 1.35 records on the real node
// (test/cluster): an Unhealthy event for every failed probe, in the prober's words, readiness
// only after the startup probe passed, and a kill after failureThreshold startup failures.

const unhealthy = (sim: SimHarness, pod: string) =>
	sim
		.events(pod)
		.filter(event => event.reason === 'Unhealthy')
		.map((event: KubeEvent) => [event.involvedObject.fieldPath, event.message, event.count]);

const pod = (name: string, container: string) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
${container}`;

describe('probes', () => {
	test("native-sidecar: envoy's startup probe fails with 503 until envoy is up, then the app starts", () => {
		const sim = new SimHarness();
		sim.load('native-sidecar');
		sim.at(10);
		// Ticks 1 s apart from envoy's start; it answers 200 after 3 s (x-sim startedAfter).
		expect(unhealthy(sim, 'native-sidecar')).toEqual([['spec.initContainers{envoy}', 'Startup probe failed: HTTP probe failed with statuscode: 503', 2]]);
		expect(sim.row('native-sidecar')).toEqual({ready: '2/2', status: 'Running', restarts: 0});
	});

	test('nothing listening yet: connection refused, with the address the prober dialled', () => {
		const sim = new SimHarness();
		const [created] = sim.load(
			pod(
				'late',
				`  - name: web
    image: nginx:1.25
    ports: [{name: http, containerPort: 8080}]
    readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 5}
    x-sim: {listen: [8080], listenAfter: 3, readyAfter: 3}
`,
			),
		);
		sim.at(12);
		const ip = created!.status?.podIP ?? sim.pod('late').status?.podIP;
		expect(unhealthy(sim, 'late')).toEqual([
			['spec.containers{web}', `Readiness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`, 1],
		]);
		// Probed at start (refused), then 5 s later (answers): ready from then on.
		expect(containerStatus(sim.pod('late'), 'web').ready).toBe(true);
	});

	test('a startup probe that never passes: Unhealthy failureThreshold times, then the container is killed and restarted', () => {
		const sim = new SimHarness();
		sim.load(
			pod(
				'stuck',
				`  - name: app
    image: myapp:latest
    startupProbe: {tcpSocket: {port: 9000}, periodSeconds: 2, failureThreshold: 3}
    readinessProbe: {tcpSocket: {port: 9000}}
    x-sim: {startedAfter: 1000}
`,
			),
		);
		sim.at(7);
		const status = containerStatus(sim.pod('stuck'), 'app');
		const killing = sim.events('stuck').filter(event => event.reason === 'Killing');
		expect(killing.map(event => event.message)).toEqual(['Container app failed startup probe, will be restarted']);
		expect(unhealthy(sim, 'stuck')[0]?.[1]).toMatch(/^Startup probe failed: dial tcp [\d.]+:9000: connect: connection refused$/);
		expect(unhealthy(sim, 'stuck')[0]?.[2]).toBe(3);
		// Readiness is never probed before the startup probe passes.
		expect(sim.events('stuck').some(event => event.message?.startsWith('Readiness'))).toBe(false);
		expect(status.started).toBe(false);
		expect(status.restartCount + (status.state?.terminated ? 1 : 0)).toBeGreaterThanOrEqual(1);
	});

	test('readiness: a 503 while the app does not answer, and successThreshold successes in a row to be ready', () => {
		const sim = new SimHarness();
		sim.load(
			pod(
				'never',
				`  - name: web
    image: nginx:1.25
    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
    x-sim: {listen: [80], readyAfter: never}
`,
			),
		);
		sim.load(
			pod(
				'twice',
				`  - name: web
    image: nginx:1.25
    readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1, successThreshold: 2}
    x-sim: {listen: [80]}
`,
			),
		);
		// Probed at the sync after the start (1.15 s), then every second.
		sim.at(1.5);
		expect(containerStatus(sim.pod('twice'), 'web').ready).toBe(false);
		sim.at(2.5);
		expect(containerStatus(sim.pod('twice'), 'web').ready).toBe(true);
		sim.at(5);
		expect(containerStatus(sim.pod('never'), 'web').ready).toBe(false);
		expect(unhealthy(sim, 'never')).toEqual([['spec.containers{web}', 'Readiness probe failed: HTTP probe failed with statuscode: 503', 4]]);
		expect(unhealthy(sim, 'twice')).toEqual([]);
	});
});
