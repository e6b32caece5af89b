import {request as httpsRequest} from 'node:https';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../../helpers/sim.js';
import {SpdyTestClient} from '../../helpers/spdy-client.js';
import {credentials, execPath} from './client.js';

// Exec over SPDY/3.1 frame by frame, against a started sim over real HTTPS: what kubectl's
// releases do not show, the protocol versions they do not pick (the error stream's text
// before v4) and the refusals of the handshake, as the kubelet's remotecommand/httpstream.go
// and apimachinery's httpstream.Handshake have them.

let sim: TestSim;
const pod = 'web-with-logging';

type Upgraded = {client: SpdyTestClient; headers: Record<string, string | string[] | undefined>};
type Refused = {status: number; body: string; headers: Record<string, string | string[] | undefined>};

async function upgrade(path: string, headers: Record<string, string | string[]>, method = 'POST'): Promise<Upgraded | Refused> {
	const tls = await credentials(sim);
	return new Promise((resolve, reject) => {
		const request = httpsRequest({host: '127.0.0.1', port: sim.port, method, path, ...tls, headers: {Connection: 'Upgrade', ...headers}});
		request.on('upgrade', (response, socket, head) => {
			if (head.length > 0) socket.unshift(head);
			resolve({client: new SpdyTestClient(socket), headers: response.headers});
		});
		request.on('response', response => {
			let body = '';
			response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
			response.on('end', () => resolve({status: response.statusCode ?? 0, body, headers: response.headers}));
		});
		request.on('error', reject);
		request.end();
	});
}

