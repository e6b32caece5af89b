import {createServer, type Server} from 'node:net';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {namespacesAvailable} from '../../helpers/namespaces.js';
import {eventually, kubectl, startTestSim, type TestSim} from '../../helpers/sim.js';
import {isRefused, type RawSession, rawSocket} from './client.js';

// In a sandbox each pod has a network namespace of its own, as a real pod has: a real process
// a container runs and that listens there answers a port-forward, its containers reach each
// other on localhost, and nothing listening on the host's loopback is reachable as the pod's.

let sim: TestSim;
let host: Server;
let hostPort = 0;

const forward = async (pod: string, port: number): Promise<RawSession> => {
	const result = await rawSocket(sim, `/api/v1/namespaces/default/pods/${pod}/portforward?ports=${port}`, ['v4.channel.k8s.io']);
	if (isRefused(result)) throw new Error(`refused: ${result.status} ${result.body}`);
	return result;
};
const data = (session: RawSession) =>
	Buffer.concat(
		session.frames
			.filter(frame => frame.channel === 0)
			.slice(1)
			.map(frame => frame.data),
	).toString('utf8');
const errors = (session: RawSession) =>
	Buffer.concat(
		session.frames
			.filter(frame => frame.channel === 1)
			.slice(1)
			.map(frame => frame.data),
	).toString('utf8');

describe.runIf(namespacesAvailable())('a pod network namespace of its own', () => {
	beforeAll(async () => {
		host = createServer(socket => socket.end('the host answered\n'));
		await new Promise<void>(resolve => host.listen(0, '127.0.0.1', resolve));
		hostPort = (host.address() as {port: number}).port;
		sim = await startTestSim({scenarios: []});
		sim.cluster.createPod({
			metadata: {name: 'served'},
			spec: {
				containers: [
					{name: 'web', image: 'python:3.12', command: ['python3', '-m', 'http.server', '8080', '--bind', '127.0.0.1', '--directory', '/etc']},
					{name: 'shell', image: 'busybox:1.36', command: ['sleep', 'infinity']},
				],
			},
		});
		await eventually(async () => {
			const probe = await kubectl(sim, ['exec', 'served', '-c', 'shell', '--', 'cat', '/proc/net/tcp']);
			return probe.stdout.includes(':1F90 00000000:0000 0A');
		});
	});

	afterAll(async () => {
		await sim?.close();
		host?.close();
	});

	test('the sim gives its pods their own network', () => {
		expect(sim.sandbox.available && sim.sandbox.tools.ip).toBeTruthy();
	});

	test("a process a container runs answers a port-forward on the pod's port", async () => {
		const session = await forward('served', 8080);
		session.send(0, 'GET /hostname HTTP/1.0\r\n\r\n');
		await session.closed;
		expect(errors(session)).toBe('');
		expect(data(session)).toMatch(/^HTTP\/1\.0 200 OK\r\n[\s\S]*\r\n\r\nserved\n$/);
	});

	test('containers of the pod reach each other on localhost', async () => {
		const result = await kubectl(sim, ['exec', 'served', '-c', 'shell', '--', 'wget', '-qO-', 'http://127.0.0.1:8080/hostname']);
		expect(result.stdout).toBe('served\n');
	});

	test("the host's loopback is not the pod's: refused, as containerd says it", async () => {
		const session = await forward('served', hostPort);
		await session.closed;
		expect(data(session)).toBe('');
		expect(errors(session)).toContain(`failed to connect to localhost:${hostPort} inside namespace`);
		const fromInside = await kubectl(sim, ['exec', 'served', '-c', 'shell', '--', 'wget', '-qO-', `http://127.0.0.1:${hostPort}/`]);
		expect(fromInside.stdout).toBe('');
		expect(fromInside.code).not.toBe(0);
	});
});
