import {afterAll, beforeAll, expect, it} from 'vitest';
import type {KubeEvent, List, Pod} from '../../source/model/k8s.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {byName, conformance, kubectl, parseTable} from './kubectl.js';

// Probes that fail, read with the real kubectl: the scenarios whose probes never pass, as a
// real 1.35 node shows them (test/cluster and /work/reference/real-node): READY, STATUS and
// RESTARTS in `get pods`, the conditions and the events with the prober's and the kubelet's
// texts in `describe` and `get events`. A fast clock lets back-offs and grace periods pass.

let sim: TestSim;

conformance('kubectl and failing probes', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['readiness-failing', 'liveness-restarts', 'sidecar-startup-stuck', 'sidecar-crashing'], speed: 20});
	});
	afterAll(async () => {
		await sim?.close();
	});

	const run = async (...args: string[]) => {
		const result = await kubectl(sim, args);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		return result.stdout;
	};
	const row = async (name: string) => byName(parseTable(await run('get', 'pods', name))).get(name)!;
	const pod = async (name: string) => JSON.parse(await run('get', 'pod', name, '-o', 'json')) as Pod;
	const podIP = async (name: string) => (await eventually(async () => (await pod(name)).status?.podIP))!;
	/** `get events` for one pod as [type, reason, field, message, count]. */
	const events = async (name: string) =>
		(JSON.parse(await run('get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json')) as List<KubeEvent>).items.map(
			event => [event.type, event.reason, event.involvedObject.fieldPath, event.message, event.count] as const,
		);
	/** The Events table of `kubectl describe pod`, as [type, reason, message] rows. */
	const describedEvents = (text: string) =>
		text
			.slice(text.search(/^Events:/m))
			.split('\n')
			.slice(3)
			.filter(Boolean)
			.map(line => line.trim().split(/\s{2,}/))
			.map(cells => [cells[0], cells[1], cells[4]]);

	it('readiness-failing: Running but 0/1, Ready and ContainersReady False, a 404 Unhealthy every period', async () => {
		await eventually(async () => {
			const item = await row('readiness-failing');
			return item.READY === '0/1' && item.STATUS === 'Running' && item.RESTARTS === '0' && item;
		});
		const message = 'Readiness probe failed: HTTP probe failed with statuscode: 404';
		await eventually(async () =>
			(await events('readiness-failing')).some(([, reason, , text, count]) => reason === 'Unhealthy' && text === message && count! > 2),
		);
		const conditions = (await pod('readiness-failing')).status!.conditions!;
		for (const type of ['Ready', 'ContainersReady']) {
			expect(conditions.find(condition => condition.type === type)).toMatchObject({
				status: 'False',
				reason: 'ContainersNotReady',
				message: 'containers with unready status: [web]',
			});
		}
		const described = await run('describe', 'pod', 'readiness-failing');
		expect(described).toMatch(/^ {2}Ready\s+False\s*$/m);
		expect(described).toMatch(/^ {2}ContainersReady\s+False\s*$/m);
		expect(described).toMatch(/^ {4}Readiness:\s+http-get http:\/\/:8080\/healthz delay=0s timeout=1s period=2s #success=1 #failure=3$/m);
		expect(describedEvents(described)).toContainEqual(['Warning', 'Unhealthy', message]);
	});

	it('liveness-restarts: killed after two refused probes, restarted, then CrashLoopBackOff between kills', async () => {
		const seen = new Set<string>();
		await eventually(
			async () => {
				const item = await row('liveness-restarts');
				seen.add(item.STATUS!);
				// Running lasts a few seconds between kills (a fraction of a second here): not polled for.
				return Number(item.RESTARTS!.split(' ')[0]) >= 3 && seen.has('CrashLoopBackOff');
			},
			30_000,
			100,
		);
		const ip = await podIP('liveness-restarts');
		const all = await events('liveness-restarts');
		expect(all).toContainEqual([
			'Warning',
			'Unhealthy',
			'spec.containers{app}',
			`Liveness probe failed: dial tcp ${ip}:9090: connect: connection refused`,
			expect.any(Number),
		]);
		expect(all).toContainEqual(['Normal', 'Killing', 'spec.containers{app}', 'Container app failed liveness probe, will be restarted', expect.any(Number)]);
		const backOff = all.find(([, reason]) => reason === 'BackOff');
		expect(backOff?.[3]).toMatch(/^Back-off restarting failed container app in pod liveness-restarts_default\(.+\)$/);
		// The shell traps TERM and exits 0: every kill reads Completed.
		const app = (await pod('liveness-restarts')).status!.containerStatuses![0]!;
		expect(app.lastState?.terminated).toMatchObject({reason: 'Completed', exitCode: 0});
		const described = await run('describe', 'pod', 'liveness-restarts');
		expect(described).toMatch(/^ {4}Liveness:\s+tcp-socket :9090 delay=0s timeout=1s period=2s #success=1 #failure=2$/m);
		expect(described).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+Completed\n\s+Exit Code:\s+0\n/);
		expect(describedEvents(described)).toContainEqual(['Normal', 'Killing', 'Container app failed liveness probe, will be restarted']);
	});

	it('sidecar-startup-stuck: Init:0/1, the app waits in PodInitializing, the proxy is killed and restarted', async () => {
		await eventually(
			async () => {
				const item = await row('sidecar-startup-stuck');
				return item.READY === '0/2' && /^(Init:0\/1|PodInitializing)$/.test(item.STATUS!) && Number(item.RESTARTS!.split(' ')[0]) >= 1;
			},
			30_000,
			100,
		);
		const status = (await pod('sidecar-startup-stuck')).status!;
		expect(status.containerStatuses![0]!.state).toEqual({waiting: {reason: 'PodInitializing'}});
		expect(status.conditions!.find(condition => condition.type === 'Initialized')).toMatchObject({
			status: 'False',
			reason: 'ContainersNotInitialized',
			message: 'containers with incomplete status: [istio-proxy]',
		});
		const ip = await podIP('sidecar-startup-stuck');
		const all = await events('sidecar-startup-stuck');
		expect(all).toContainEqual([
			'Warning',
			'Unhealthy',
			'spec.initContainers{istio-proxy}',
			`Startup probe failed: Get "http://${ip}:15021/healthz/ready": dial tcp ${ip}:15021: connect: connection refused`,
			expect.any(Number),
		]);
		expect(all).toContainEqual([
			'Normal',
			'Killing',
			'spec.initContainers{istio-proxy}',
			'Init container istio-proxy failed startup probe',
			expect.any(Number),
		]);
		// The app never started: no event names it.
		expect(all.filter(([, , field]) => field === 'spec.containers{app}')).toEqual([]);
		const described = await run('describe', 'pod', 'sidecar-startup-stuck');
		expect(described).toMatch(/^ {2}Initialized\s+False\s*$/m);
		expect(describedEvents(described)).toContainEqual(['Normal', 'Killing', 'Init container istio-proxy failed startup probe']);
	});

	it('sidecar-crashing: the proxy exits 1 and backs off while the app runs on: 1/2, Init:Error', async () => {
		const seen = new Set<string>();
		await eventually(
			async () => {
				const item = await row('sidecar-crashing');
				seen.add(`${item.READY} ${item.STATUS}`);
				return Number(item.RESTARTS!.split(' ')[0]) >= 2 && seen.has('1/2 Init:Error');
			},
			30_000,
			100,
		);
		const status = (await pod('sidecar-crashing')).status!;
		const app = status.containerStatuses![0]!;
		expect(app.restartCount).toBe(0);
		expect(app.state?.running).toBeDefined();
		expect(status.conditions!.find(condition => condition.type === 'Initialized')?.status).toBe('True');
		const all = await events('sidecar-crashing');
		const backOff = all.find(([, reason]) => reason === 'BackOff');
		expect(backOff?.[2]).toBe('spec.initContainers{proxy}');
		expect(backOff?.[3]).toMatch(/^Back-off restarting failed container proxy in pod sidecar-crashing_default\(.+\)$/);
		const table = parseTable(await run('get', 'events', '--field-selector', 'involvedObject.name=sidecar-crashing'));
		expect(table.some(item => item.REASON === 'BackOff' && item.TYPE === 'Warning' && item.OBJECT === 'pod/sidecar-crashing')).toBe(true);
	});

	it('a main container whose startup probe fails: killed and restarted, 137 when its shell ignores TERM', async () => {
		const yaml = `
apiVersion: v1
kind: Pod
metadata: {name: startup-main}
spec:
  containers:
  - name: app
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
    command: [sh, -c, "while true; do sleep 1; done"]
    startupProbe:
      tcpSocket: {port: 9999}
      periodSeconds: 2
      failureThreshold: 3
`;
		const applied = await kubectl(sim, ['apply', '-f', '-'], {input: yaml});
		expect(applied.stdout).toBe('pod/startup-main created\n');
		// PID 1 ignores TERM: the kill waits out the 30 s grace period, then the KILL.
		await eventually(
			async () => {
				const app = (await pod('startup-main')).status?.containerStatuses?.[0];
				return app?.lastState?.terminated?.exitCode === 137 && app.lastState.terminated.reason === 'Error' && app.restartCount >= 1 && app;
			},
			30_000,
			100,
		);
		const item = await row('startup-main');
		expect(item.READY).toBe('0/1');
		const ip = await podIP('startup-main');
		const all = await events('startup-main');
		expect(all).toContainEqual([
			'Warning',
			'Unhealthy',
			'spec.containers{app}',
			`Startup probe failed: dial tcp ${ip}:9999: connect: connection refused`,
			expect.any(Number),
		]);
		expect(all).toContainEqual(['Normal', 'Killing', 'spec.containers{app}', 'Container app failed startup probe, will be restarted', expect.any(Number)]);
	});
});
