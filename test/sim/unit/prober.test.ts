import {describe, expect, test} from 'vitest';
import type {KubeEvent} from '../../../source/model/k8s.js';
import {podStatusReason} from '../../../source/model/pod-status.js';
import {containerStatus, exitTimes, findStatus, restartTimes, round, SimHarness} from './harness.js';

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

const messages = (sim: SimHarness, pod: string, reason: string) =>
	sim
		.events(pod)
		.filter(event => event.reason === reason)
		.map(event => [event.message, event.count]);

describe('liveness probes', () => {
	test('liveness-restarts: killed after failureThreshold refusals, restarted at once twice, then in back-off', () => {
		const sim = new SimHarness();
		sim.load('liveness-restarts');
		sim.at(40);
		const ip = sim.pod('liveness-restarts').status!.podIP;
		// Probes every 2 s from the start, two failures in a row, a kill that the trap ends in half a second.
		expect(round(exitTimes(sim, 'liveness-restarts', 'app'))).toEqual([4.65, 9.15, 13.65, 31.4]);
		// The third kill finds the second exit less than 10 s back: back-off, counted from that exit.
		expect(round(restartTimes(sim, 'liveness-restarts', 'app'))).toEqual([4.65, 9.15, 26.9]);
		const app = containerStatus(sim.pod('liveness-restarts'), 'app');
		expect(app.lastState?.terminated).toMatchObject({reason: 'Completed', exitCode: 0});
		expect(messages(sim, 'liveness-restarts', 'Unhealthy')).toEqual([[`Liveness probe failed: dial tcp ${ip}:9090: connect: connection refused`, 8]]);
		expect(messages(sim, 'liveness-restarts', 'Killing')).toEqual([['Container app failed liveness probe, will be restarted', 4]]);
		// Each kill in back-off: BackOff at the kill's sync and at the sync that sees the exit.
		expect(sim.events('liveness-restarts').find(event => event.reason === 'BackOff')?.count).toBe(4);
	});

	test('a kill in back-off shows CrashLoopBackOff from the next sync, not the exit first', () => {
		const sim = new SimHarness();
		sim.load('liveness-restarts');
		sim.at(13.7);
		expect(sim.row('liveness-restarts')).toEqual({ready: '0/1', status: 'CrashLoopBackOff', restarts: 2});
		expect(containerStatus(sim.pod('liveness-restarts'), 'app').state?.waiting?.message).toMatch(
			/^back-off 10s restarting failed container=app pod=liveness-restarts_default\(/,
		);
		// The next start waits out 10 s from this exit (requeued at 1.25 times what is left).
		sim.at(26.8);
		expect(sim.row('liveness-restarts').status).toBe('CrashLoopBackOff');
		sim.at(27);
		expect(sim.row('liveness-restarts')).toEqual({ready: '1/1', status: 'Running', restarts: 3});
	});

	test('only once the startup probe passed, and not before initialDelaySeconds', () => {
		const sim = new SimHarness();
		sim.load(
			pod(
				'slow',
				`  - name: app
    image: myapp:latest
    startupProbe: {tcpSocket: {port: 8080}, periodSeconds: 1, failureThreshold: 30}
    livenessProbe: {httpGet: {path: /healthz, port: 9090}, periodSeconds: 1, failureThreshold: 100}
    x-sim: {listen: [8080], listenAfter: 5}
`,
			),
		);
		sim.load(
			pod(
				'delayed',
				`  - name: app
    image: myapp:latest
    livenessProbe: {tcpSocket: {port: 9090}, initialDelaySeconds: 6, periodSeconds: 1, failureThreshold: 100}
`,
			),
		);
		sim.at(8.5);
		const started = sim.firstTime('slow', pod => findStatus(pod, 'app')?.started === true)!;
		const liveness = (name: string) => sim.events(name).find(event => event.message?.startsWith('Liveness'));
		expect(started).toBeCloseTo(5.15);
		// Ticks at 6.15, 7.15, 8.15 after the start at 0.15 s: three failures.
		expect(liveness('slow')?.count).toBe(3);
		expect(liveness('slow')?.message).toMatch(
			/^Liveness probe failed: Get "http:\/\/[\d.]+:9090\/healthz": dial tcp [\d.]+:9090: connect: connection refused$/,
		);
		// Not before 6 s after the start: the ticks at 6.15, 7.15 and 8.15.
		expect(liveness('delayed')?.count).toBe(3);
	});

	test('a hung app: TCP still accepted, HTTP answers 500, exec fails with what the command printed', () => {
		const sim = new SimHarness();
		const probe = (kind: string) => `{${kind}, periodSeconds: 1, failureThreshold: 50}`;
		for (const [name, kind] of [
			['tcp', 'tcpSocket: {port: 8080}'],
			['http', 'httpGet: {path: /healthz, port: 8080}'],
			['exec', 'exec: {command: [cat, /tmp/healthy]}'],
			['grpc', 'grpc: {port: 8080}'],
		] as const) {
			sim.load(
				pod(
					name,
					`  - name: app
    image: myapp:latest
    livenessProbe: ${probe(kind)}
    x-sim: {listen: [8080], unhealthyAfter: 3, probeOutput: "cat: can't open '/tmp/healthy': No such file or directory"}
`,
				),
			);
		}
		sim.at(5);
		expect(messages(sim, 'tcp', 'Unhealthy')).toEqual([]);
		expect(messages(sim, 'http', 'Unhealthy')).toEqual([['Liveness probe failed: HTTP probe failed with statuscode: 500', 2]]);
		expect(messages(sim, 'exec', 'Unhealthy')).toEqual([["Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory", 2]]);
		expect(messages(sim, 'grpc', 'Unhealthy')).toEqual([['Liveness probe failed: service unhealthy (responded with "NOT_SERVING")', 2]]);
	});

	test('gRPC with nothing listening: the health RPC fails with the dial error', () => {
		const sim = new SimHarness();
		sim.load(pod('grpc', '  - name: app\n    image: myapp:latest\n    livenessProbe: {grpc: {port: 9000}, periodSeconds: 1, failureThreshold: 50}\n'));
		sim.at(1.5);
		const ip = sim.pod('grpc').status!.podIP;
		expect(messages(sim, 'grpc', 'Unhealthy')).toEqual([
			[
				`Liveness probe failed: error: health rpc probe failed: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: dial tcp ${ip}:9000: connect: connection refused"`,
				1,
			],
		]);
	});

	test('restartPolicy Never: killed, not restarted, and the pod is done', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: once}
spec:
  restartPolicy: Never
  terminationGracePeriodSeconds: 5
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "while true; do sleep 1; done"]
    livenessProbe: {tcpSocket: {port: 9090}, periodSeconds: 1, failureThreshold: 1}
`);
		sim.at(10);
		expect(messages(sim, 'once', 'Killing')).toEqual([['Container app failed liveness probe', 1]]);
		// The shell ignores TERM: KILL at the end of the pod's 5 s grace period.
		expect(containerStatus(sim.pod('once'), 'app').state?.terminated).toMatchObject({reason: 'Error', exitCode: 137});
		expect(sim.pod('once').status?.phase).toBe('Failed');
		expect(restartTimes(sim, 'once', 'app')).toEqual([]);
	});

	test("a probe's terminationGracePeriodSeconds overrides the pod's, at least 2 s", () => {
		const sim = new SimHarness();
		const container = (grace: string) => `  - name: app
    image: busybox:1.36
    command: [sh, -c, "while true; do sleep 1; done"]
    livenessProbe: {tcpSocket: {port: 9090}, periodSeconds: 1, failureThreshold: 1${grace}}
`;
		sim.load(pod('probe-grace', container(', terminationGracePeriodSeconds: 3')));
		sim.load(pod('minimum', container(', terminationGracePeriodSeconds: 1')));
		sim.at(10);
		// Killed at the first tick (1.15 s); the KILL comes 3 s (2 s) later.
		expect(round(exitTimes(sim, 'probe-grace', 'app').slice(0, 1))).toEqual([4.15]);
		expect(round(exitTimes(sim, 'minimum', 'app').slice(0, 1))).toEqual([3.15]);
	});
});

describe('startup probes that fail', () => {
	test("a native sidecar's back-off after a kill counts from the exit before: no Init:CrashLoopBackOff in the first minute", () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: sidecar-startup}
spec:
  initContainers:
  - name: vault-agent
    image: busybox:1.36
    restartPolicy: Always
    command: [sh, -c, 'trap "exit 0" TERM; while true; do sleep 1; done']
    startupProbe: {exec: {command: [test, -f, /tmp/token]}, periodSeconds: 2, failureThreshold: 10}
    x-sim: {startedAfter: 100000}
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "while true; do sleep 3600; done"]
`);
		sim.at(100);
		const statuses = new Set(sim.versions('sidecar-startup').map(({pod}) => podStatusReason(pod)));
		expect([...statuses]).toEqual(['Pending', 'Init:0/1']);
		expect(round(restartTimes(sim, 'sidecar-startup', 'vault-agent'))).toEqual([20.65, 41.15, 61.65, 82.15]);
		expect(messages(sim, 'sidecar-startup', 'Killing')).toEqual([['Init container vault-agent failed startup probe', 4]]);
		// The exec probe's command prints nothing: nothing after the colon.
		expect(messages(sim, 'sidecar-startup', 'Unhealthy')[0]).toEqual(['Startup probe failed: ', 25]);
		expect(containerStatus(sim.pod('sidecar-startup'), 'app').state).toEqual({waiting: {reason: 'PodInitializing'}});
	});

	test('a sidecar killed in back-off stays Terminated (it exited 0): PodInitializing, not Init:CrashLoopBackOff', () => {
		const sim = new SimHarness();
		sim.load('sidecar-startup-stuck');
		sim.at(105);
		const proxy = containerStatus(sim.pod('sidecar-startup-stuck'), 'istio-proxy');
		expect(proxy.state?.terminated).toMatchObject({reason: 'Completed', exitCode: 0});
		expect(sim.row('sidecar-startup-stuck')).toEqual({ready: '0/2', status: 'PodInitializing', restarts: 4});
	});
});

