import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../../helpers/sim.js';
import {api, isRefused, type RawSession, rawSocket} from './client.js';

// pods/portforward over WebSocket as the kubelet speaks it to client-node, the Python client and
// kubectl before the tunnel (v4.channel.k8s.io): frame by frame, against a started sim over real
// HTTPS, and the errors of each layer (apiserver, kubelet, containerd).

let sim: TestSim;

const path = (pod: string, ports: string) => `/api/v1/namespaces/default/pods/${pod}/portforward?ports=${ports}`;

const open = async (target: string, protocols: string[], context?: string): Promise<RawSession> => {
	const result = await rawSocket(sim, target, protocols, context);
	if (isRefused(result)) throw new Error(`refused: ${result.status} ${result.body}`);
	return result;
};

const portBytes = (port: number) => Buffer.from([port & 0xff, port >> 8]);
/** What came on a channel after its port. */
const channel = (session: RawSession, number: number) =>
	Buffer.concat(
		session.frames
			.filter(frame => frame.channel === number)
			.slice(1)
			.map(frame => frame.data),
	).toString('utf8');
const bound = (pod: string, container: string, port: number) =>
	sim.cluster.worker(sim.cluster.pods.get('default', pod)!)?.slot(container)?.boundPorts.includes(port);

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'native-sidecar', 'unschedulable', 'missing-configmap-volume'], speed: 20});
	sim.cluster.createPod(
		{metadata: {name: 'finished'}, spec: {restartPolicy: 'Never', containers: [{name: 'job', image: 'busybox:1.36'}]}},
		{job: {exit: {after: 0.1, code: 0}}},
	);
	await eventually(() => bound('web-with-logging', 'web-app', 80) && bound('native-sidecar', 'app', 8080));
	await eventually(() => sim.cluster.pods.get('default', 'finished')?.status?.phase === 'Succeeded');
});

afterAll(async () => {
	await sim?.close();
});

describe('v4.channel.k8s.io', () => {
	test('each channel starts with its port, then the bytes of the container listening there', async () => {
		const session = await open(path('web-with-logging', '80'), ['v4.channel.k8s.io']);
		expect(session.protocol).toBe('v4.channel.k8s.io');
		session.send(0, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
		expect(await session.closed).toBe(1000);
		expect(session.frames[0]).toEqual({channel: 0, data: portBytes(80), text: false});
		expect(session.frames[1]).toEqual({channel: 1, data: portBytes(80), text: false});
		expect(channel(session, 0)).toMatch(
			/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.25\.5\r\nContent-Type: text\/plain\r\nContent-Length: 2\r\n[\s\S]*\r\n\r\nok$/,
		);
		expect(channel(session, 1)).toBe('');
	});

	test('a port nothing listens on: containerd refused, on the error channel', async () => {
		const session = await open(path('web-with-logging', '81'), ['v4.channel.k8s.io']);
		expect(await session.closed).toBe(1000);
		expect(channel(session, 1)).toMatch(
			/^error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace "\/var\/run\/netns\/cni-[0-9a-f-]{36}": failed to connect to localhost:81 inside namespace "[0-9a-f]{64}", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp6 \[::1\]:81: connect: connection refused $/,
		);
	});

	test("two ports: four channels, each port's bytes on its own; envoy's admin says LIVE once started", async () => {
		const session = await open(path('native-sidecar', '9901,15001'), ['v4.channel.k8s.io']);
		session.send(0, 'GET /ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
		session.send(2, 'GET /api/cart HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
		await session.closed;
		expect(session.frames.slice(0, 4).map(frame => [frame.channel, [...frame.data]])).toEqual([
			[0, [0xad, 0x26]],
			[1, [0xad, 0x26]],
			[2, [0x99, 0x3a]],
			[3, [0x99, 0x3a]],
		]);
		expect(channel(session, 0)).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: envoy\r\n[\s\S]*\r\n\r\nLIVE\n$/);
		expect(channel(session, 2)).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: myapp\r\n[\s\S]*\r\n\r\nok\n$/);
	});

	test('v4.base64.channel.k8s.io: text frames, the channel as a digit, the data in base64', async () => {
		const session = await open(path('web-with-logging', '80'), ['v4.base64.channel.k8s.io']);
		session.ws.send(`0${Buffer.from('HEAD / HTTP/1.0\r\n\r\n').toString('base64')}`);
		await session.closed;
		expect(session.frames.every(frame => frame.text)).toBe(true);
		expect(session.frames[0]).toEqual({channel: 0, data: portBytes(80), text: true});
		expect(channel(session, 0)).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.25\.5\r\nContent-Type: text\/html\r\nContent-Length: 615\r\n/);
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

	test("an unscheduled pod has no host: the apiserver's 400", async () => {
		const result = await rawSocket(sim, path('unschedulable', '80'), ['v4.channel.k8s.io']);
		expect(result).toMatchObject({status: 400});
		expect(JSON.parse((result as {body: string}).body)).toMatchObject({reason: 'BadRequest', message: 'pod unschedulable does not have a host assigned'});
	});

	test("no sandbox yet (its volume cannot mount), or none any more (it finished): the kubelet's pod not found", async () => {
		expect(await rawSocket(sim, path('missing-configmap-volume', '80'), ['v4.channel.k8s.io'])).toEqual({
			status: 500,
			body: 'pod not found ("missing-configmap-volume_default")',
		});
		expect(await rawSocket(sim, path('finished', '80'), ['v4.channel.k8s.io'])).toEqual({status: 500, body: 'pod not found ("finished_default")'});
	});

	test('a subprotocol the kubelet does not speak: a bare 403', async () => {
		expect(await rawSocket(sim, path('web-with-logging', '80'), ['v5.channel.k8s.io'])).toEqual({status: 403, body: ''});
	});

	test('a plain GET needs an upgrade (SPDY and the tunnel: test/sim/exec/spdy.test.ts)', async () => {
		const plain = await api(sim, 'GET', path('web-with-logging', '80'));
		expect(plain.status).toBe(400);
	});
});
