import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../../helpers/sim.js';
import {api, isRefused, type RawSession, rawSocket} from './client.js';

// pods/portforward over WebSocket as kubectl's predecessors, client-node and the Python client
// speak it (v4.channel.k8s.io): frame by frame, against a started sim over real HTTPS.

let sim: TestSim;

const path = (pod: string, ports: string) => `/api/v1/namespaces/default/pods/${pod}/portforward?ports=${ports}`;

const open = async (target: string, protocols: string[], context?: string): Promise<RawSession> => {
	const result = await rawSocket(sim, target, protocols, context);
	if (isRefused(result)) throw new Error(`refused: ${result.status} ${result.body}`);
	return result;
};

const portBytes = (port: number) => Buffer.from([port & 0xff, port >> 8]);

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'web-with-logging')!)?.slot('web-app')?.boundPorts.includes(80));
});

afterAll(async () => {
	await sim?.close();
});

describe('v4.channel.k8s.io', () => {
	test('each channel starts with its port, then the bytes of the container listening there', async () => {
		const session = await open(path('web-with-logging', '80'), ['v4.channel.k8s.io']);
		expect(session.protocol).toBe('v4.channel.k8s.io');
		session.send(0, 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
		expect(await session.closed).toBe(1000);
		expect(session.frames[0]).toEqual({channel: 0, data: portBytes(80), text: false});
		expect(session.frames[1]).toEqual({channel: 1, data: portBytes(80), text: false});
		const response = Buffer.concat(
			session.frames
				.filter(frame => frame.channel === 0)
				.slice(1)
				.map(frame => frame.data),
		).toString('utf8');
		expect(response).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
		expect(response).toContain('\r\n\r\nweb-app in pod web-with-logging answers on port 80\n');
		expect(session.frames.filter(frame => frame.channel === 1)).toHaveLength(1);
	});

	test('a port nothing listens on: containerd refused, on the error channel', async () => {
		const session = await open(path('web-with-logging', '81'), ['v4.channel.k8s.io']);
		expect(await session.closed).toBe(1000);
		const error = Buffer.concat(
			session.frames
				.filter(frame => frame.channel === 1)
				.slice(1)
				.map(frame => frame.data),
		).toString('utf8');
		expect(error).toMatch(
			/^error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace "\/var\/run\/netns\/cni-[0-9a-f-]{36}": failed to connect to localhost:81 inside namespace "[0-9a-f]{64}", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp6 \[::1\]:81: connect: connection refused $/,
		);
	});
});

describe('refusals', () => {
	test('the viewer may not get pods/portforward', async () => {
		const result = await rawSocket(sim, path('web-with-logging', '80'), ['v4.channel.k8s.io'], 'podscope-sim-viewer');
		expect(result).toMatchObject({status: 403});
		expect(JSON.parse((result as {body: string}).body).message).toBe(
			'pods "web-with-logging" is forbidden: User "viewer" cannot get resource "pods/portforward" in API group "" in the namespace "default"',
		);
	});

	test('a port that is not a number is the apiserver 400', async () => {
		const result = await rawSocket(sim, path('web-with-logging', 'http'), ['v4.channel.k8s.io']);
		expect(result).toMatchObject({status: 400});
		expect(JSON.parse((result as {body: string}).body).message).toBe('cannot convert to []int32: strconv.ParseUint: parsing "http": invalid syntax');
	});

	test('no ports, port 0: the kubelet 400s', async () => {
		expect(await rawSocket(sim, '/api/v1/namespaces/default/pods/web-with-logging/portforward', ['v4.channel.k8s.io'])).toEqual({
			status: 400,
			body: 'query parameter "ports" is required',
		});
		expect(await rawSocket(sim, path('web-with-logging', '80,0'), ['v4.channel.k8s.io'])).toEqual({status: 400, body: 'port "80,0" must be > 0'});
	});

	test('a plain GET needs an upgrade', async () => {
		const result = await api(sim, 'GET', path('web-with-logging', '80'));
		expect(result.status).toBe(400);
	});
});
