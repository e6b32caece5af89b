import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createScenarios, loadScenarioDocuments} from '../../source/sim/scenario.js';
import {type Forward, exchange, forwardedPort, httpGet, occupy, startForward} from '../helpers/port-forward.js';
import {eventually, kubectl, run, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, requireBuild} from '../helpers/tmux.js';

// `podscope port-forward` as a script sees it: the real binary against the sim, bytes fetched
// through the local port, kubectl's lines on stdout and stderr, its exit codes.

const podYaml = `apiVersion: v1
kind: Pod
metadata: {name: echo-server}
spec:
  containers:
  - name: app
    image: busybox:1.36
    ports:
    - {name: echo, containerPort: 7000}
    - {name: web, containerPort: 8080}
    x-sim:
      listen: [7000, 8080]
      serves:
        7000: echo
        8080: {http: {/hello: "hello from {pod}\\n"}}
`;

let sim: TestSim;
const forwards: Forward[] = [];

beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['web-with-logging', 'unschedulable', 'web-deployment']});
	const dir = mkdtempSync(path.join(tmpdir(), 'podscope-pf-'));
	writeFileSync(path.join(dir, 'echo.yaml'), podYaml);
	createScenarios(sim.cluster, [loadScenarioDocuments(path.join(dir, 'echo.yaml'))]);
	await eventually(() => sim.cluster.pods.get('default', 'echo-server')?.status?.containerStatuses?.every(status => status.ready), 25_000);
	await eventually(() => sim.cluster.pods.get('default', 'web-with-logging')?.status?.phase === 'Running', 25_000);
});

afterEach(() => {
	for (const forward of forwards.splice(0)) if (forward.child.exitCode === null) forward.child.kill('SIGKILL');
});

afterAll(async () => {
	await sim?.close();
});

const forward = (...args: string[]) => {
	const started = startForward(process.execPath, [podscopeBin, 'port-forward', '--kubeconfig', sim.kubeconfigPath, ...args]);
	forwards.push(started);
	return started;
};
const podscope = (...args: string[]) => run(process.execPath, [podscopeBin, 'port-forward', '--kubeconfig', sim.kubeconfigPath, ...args]);

describe('podscope port-forward', () => {
	it('carries bytes both ways through a random local port, with kubectl lines, and stops on Ctrl-C', async () => {
		const running = forward('echo-server', ':7000', ':web');
		const echo = await forwardedPort(running, 7000);
		const web = await forwardedPort(running, 8080);
		expect(running.stdout()).toContain(`Forwarding from [::1]:${echo} -> 7000\n`);
		const payload = Buffer.from(Array.from({length: 100_000}, (_, index) => index % 251));
		expect((await exchange(echo, payload, {length: payload.length})).equals(payload)).toBe(true);
		const response = await httpGet(web, '/hello');
		expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
		expect(response.endsWith('\r\n\r\nhello from echo-server\n')).toBe(true);
		await eventually(() => running.stdout().includes(`Handling connection for ${web}\n`));
		expect(running.stdout()).toContain(`Handling connection for ${echo}\n`);
		running.child.kill('SIGINT');
		expect(await running.exited).toBe(0);
		expect(running.stderr()).toBe('');
	});

	it('forwards over ::1 too, and to a named port as LOCAL:NAME', async () => {
		const running = forward('echo-server', '0:web');
		const port = await forwardedPort(running, 8080);
		expect(await httpGet(port, '/hello', '::1')).toContain('hello from echo-server');
	});

	it('forwards to the pod kubectl picks for TYPE/NAME', async () => {
		const running = forward('deploy/web', ':80');
		const port = await forwardedPort(running, 80);
		expect(await httpGet(port)).toMatch(/in pod web-[a-z0-9]+-[a-z0-9]{5} answers on port 80/);
	});

	it("ends with kubectl's lines when nothing listens on the pod's port", async () => {
		const running = forward('web-with-logging', ':81');
		const port = await forwardedPort(running, 81);
		await exchange(port, 'hello');
		expect(await running.exited).toBe(1);
		const lines = running.stderr().split('\n');
		expect(lines[0]).toMatch(
			new RegExp(
				`^E\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{6} +\\d+ portforward\\.go:424\\] "Unhandled Error" err="an error occurred forwarding ${port} -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : .*connect: connection refused.*"$`,
			),
		);
		expect(lines.slice(1)).toEqual(['error: lost connection to pod', '']);
	});

	it('reports a local port in use as kubectl does, exit 1', async () => {
		const held = await occupy();
		try {
			const result = await podscope('echo-server', `${held.port}:7000`);
			expect(result.code).toBe(1);
			expect(result.stdout).toBe('');
			expect(result.stderr).toBe(
				`Unable to listen on port ${held.port}: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:${held.port}: bind: address already in use unable to create listener: Error listen tcp6 [::1]:${held.port}: bind: address already in use]\n` +
					`error: unable to listen on any of the requested ports: [{${held.port} 7000}]\n`,
			);
		} finally {
			await held.close();
		}
	});

	it('refuses in read-only mode before reading the kubeconfig', async () => {
		const result = await run(process.execPath, [podscopeBin, 'port-forward', '--kubeconfig', '/nonexistent/kubeconfig', '--read-only', 'echo-server', '7000']);
		expect(result).toEqual({code: 1, stdout: '', stderr: 'error: read-only mode: port-forward is disabled (--read-only)\n'});
	});

	it('fails as kubectl fails before forwarding: no pod, a pod not running, bad ports, bad flags', async () => {
		for (const args of [
			['nope', '80'],
			['deploy/nope', '80'],
			['unschedulable', '80'],
			['echo-server'],
			['echo-server', '8080:'],
			['echo-server', 'nope'],
			['echo-server', '70000'],
			['echo-server', '7000:0'],
			['echo-server', '7000', '--address', 'nowhere'],
			['echo-server', '7000', '--pod-running-timeout', '0s'],
		]) {
			const ours = await podscope(...args);
			const theirs = await kubectl(sim, ['port-forward', ...args]);
			expect({args, code: ours.code}).toEqual({args, code: 1});
			expect({args, code: ours.code, stdout: ours.stdout, stderr: ours.stderr}).toEqual({
				args,
				code: theirs.code,
				stdout: theirs.stdout,
				stderr: theirs.stderr.replace("'kubectl port-forward -h'", "'podscope port-forward -h'"),
			});
		}
	});
});
