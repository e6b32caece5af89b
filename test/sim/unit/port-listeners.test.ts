import {request} from 'node:http';
import type {Duplex} from 'node:stream';
import {describe, expect, test} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {parseBehaviour} from '../../../source/sim/behaviour.js';
import {answerOn} from '../../../source/sim/exec/port-listeners.js';
import {ContainerSlot} from '../../../source/sim/kubelet/container-slot.js';
import {loadScenarioDocuments} from '../../../source/sim/scenario.js';

// What a simulated container's bound port answers: the scenario's declared bytes through a real
// HTTP exchange (Node's client on one end of the in-memory connection, its server on the other),
// a banner, an echo, a connection closed at once, and by default a small 200 naming the container.

const pod = {metadata: {name: 'demo', namespace: 'default'}, spec: {containers: []}} as unknown as Pod;
const context = {pod, podIP: '10.42.0.9', now: () => Date.parse('2026-12-05T10:00:00Z')};

function slotOf(scenario: string, container: string): ContainerSlot {
	const found = loadScenarioDocuments(scenario).pods.flatMap(entry => {
		const spec = [...(entry.pod.spec.initContainers ?? []), ...entry.pod.spec.containers].find(each => each.name === container);
		return spec ? [new ContainerSlot(spec, 'main', entry.behaviours[container]!, 'ContainerCreating')] : [];
	})[0];
	if (!found) throw new Error(`no ${container} in ${scenario}`);
	return found;
}

const started = (slot: ContainerSlot) => {
	slot.started = true;
	return slot;
};

type Reply = {status: number; headers: Record<string, string | string[] | undefined>; body: string};

/** One HTTP/1.1 request over a connection from answerOn. */
function get(connection: Duplex, path: string, method = 'GET'): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const outgoing = request({createConnection: () => connection as never, path, method, headers: {Host: 'localhost:8080'}}, incoming => {
			let body = '';
			incoming.setEncoding('latin1');
			incoming.on('data', (chunk: string) => (body += chunk));
			incoming.on('end', () => resolve({status: incoming.statusCode ?? 0, headers: incoming.headers, body}));
		});
		outgoing.on('error', reject);
		outgoing.end();
	});
}

const read = (connection: Duplex, bytes: number): Promise<string> =>
	new Promise(resolve => {
		let text = '';
		connection.on('data', (data: Buffer) => {
			text += data.toString('utf8');
			if (text.length >= bytes) resolve(text);
		});
		connection.on('end', () => resolve(text));
	});

describe('scenario listeners', () => {
	test("envoy's admin /ready: 503 PRE_INITIALIZING until the startup probe passes, then LIVE", async () => {
		const envoy = slotOf('native-sidecar', 'envoy');
		const before = await get(answerOn(envoy, 9901, context), '/ready');
		expect(before).toMatchObject({status: 503, body: 'PRE_INITIALIZING\n'});
		const after = await get(answerOn(started(envoy), 9901, context), '/ready');
		expect(after).toMatchObject({status: 200, body: 'LIVE\n'});
		expect(after.headers.server).toBe('envoy');
		expect(after.headers['content-type']).toBe('text/plain; charset=utf-8');
		expect((await get(answerOn(envoy, 9901, context), '/nope')).status).toBe(404);
		expect(await get(answerOn(envoy, 15001, context), '/api/cart')).toMatchObject({status: 200, body: 'ok\n'});
	});

	test('nginx: the welcome page and the 404 its access log counts (615 and 153 bytes); HEAD has no body', async () => {
		const nginx = started(slotOf('web-with-logging', 'web-app'));
		const welcome = await get(answerOn(nginx, 80, context), '/');
		expect(welcome.status).toBe(200);
		expect(welcome.headers['content-length']).toBe('615');
		expect(welcome.body).toContain('<h1>Welcome to nginx!</h1>');
		const missing = await get(answerOn(nginx, 80, context), '/missing');
		expect(missing).toMatchObject({status: 404});
		expect(Buffer.byteLength(missing.body)).toBe(153);
		expect(missing.body).toContain('<hr><center>nginx/1.25.5</center>\r\n');
		expect(await get(answerOn(nginx, 80, context), '/healthz')).toMatchObject({status: 200, body: 'ok'});
		const head = await get(answerOn(nginx, 80, context), '/', 'HEAD');
		expect(head).toMatchObject({status: 200, body: ''});
	});

	test("haproxy: its health frontend's ok, and the database port closes the connection", async () => {
		const haproxy = started(slotOf('app-with-db-ambassador', 'db-ambassador'));
		expect(await get(answerOn(haproxy, 8404, context), '/healthz')).toMatchObject({status: 200, body: 'ok'});
		expect((await get(answerOn(haproxy, 8404, context), '/stats')).status).toBe(503);
		expect(await read(answerOn(haproxy, 5432, context), 1)).toBe('');
	});

	test("the nginx exporter's /metrics: nginx_up 0, its scrape of stub_status failing", async () => {
		const exporter = started(slotOf('web-app-complete', 'nginx-exporter'));
		const metrics = await get(answerOn(exporter, 9113, context), '/metrics');
		expect(metrics.status).toBe(200);
		expect(metrics.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
		expect(metrics.body).toContain('\nnginx_up 0\n');
	});
});

describe('declared answers', () => {
	const slot = (raw: unknown) => started(new ContainerSlot({name: 'app', image: 'app:1'}, 'main', parseBehaviour(raw), 'ContainerCreating'));

	test('a bound port that declares nothing answers a small HTTP 200 naming the container', async () => {
		expect(await get(answerOn(slot({listen: [8080]}), 8080, context), '/anything')).toMatchObject({
			status: 200,
			body: 'app in pod demo answers on port 8080\n',
		});
	});

	test('a banner, with placeholders, then whatever the client sends is dropped', async () => {
		const connection = answerOn(slot({listen: [5432], serves: {5432: {banner: 'ready {pod} {ip}\n'}}}), 5432, context);
		connection.write('hello');
		expect(await read(connection, 'ready demo 10.42.0.9\n'.length)).toBe('ready demo 10.42.0.9\n');
	});

	test('echo sends back what it gets, and ends when the client does', async () => {
		const connection = answerOn(slot({listen: [7], serves: {7: 'echo'}}), 7, context);
		connection.end('ping');
		expect(await read(connection, 99)).toBe('ping');
	});

	test('connections die with the container instance', async () => {
		const running = slot({listen: [7], serves: {7: 'echo'}});
		const connection = answerOn(running, 7, context);
		const closed = new Promise(resolve => connection.once('close', resolve));
		running.notifyStopped();
		await closed;
		expect(connection.destroyed).toBe(true);
	});
});
