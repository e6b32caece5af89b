import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fixedNano} from '../../source/sim/kubelet/log-store.js';
import {eventually, run, startTestSim, type TestSim} from '../helpers/sim.js';

// Debian's python3-kubernetes (22.6.0, /usr/bin/python3) against the sim: a client nobody
// here wrote, with its own habits: watch=True in the query, a watch that resumes from the
// last resourceVersion it saw, a 410 in an ERROR event raised as ApiException, logs with
// timestamps and follow, exec over v4.channel.k8s.io with the exit code read from the error
// channel, and events.k8s.io/v1 decoded by its generated models. Each script in python/
// prints one JSON document. On CI (CI=true) a missing module is a failure: .ci/run installs
// it; elsewhere the suite is skipped and says why.

const python = '/usr/bin/python3';
const scripts = path.join(path.dirname(fileURLToPath(import.meta.url)), 'python');

function clientVersion(): string | undefined {
	try {
		return execFileSync(python, ['-c', 'import kubernetes; print(kubernetes.__version__)'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
	} catch {
		return undefined;
	}
}

const version = clientVersion();

let sim: TestSim;

async function script<T>(name: string, args: string[], timeout = 60_000): Promise<T> {
	const result = await run(python, [path.join(scripts, name), ...args], {env: {KUBECONFIG: sim.kubeconfigPath, PYTHONDONTWRITEBYTECODE: '1'}, timeout});
	if (result.code !== 0) throw new Error(`${name} exited ${result.code}:\n${result.stderr}`);
	return JSON.parse(result.stdout) as T;
}

function suite(): void {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['web-with-logging'], speed: 20});
		await eventually(() => sim.cluster.pods.get('default', 'web-with-logging')?.status?.phase === 'Running');
	});
	afterAll(() => sim?.close());

	it('lists pods, watches from the list with watch=True, and resumes from the last version seen', async () => {
		type Result = {listed: string[]; listResourceVersion: string; first: string[][]; resumeFrom: string; second: string[][]};
		const result = await script<Result>('list-watch.py', ['default', 'py-watch']);
		expect(result.listed).toEqual(['web-with-logging']);
		// A plain list instead of a watch (watch=True not taken for true) yields nothing.
		expect(result.first).toEqual([['ADDED', 'py-watch']]);
		expect(Number(result.resumeFrom)).toBeGreaterThan(Number(result.listResourceVersion));
		const versions = result.second.map(([, , resourceVersion]) => Number(resourceVersion));
		expect(versions.every(resourceVersion => resourceVersion > Number(result.resumeFrom))).toBe(true);
		expect(versions).toEqual([...versions].sort((a, b) => a - b));
		expect(result.second.map(([type, name]) => [type, name])).toEqual([
			...result.second.slice(0, -1).map(() => ['MODIFIED', 'py-watch']),
			['DELETED', 'py-watch'],
		]);
		expect(result.second.length).toBeGreaterThan(1);
	});

	it('raises the 410 of a compacted resourceVersion, and watches again after a relist', async () => {
		const old = String(sim.cluster.pods.revision);
		// One change after `old`, then etcd's compaction of everything: `old` is gone.
		const pod = sim.cluster.pods.get('default', 'web-with-logging')!;
		sim.cluster.pods.update({...pod, metadata: {...pod.metadata, annotations: {...pod.metadata.annotations, compacted: 'yes'}}});
		sim.cluster.pods.compact();
		const result = await script<{status: number; reason: string; events?: string[]; after: string[]}>('gone.py', ['default', old]);
		expect(result.events).toBeUndefined();
		expect(result.status).toBe(410);
		expect(result.reason).toMatch(new RegExp(`^Expired: too old resource version: ${old} \\(\\d+\\)$`));
		expect(result.after).toEqual([]);
	});

	it('reads logs with nine-digit timestamps, a tail, and follows', async () => {
		const recorded = sim.cluster.worker(sim.cluster.pods.get('default', 'web-with-logging')!)!.slot('web-app')!.logInstance(false)!;
		await eventually(() => recorded.read(0).length >= 3);
		const result = await script<{stamped: string[]; tail: string[]; followed: string[]}>('logs.py', ['default', 'web-with-logging', 'web-app', '3']);
		const lines = recorded.read(0);
		expect(result.stamped.length).toBeGreaterThanOrEqual(3);
		for (const [index, line] of result.stamped.slice(0, 3).entries()) {
			expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
			expect(line).toBe(`${fixedNano(lines[index]!.stamp)} ${lines[index]!.text}`);
		}
		expect(result.tail).toHaveLength(2);
		expect(result.followed).toEqual(lines.slice(0, 3).map(line => line.text));
	});

	it('execs with kubernetes.stream: stdout, stderr and the exit code from the error channel', async () => {
		type Run = {stdout: string; stderr: string; code: number};
		const result = await script<{ok: Run; failed: Run; joined: string}>('exec-stream.py', ['default', 'web-with-logging', 'web-app']);
		expect(result.ok).toEqual({stdout: 'out\n', stderr: 'err\n', code: 0});
		expect(result.failed).toEqual({stdout: 'partial\n', stderr: 'oops\n', code: 3});
		expect(result.joined).toBe('joined\n');
	});

	it('reads events from core/v1 and events.k8s.io/v1 alike, and trips on eventTime null as on a real cluster', async () => {
		await eventually(() => sim.cluster.events.list().some(event => event.reason === 'Started'));
		type Event = {name: string; reason: string; message: string; object: string; controller: string | null; count: number | null; eventTime: boolean};
		const result = await script<{core: Event[]; v1: Event[]; v1Kind: string[]; scheduled: string[]; refused: string | null}>('events.py', [
			'default',
			'web-with-logging',
		]);
		expect(result.v1Kind).toEqual(['EventList', 'events.k8s.io/v1']);
		expect(result.core.map(event => event.reason)).toEqual(expect.arrayContaining(['Scheduled', 'Started']));
		expect(result.v1).toEqual(result.core);
		expect(result.scheduled).toContain('web-with-logging');
		// kubernetes-client/python#1616: the kubelet's core events have no eventTime.
		expect(result.refused).toBe('Invalid value for `event_time`, must not be `None`');
	});
}

if (version) describe(`the Python client ${version}`, suite);
else if (process.env.CI === 'true') {
	describe('the Python client', () => {
		it('is installed (python3-kubernetes for /usr/bin/python3)', () => {
			throw new Error(`${python} cannot import kubernetes: .ci/run installs python3-kubernetes; Python client conformance must run on CI`);
		});
	});
} else describe.skip(`the Python client (skipped: ${python} cannot import kubernetes; apt-get install python3-kubernetes)`, suite);