async function spdy(path: string, protocols: string[]): Promise<Upgraded> {
	const result = await upgrade(path, {Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': protocols});
	if ('status' in result) throw new Error(`refused: ${result.status} ${result.body}`);
	return result;
}

/** Open the streams client-go opens (error first), run to the end, and read each back. */
async function exec(protocol: string, command: string[]) {
	const {client, headers} = await spdy(execPath(pod, 'web-app', command), [protocol]);
	const error = client.open({streamtype: 'error'});
	const stdout = client.open({streamtype: 'stdout'});
	const stderr = client.open({streamtype: 'stderr'});
	await client.until(() => client.ended);
	return {headers, error: client.text(error), stdout: client.text(stdout), stderr: client.text(stderr), frames: client.frames};
}

beforeAll(async () => {
	sim = await startTestSim({scenarios: [pod]});
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', pod)!)?.slot('web-app')?.running);
});

afterAll(async () => {
	await sim?.close();
});

describe('exec over SPDY/3.1', () => {
	test('v4: the 101 names the protocol; the exit code travels as a Status on the error stream; then GOAWAY', async () => {
		const result = await exec('v4.channel.k8s.io', ['sh', '-c', 'echo out; echo err >&2; exit 3']);
		expect(result.headers).toMatchObject({connection: 'Upgrade', upgrade: 'SPDY/3.1', 'x-stream-protocol-version': 'v4.channel.k8s.io'});
		expect(result.stdout).toBe('out\n');
		expect(result.stderr).toBe('err\n');
		expect(JSON.parse(result.error)).toEqual({
			metadata: {},
			status: 'Failure',
			message: 'command terminated with non-zero exit code: error executing command [sh -c echo out; echo err >&2; exit 3], exit code 3',
			reason: 'NonZeroExitCode',
			details: {causes: [{reason: 'ExitCode', message: '3'}]},
		});
		expect(result.frames.at(-1)).toEqual({type: 'goAway', lastGoodStreamId: 5, status: 0});
	});

	test('v4: success is a Status too', async () => {
		const result = await exec('v4.channel.k8s.io', ['true']);
		expect(JSON.parse(result.error)).toEqual({metadata: {}, status: 'Success'});
	});

	test('before v4 the error stream carries only a failure’s text', async () => {
		const failed = await exec('channel.k8s.io', ['sh', '-c', 'exit 2']);
		expect(failed.headers['x-stream-protocol-version']).toBe('channel.k8s.io');
		expect(failed.error).toBe('command terminated with non-zero exit code: error executing command [sh -c exit 2], exit code 2');
		const succeeded = await exec('v2.channel.k8s.io', ['true']);
		expect(succeeded.error).toBe('');
	});

	test('stdin: data then FIN reaches the process as input and its end', async () => {
		const {client} = await spdy(execPath(pod, 'web-app', ['sh', '-c', 'tr a-z A-Z'], {stdin: true}), ['v4.channel.k8s.io']);
		client.open({streamtype: 'error'});
		const stdin = client.open({streamtype: 'stdin'});
		const stdout = client.open({streamtype: 'stdout'});
		client.open({streamtype: 'stderr'});
		client.data(stdin, 'shout\n', true);
		await client.until(() => client.ended);
		expect(client.text(stdout)).toBe('SHOUT\n');
	});

	test('the client’s protocols first: the first it lists that the kubelet speaks', async () => {
		const result = await spdy(execPath(pod, 'web-app', ['true']), ['v5.channel.k8s.io', 'v3.channel.k8s.io,v4.channel.k8s.io']);
		expect(result.headers['x-stream-protocol-version']).toBe('v3.channel.k8s.io');
		result.client.close();
	});

	test('no protocol in common: 403 with the accepted ones, in the kubelet’s words', async () => {
		const result = await upgrade(execPath(pod, 'web-app', ['true']), {Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'v9.channel.k8s.io'});
		expect(result).toMatchObject({
			status: 403,
			body: 'unable to upgrade: unable to negotiate protocol: client supports [v9.channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]\n',
			headers: {'x-accepted-stream-protocol-versions': 'v4.channel.k8s.io, v3.channel.k8s.io, v2.channel.k8s.io, channel.k8s.io'},
		});
	});

	test('an upgrade to something else than SPDY/3.1 is refused by the SPDY upgrader', async () => {
		const result = await upgrade(execPath(pod, 'web-app', ['true']), {Upgrade: 'h2c', 'X-Stream-Protocol-Version': 'v4.channel.k8s.io'});
		expect(result).toMatchObject({status: 400});
		expect((result as Refused).body).toMatch(/^unable to upgrade: missing upgrade headers in request: http\.Header\{.*"Upgrade":\[\]string\{"h2c"\}.*\}\n$/);
	});
});

describe('port-forward over SPDY/3.1', () => {
	test('the kubelet answers portforward.k8s.io; a pair of streams reaches the pod’s port', async () => {
		await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', pod)!)?.slot('web-app')?.boundPorts.includes(80));
		const {client, headers} = await spdy(`/api/v1/namespaces/default/pods/${pod}/portforward`, ['portforward.k8s.io']);
		expect(headers['x-stream-protocol-version']).toBe('portforward.k8s.io');
		const error = client.open({streamtype: 'error', port: '80', requestid: '0'});
		const data = client.open({streamtype: 'data', port: '80', requestid: '0'});
		client.data(data, 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', true);
		await client.until(() => client.finished(data) && client.finished(error));
		expect(client.text(data)).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
		expect(client.text(error)).toBe('');
		client.close();
	});
});

describe('the port-forward tunnel', () => {
	test('a tunnelled protocol the kubelet does not speak: its refusal comes back as it wrote it', async () => {
		const result = await upgrade(
			'/api/v1/namespaces/default/pods/web-with-logging/portforward',
			{
				Upgrade: 'websocket',
				'Sec-WebSocket-Version': '13',
				'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
				'Sec-WebSocket-Protocol': 'SPDY/3.1+v9.portforward.k8s.io',
			},
			'GET',
		);
		expect(result).toMatchObject({
			status: 403,
			body: 'unable to upgrade: unable to negotiate protocol: client supports [v9.portforward.k8s.io], server accepts [portforward.k8s.io]\n',
		});
	});
});
