import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import type {Container, Pod} from '../../../source/model/k8s.js';
import {eventually, startTestSim, type TestSim} from '../../helpers/sim.js';
import {api, execPath, isRefused, type RawSession, rawSocket} from './client.js';

// pods/ephemeralcontainers: the patches clients send, the apiserver's validation, and the
// kubelet running the new container for real.

let sim: TestSim;
const base = '/api/v1/namespaces/default/pods/web-with-logging';
const smp = 'application/strategic-merge-patch+json';

const pod = () => sim.cluster.pods.get('default', 'web-with-logging')!;
const statusOf = (name: string) => pod().status?.ephemeralContainerStatuses?.find(status => status.name === name);

/** What kubectl debug sends: CreateTwoWayMergePatch of the pod and the pod plus one container. */
function debugPatch(container: Container) {
	const existing = pod().spec.ephemeralContainers ?? [];
	const order = existing.length ? {'$setElementOrder/ephemeralContainers': [...existing, container].map(({name}) => ({name}))} : {};
	return {spec: {...order, ephemeralContainers: [container]}};
}

/**
 * Run `stty size` until the terminal reports `want`, one answer at a time. A resize and stdin
 * travel on separate streams, in no set order (on a kubelet too), so the first answers may
 * still give the old size.
 */
async function sttySizeUntil(session: RawSession, want: string): Promise<void> {
	// Input typed before the shell's first prompt is echoed before it: an answer may follow "# ".
	const answers = () => session.received(1).match(/(?<=^(?:[#$] )?)\d+ \d+(?=\r?$)/gm) ?? [];
	for (let asked = 1; asked <= 20; asked++) {
		session.send(0, 'stty size\n');
		if ((await eventually(() => answers()[asked - 1])) === want) return;
	}
	throw new Error(`the terminal never reported ${want}: ${JSON.stringify(session.received(1))}`);
}

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	await eventually(() => sim.cluster.worker(pod())?.slot('web-app')?.running);
});

afterAll(async () => {
	await sim?.close();
});

describe('pods/ephemeralcontainers', () => {
	test("kubectl debug's strategic merge patch adds, defaults and runs the container", async () => {
		const container = {
			name: 'debugger-one',
			image: 'busybox:1.36',
			command: ['sh', '-c', 'echo hello from $HOSTNAME'],
			resources: {},
			targetContainerName: 'web-app',
		};
		const answer = await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {body: debugPatch(container), contentType: smp});
		expect(answer.status).toBe(200);
		expect((answer.body as Pod).spec.ephemeralContainers).toEqual([
			{...container, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File'},
		]);
		// Adding one is a spec change: the pod's second generation.
		expect((answer.body as Pod).metadata.generation).toBe(2);
		await eventually(() => statusOf('debugger-one')?.state?.terminated);
		expect(statusOf('debugger-one')!.state!.terminated).toMatchObject({exitCode: 0, reason: 'Completed'});
		const logs = await api(sim, 'GET', `${base}/log?container=debugger-one`);
		expect(logs.body).toBe('hello from web-with-logging\n');
	});

	test('GET returns the pod', async () => {
		const answer = await api(sim, 'GET', `${base}/ephemeralcontainers`);
		expect(answer.status).toBe(200);
		expect((answer.body as Pod).spec.ephemeralContainers!.map(({name}) => name)).toContain('debugger-one');
	});

	test('a JSON merge patch and a JSON patch add containers too; exec works in them', async () => {
		const list = pod().spec.ephemeralContainers!;
		const merge = await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {
			body: {spec: {ephemeralContainers: [...list, {name: 'sleeper', image: 'busybox:1.36', command: ['sleep', '3600']}]}},
			contentType: 'application/merge-patch+json',
		});
		expect(merge.status).toBe(200);
		const json = await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {
			body: [{op: 'add', path: '/spec/ephemeralContainers/-', value: {name: 'patched', image: 'busybox:1.36', command: ['sleep', '3600']}}],
			contentType: 'application/json-patch+json',
		});
		expect(json.status).toBe(200);
		expect(pod().spec.ephemeralContainers!.map(({name}) => name)).toEqual(['debugger-one', 'sleeper', 'patched']);
		expect(pod().metadata.generation).toBe(4);
		await eventually(() => statusOf('sleeper')?.state?.running && statusOf('patched')?.state?.running);
		const session = await rawSocket(sim, execPath('web-with-logging', 'sleeper', ['sh', '-c', 'echo in $HOSTNAME']), ['v5.channel.k8s.io']);
		if (isRefused(session)) throw new Error(session.body);
		await session.closed;
		expect(session.received(1)).toBe('in web-with-logging\n');
	});

	test('attach reaches the container process, its stdin and its terminal', async () => {
		const container = {name: 'shell', image: 'busybox:1.36', stdin: true, tty: true};
		await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {body: debugPatch(container), contentType: smp});
		await eventually(() => statusOf('shell')?.state?.running);
		const session = await rawSocket(sim, `${base}/attach?container=shell&stdin=true&stdout=true&tty=true`, ['v5.channel.k8s.io']);
		if (isRefused(session)) throw new Error(session.body);
		session.send(4, JSON.stringify({Width: 91, Height: 17}));
		await sttySizeUntil(session, '17 91');
		session.send(0, 'exit 7\n');
		await session.closed;
		expect(JSON.parse(session.received(3))).toEqual({metadata: {}, status: 'Success'});
		await eventually(() => statusOf('shell')?.state?.terminated);
		expect(statusOf('shell')!.state!.terminated).toMatchObject({exitCode: 7, reason: 'Error'});
	});

	test('a command the image does not have is a StartError', async () => {
		await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {
			body: debugPatch({name: 'missing', image: 'busybox:1.36', command: ['no-such-tool']}),
			contentType: smp,
		});
		await eventually(() => statusOf('missing')?.state?.terminated);
		expect(statusOf('missing')!.state!.terminated).toMatchObject({
			exitCode: 128,
			reason: 'StartError',
			message: expect.stringContaining('exec: "no-such-tool": executable file not found in $PATH'),
		});
	});

	test('validation: duplicate names, unknown targets, changes to existing ones', async () => {
		const duplicate = await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {body: debugPatch({name: 'web-app', image: 'busybox:1.36'}), contentType: smp});
		expect(duplicate.status).toBe(422);
		expect(duplicate.body.message).toMatch(/^Pod "web-with-logging" is invalid: spec\.ephemeralContainers\[\d+\]\.name: Duplicate value: "web-app"$/);
		const target = await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {
			body: debugPatch({name: 'lost', image: 'busybox:1.36', targetContainerName: 'nope'}),
			contentType: smp,
		});
		expect(target.body.message).toMatch(/targetContainerName: Not found: "nope"$/);
		const changed = await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {
			body: {spec: {ephemeralContainers: [{name: 'sleeper', image: 'alpine'}]}},
			contentType: smp,
		});
		expect(changed.status).toBe(422);
		expect(changed.body.message).toContain('existing ephemeral containers "sleeper" may not be changed');
		const media = await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {body: {}, contentType: 'application/json'});
		expect(media.status).toBe(415);
	});

	test('the viewer may not add one', async () => {
		const answer = await api(sim, 'PATCH', `${base}/ephemeralcontainers`, {
			body: debugPatch({name: 'nosy', image: 'busybox:1.36'}),
			contentType: smp,
			context: 'podscope-sim-viewer',
		});
		expect(answer.status).toBe(403);
		expect(answer.body.message).toBe(
			'pods "web-with-logging" is forbidden: User "viewer" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "default"',
		);
	});
});
