import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../../helpers/sim.js';
import {api, execPath, isRefused, type RawSession, rawSocket} from './client.js';

// The exec/attach wire protocol frame by frame: v5 as kube-apiserver's stream translator
// speaks it, v4 and older as the kubelet does, and the errors of each layer.

let sim: TestSim;

const open = async (path: string, protocols: string[], context?: string): Promise<RawSession> => {
	const result = await rawSocket(sim, path, protocols, context);
	if (isRefused(result)) throw new Error(`refused: ${result.status} ${result.body}`);
	return result;
};

const status = (session: RawSession) => JSON.parse(session.received(3)) as Record<string, unknown>;

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'app-with-log-adapter']});
	sim.cluster.createPod(
		{metadata: {name: 'finished'}, spec: {restartPolicy: 'Never', containers: [{name: 'job', image: 'busybox:1.36'}]}},
		{job: {exit: {after: 0.1, code: 0}}},
	);
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'web-with-logging')!)?.slot('web-app')?.running);
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'app-with-log-adapter')!)?.slot('application')?.running);
	await eventually(() => sim.cluster.pods.get('default', 'finished')?.status?.phase === 'Succeeded');
});

afterAll(async () => {
	await sim?.close();
});

describe('v5.channel.k8s.io (the apiserver translator)', () => {
	test('an empty frame first, output, the Status, then the close', async () => {
		const session = await open(execPath('web-with-logging', 'web-app', ['sh', '-c', 'printf hi; printf oops >&2']), ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
		expect(session.protocol).toBe('v5.channel.k8s.io');
		expect(await session.closed).toBe(1000);
		expect(session.frames[0]).toEqual({channel: 1, data: Buffer.alloc(0), text: false});
		expect(session.received(1)).toBe('hi');
		expect(session.received(2)).toBe('oops');
		expect(session.frames.at(-1)!.channel).toBe(3);
		expect(status(session)).toEqual({metadata: {}, status: 'Success'});
	});

	test('the close signal on channel 255 ends stdin', async () => {
		const session = await open(execPath('web-with-logging', 'web-app', ['cat'], {stdin: true}), ['v5.channel.k8s.io']);
		session.send(0, 'piped\n');
		session.send(255, Buffer.from([0]));
		await session.closed;
		expect(session.received(1)).toBe('piped\n');
		expect(status(session).status).toBe('Success');
	});

	test('a kubelet refusal comes after the upgrade, wrapped by the translator', async () => {
		const noStreams = await open(execPath('web-with-logging', 'web-app', ['true'], {stdout: false, stderr: false}), ['v5.channel.k8s.io']);
		await noStreams.closed;
		expect(noStreams.frames[0]!.channel).toBe(3);
		expect(status(noStreams).message).toBe('Internal error occurred: unable to upgrade connection: you must specify at least 1 of stdin, stdout, stderr');
	});

	test('no command: runc has nothing to run', async () => {
		const session = await open(execPath('web-with-logging', 'web-app', []), ['v5.channel.k8s.io']);
		await session.closed;
		expect(status(session).message).toMatch(/failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: args must not be empty: unknown$/);
	});

	test('attach to a simulated container streams what it writes from then on', async () => {
		const path = '/api/v1/namespaces/default/pods/app-with-log-adapter/attach?container=application&stdout=true&stderr=true';
		const session = await open(path, ['v5.channel.k8s.io']);
		await eventually(() => session.received(1).split('\n').length > 2, 5000);
		session.ws.close();
		expect(session.received(1)).toMatch(/^\S+ (INFO|WARN|ERROR) /m);
	});
});

describe('v4 and older (the kubelet)', () => {
	test('v4 reports the exit code in the kubelet wording', async () => {
		const session = await open(execPath('web-with-logging', 'web-app', ['sh', '-c', 'exit 2']), ['v4.channel.k8s.io']);
		await session.closed;
		expect(status(session)).toEqual({
			metadata: {},
			status: 'Failure',
			message: 'command terminated with non-zero exit code: error executing command [sh -c exit 2], exit code 2',
			reason: 'NonZeroExitCode',
			details: {causes: [{reason: 'ExitCode', message: '2'}]},
		});
	});

	test('v4.base64 carries channels as digits in text frames', async () => {
		const session = await open(execPath('web-with-logging', 'web-app', ['echo', 'b64']), ['v4.base64.channel.k8s.io']);
		await session.closed;
		expect(session.frames.every(frame => frame.text)).toBe(true);
		expect(session.received(1)).toBe('b64\n');
		expect(status(session).status).toBe('Success');
	});

	test('channel.k8s.io sends no Status on success and bare text on failure', async () => {
		const ok = await open(execPath('web-with-logging', 'web-app', ['true']), ['channel.k8s.io']);
		await ok.closed;
		expect(ok.frames.filter(frame => frame.channel === 3)).toEqual([]);
		const failed = await open(execPath('web-with-logging', 'web-app', ['sh', '-c', 'exit 5']), ['channel.k8s.io']);
		await failed.closed;
		expect(failed.received(3)).toBe('command terminated with non-zero exit code: error executing command [sh -c exit 5], exit code 5');
	});

	test('a kubelet refusal is its HTTP answer, passed through', async () => {
		const result = await rawSocket(sim, execPath('finished', 'job', ['true']), ['v4.channel.k8s.io']);
		expect(result).toEqual({status: 500, body: 'container not found ("job")'});
	});

	test('an unknown subprotocol gets a bare 403', async () => {
		const result = await rawSocket(sim, execPath('web-with-logging', 'web-app', ['true']), ['v9.channel.k8s.io']);
		expect(result).toEqual({status: 403, body: ''});
	});
});

describe('the API in front', () => {
	test('a request that does not upgrade', async () => {
		const answer = await api(sim, 'GET', execPath('web-with-logging', 'web-app', ['true']));
		expect(answer.status).toBe(400);
		expect(answer.body).toMatchObject({kind: 'Status', reason: 'BadRequest', message: 'Upgrade request required'});
	});

	test('an unknown pod and an unknown container', async () => {
		const missing = await rawSocket(sim, execPath('nope', 'web-app', ['true']), ['v5.channel.k8s.io']);
		expect(isRefused(missing) && missing.status).toBe(404);
		expect(isRefused(missing) && JSON.parse(missing.body).message).toBe('pods "nope" not found');
		const container = await rawSocket(sim, execPath('web-with-logging', 'nope', ['true']), ['v5.channel.k8s.io']);
		expect(isRefused(container) && JSON.parse(container.body).message).toBe('container nope is not valid for pod web-with-logging');
	});

	test('the viewer may not exec: a WebSocket GET needs get on pods/exec', async () => {
		const refused = await rawSocket(sim, execPath('web-with-logging', 'web-app', ['true']), ['v5.channel.k8s.io'], 'podscope-sim-viewer');
		expect(isRefused(refused) && refused.status).toBe(403);
		expect(isRefused(refused) && JSON.parse(refused.body).message).toBe(
			'pods "web-with-logging" is forbidden: User "viewer" cannot get resource "pods/exec" in API group "" in the namespace "default"',
		);
	});

	test('exec is in the request log as the upgrade it was', async () => {
		const session = await open(execPath('web-with-logging', 'web-app', ['true']), ['v5.channel.k8s.io']);
		await session.closed;
		const record = sim.server.requests.findLast(entry => entry.path.includes('/exec?'));
		expect(record).toMatchObject({verb: 'get', method: 'GET', user: 'admin', code: 101});
	});
});