describe('the kubelet event spam filter', () => {
	test('25 events per pod and type, then one more every 5 minutes: BackOff goes unrecorded with the Unhealthy ones', () => {
		const sim = new SimHarness();
		sim.load('sidecar-startup-stuck');
		sim.at(299);
		const warnings = sim.events('sidecar-startup-stuck').filter(event => event.type === 'Warning');
		expect(warnings.map(event => [event.reason, event.count])).toEqual([['Unhealthy', 25]]);
		// Normal events have their own bucket.
		expect(messages(sim, 'sidecar-startup-stuck', 'Killing')[0]?.[1]).toBeGreaterThan(4);
		const warningCount = () =>
			sim
				.events('sidecar-startup-stuck')
				.filter(event => event.type === 'Warning')
				.reduce((sum, event) => sum + (event.count ?? 1), 0);
		sim.at(340);
		expect(warningCount()).toBe(25);
		sim.at(400);
		expect(warningCount()).toBe(26);
	});
});

test('a pod being deleted is probed for liveness no more: no kill during its grace period', () => {
	const sim = new SimHarness();
	sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: going}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "while true; do sleep 1; done"]
    livenessProbe: {tcpSocket: {port: 9090}, periodSeconds: 1, failureThreshold: 3}
    lifecycle: {preStop: {exec: {command: [sh, -c, "sleep 5"]}}}
`);
	sim.at(2.5);
	expect(messages(sim, 'going', 'Unhealthy')[0]?.[1]).toBe(2);
	sim.cluster.deletePod('default', 'going', 10);
	// The preStop hook keeps it running 5 s more: still no probe.
	sim.at(7);
	expect(containerStatus(sim.pod('going'), 'app').state?.running).toBeDefined();
	expect(messages(sim, 'going', 'Unhealthy')[0]?.[1]).toBe(2);
	expect(messages(sim, 'going', 'Killing')).toEqual([['Stopping container app', 1]]);
});
