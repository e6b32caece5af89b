import {type ChildProcess, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {connect} from 'node:net';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {kubectlRelease, releaseEnv} from './kubectl-versions.js';

// kubectl port-forward of three releases against the sim, each over the transport it speaks:
// 1.27 and 1.30 SPDY/3.1 (POST, `Upgrade: SPDY/3.1`), 1.33 SPDY inside the apiserver's
// WebSocket tunnel (GET, subprotocol SPDY/3.1+portforward.k8s.io). The bytes through the
// forwarded port are the pod listener's; a port nothing listens on ends kubectl with its error.
// Each test checks the upgrade kubectl made, so a fallback to another transport fails it.

let sim: TestSim;

const releases = [
	{minor: 27, transport: 'SPDY/3.1', method: 'POST'},
	{minor: 30, transport: 'SPDY/3.1', method: 'POST'},
	{minor: 33, transport: 'the WebSocket tunnel', method: 'GET'},
] as const;

beforeAll(async () => {
	sim = await startTestSim({scenarios: []});
	sim.cluster.createPod(
		{metadata: {name: 'fwd'}, spec: {containers: [{name: 'web', image: 'nginx:1.25', ports: [{containerPort: 80}]}]}},
		{web: {listen: [80, 7000], serves: {80: {http: {'/': {status: 200, body: 'hello from {pod}\n', contentType: 'text/plain'}}}, 7000: {echo: true}}}},
	);
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'fwd')!)?.slot('web')?.boundPorts.includes(7000));
});

afterAll(async () => {
	await sim?.close();
});

/** kubectl port-forward running in the background, its local ports read from "Forwarding from 127.0.0.1:N -> P". */
function portForward(binary: string, ports: string[]) {
	const child: ChildProcess = spawn(binary, ['--kubeconfig', sim.kubeconfigPath, 'port-forward', 'pod/fwd', ...ports], {
		env: {...process.env, ...releaseEnv(sim)},
	});
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', chunk => (stdout += String(chunk)));
	child.stderr!.on('data', chunk => (stderr += String(chunk)));
	const exited = new Promise<number>(resolve => child.on('close', code => resolve(code ?? 1)));
	return {
		output: () => ({stdout, stderr}),
		exited,
		local: (remote: number) => eventually(() => Number(new RegExp(`Forwarding from 127\\.0\\.0\\.1:(\\d+) -> ${remote}\\n`).exec(stdout)?.[1]) || undefined),
		stop: () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			return exited;
		},
	};
}

/** Write `data` to a local port, half-close, and read until the other side closes. */
function exchange(port: number, data: Buffer | string): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const socket = connect(port, '127.0.0.1');
		const chunks: Buffer[] = [];
		socket.on('data', chunk => chunks.push(chunk));
		socket.on('end', () => resolve(Buffer.concat(chunks)));
		socket.on('error', reject);
		socket.end(data);
	});
}

const upgrades = (before: number) =>
	sim.server.requests
		.slice(before)
		.filter(record => record.path.includes('/portforward'))
		.map(({method, code}) => ({method, code}));

describe.each(releases)('kubectl 1.$minor port-forward over $transport', ({minor, method}) => {
	const binary = kubectlRelease(minor);

	test.skipIf(!binary)('the bytes through the forwarded ports are what the pod’s listeners serve', async () => {
		const before = sim.server.requests.length;
		const forward = portForward(binary!, [':80', ':7000']);
		try {
			const http = await exchange(await forward.local(80), 'GET / HTTP/1.1\r\nHost: fwd\r\nConnection: close\r\n\r\n');
			const text = http.toString('utf8');
			expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
			expect(text.slice(text.indexOf('\r\n\r\n') + 4)).toBe('hello from fwd\n');
			// The echo port: a megabyte of random bytes comes back unchanged, across many SPDY frames.
			const payload = randomBytes(1024 * 1024);
			const echoed = await exchange(await forward.local(7000), payload);
			expect(echoed.equals(payload)).toBe(true);
			// One upgrade for the whole session, on the transport of this release.
			expect(upgrades(before)).toEqual([{method, code: 101}]);
			expect(forward.output().stdout).toContain('Handling connection for');
		} finally {
			await forward.stop();
		}
	});

	test.skipIf(!binary)('a port nothing listens on: the kubelet’s error, and kubectl gives up', async () => {
		const before = sim.server.requests.length;
		const forward = portForward(binary!, [':81']);
		try {
			const local = await forward.local(81);
			// kubectl accepts the connection, then closes it when the forward fails.
			expect((await exchange(local, 'GET / HTTP/1.1\r\n\r\n')).length).toBe(0);
			expect(await forward.exited).toBe(1);
			const {stderr} = forward.output();
			expect(stderr).toMatch(
				new RegExp(
					`an error occurred forwarding ${local} -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\\\?"/var/run/netns/cni-[0-9a-f-]{36}\\\\?": failed to connect to localhost:81 inside namespace \\\\?"[0-9a-f]{64}\\\\?", IPv4: dial tcp4 127\\.0\\.0\\.1:81: connect: connection refused IPv6 dial tcp6 \\[::1\\]:81: connect: connection refused `,
				),
			);
			expect(stderr).toMatch(/error: lost connection to pod\n$/);
			expect(upgrades(before)).toEqual([{method, code: 101}]);
		} finally {
			await forward.stop();
		}
	});
});
