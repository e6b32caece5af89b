import {PassThrough, Writable} from 'node:stream';
import {EventEmitter} from 'node:events';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {openStream, type StreamTarget} from '../../source/kube/exec.js';
import {KubeError, KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {runShell} from '../../source/kube/shell.js';
import {addDebugContainer, waitForDebugContainer} from '../../source/kube/debug.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

// podscope's exec client against the sim's real processes over the real WebSocket protocol.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'distroless-app']});
	await eventually(() => sim.cluster.pods.get('default', 'web-with-logging')?.status?.containerStatuses?.every(status => status.ready), 25_000);
});
afterAll(async () => {
	await sim.close();
});

const config = (context?: string) => loadKubeconfig({kubeconfig: sim.kubeconfigPath, context}).access;
const web: StreamTarget = {namespace: 'default', pod: 'web-with-logging', container: 'web-app'};

function sink() {
	const chunks: Buffer[] = [];
	const stream = new Writable({
		write(chunk: Buffer, _encoding, done) {
			chunks.push(Buffer.from(chunk));
			done();
		},
	});
	return {stream, text: () => Buffer.concat(chunks).toString('utf8')};
}

describe('exec over WebSocket', () => {
	it('keeps stdout and stderr apart and reports the exit code', async () => {
		const out = sink();
		const err = sink();
		const outcome = await openStream(config(), 'exec', web, ['sh', '-c', 'echo to-out; echo to-err >&2; exit 3'], {
			stdout: out.stream,
			stderr: err.stream,
			tty: false,
		});
		expect(outcome).toEqual({kind: 'exited', code: 3});
		expect(out.text()).toBe('to-out\n');
		expect(err.text()).toBe('to-err\n');
	});

	it('passes stdin and its end to the remote command', async () => {
		const input = new PassThrough();
		const out = sink();
		const done = openStream(config(), 'exec', web, ['sh', '-c', 'cat; echo "[eof]"'], {stdin: input, stdout: out.stream, tty: false});
		input.write('line one\n');
		input.end('line two\n');
		expect(await done).toEqual({kind: 'exited', code: 0});
		expect(out.text()).toBe('line one\nline two\n[eof]\n');
	});

	it('gives a terminal its size and follows resizes', async () => {
		const input = new PassThrough();
		const out = sink();
		let size = {columns: 100, rows: 40};
		const resizes = new EventEmitter();
		const done = openStream(config(), 'exec', web, ['sh'], {
			stdin: input,
			stdout: out.stream,
			tty: true,
			size: () => size,
			onResize: listener => {
				resizes.on('resize', listener);
				return () => resizes.off('resize', listener);
			},
		});
		input.write('stty size\n');
		await eventually(() => out.text().includes('40 100'));
		size = {columns: 132, rows: 50};
		resizes.emit('resize');
		// The resize and stdin travel on different channels, unordered (on a kubelet too): ask
		// again until the new size has landed.
		await eventually(
			() => {
				input.write('stty size\n');
				return out.text().includes('50 132');
			},
			10_000,
			200,
		);
		input.write('exit 0\n');
		expect(await done).toEqual({kind: 'exited', code: 0});
	});

	it('ends the session when the container dies under it', async () => {
		const out = sink();
		// A container that dies six seconds after it starts, with an exec in it by then.
		sim.cluster.createPod(
			{metadata: {name: 'short-lived'}, spec: {restartPolicy: 'Never', containers: [{name: 'app', image: 'busybox:1.36'}]}},
			{
				app: {exit: {after: 6, code: 1}},
			},
		);
		await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'short-lived')!)?.slot('app')?.running);
		const target = {namespace: 'default', pod: 'short-lived', container: 'app'};
		const outcome = await openStream(config(), 'exec', target, ['sh', '-c', 'echo started; sleep 30'], {stdout: out.stream, tty: false});
		expect(out.text()).toContain('started');
		expect(outcome).toEqual({kind: 'exited', code: 137});
	});

	it("reports a refused upgrade with the API server's own message", async () => {
		const error = await openStream(config('podscope-sim-viewer'), 'exec', web, ['true'], {tty: false}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(KubeError);
		expect((error as KubeError).code).toBe(403);
		expect((error as KubeError).message).toMatch(/pods "web-with-logging" is forbidden: User "viewer" cannot \w+ resource "pods\/exec"/);
	});

	it('tries bash then sh, and says when the image has no shell at all', async () => {
		const terminal = {
			stdin: Object.assign(new PassThrough(), {isTTY: false}) as unknown as NodeJS.ReadStream,
			stdout: sink().stream as unknown as NodeJS.WriteStream,
		};
		const result = await runShell(config(), {namespace: 'default', pod: 'distroless-app', container: 'app'}, terminal);
		expect(result).toEqual({noShell: true, tried: ['bash', 'sh']});
	});

	it('starts a debug container targeting a distroless container and runs a shell in it', async () => {
		const http = new KubeHttp(config());
		const target = {namespace: 'default', pod: 'distroless-app', container: 'app'};
		const name = await addDebugContainer(http, target, 'busybox:1.36');
		const state = await waitForDebugContainer(http, target, name, () => {});
		expect(state).toEqual({phase: 'running'});
		const pod = sim.cluster.pods.get('default', 'distroless-app')!;
		expect(pod.spec.ephemeralContainers?.find(container => container.name === name)?.targetContainerName).toBe('app');
		const out = sink();
		const outcome = await openStream(config(), 'exec', {...target, container: name}, ['sh', '-c', 'echo in-debug $HOSTNAME'], {stdout: out.stream, tty: false});
		expect(outcome).toEqual({kind: 'exited', code: 0});
		expect(out.text()).toBe('in-debug distroless-app\n');
	});
});
