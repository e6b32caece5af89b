import {PassThrough} from 'node:stream';
import {Exec, type V1Status} from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../../helpers/sim.js';
import {kubeConfig} from './client.js';

// client-node's Exec against the sim: the same WebSocket code podscope's shell uses.

type Result = {stdout: string; stderr: string; status: V1Status};

/** A writable that reports a terminal size, so Exec sends resizes for it. */
class Terminal extends PassThrough {
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}

	resizeTo(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

let sim: TestSim;

function collect(stream: PassThrough): () => string {
	let text = '';
	stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
	return () => text;
}

async function exec(
	pod: string,
	container: string,
	command: string[],
	options: {stdin?: PassThrough; tty?: boolean; stdout?: PassThrough} = {},
): Promise<Result> {
	const stdout = options.stdout ?? new PassThrough();
	const stderr = new PassThrough();
	const out = collect(stdout);
	const err = collect(stderr);
	const status = await new Promise<V1Status>((resolve, reject) => {
		new Exec(kubeConfig(sim)).exec('default', pod, container, command, stdout, stderr, options.stdin ?? null, options.tty ?? false, resolve).catch(reject);
	});
	return {stdout: out(), stderr: err(), status};
}

const running = (pod: string, container: string) =>
	eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', pod)!)?.slot(container)?.running, 10_000);

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'distroless-app']});
	sim.cluster.createPod({metadata: {name: 'victim'}, spec: {containers: [{name: 'app', image: 'busybox:1.36', env: [{name: 'GREETING', value: 'hello'}]}]}});
	sim.cluster.createPod(
		{metadata: {name: 'finished'}, spec: {restartPolicy: 'Never', containers: [{name: 'job', image: 'busybox:1.36'}]}},
		{job: {exit: {after: 0.1, code: 0}}},
	);
	await Promise.all([running('web-with-logging', 'web-app'), running('distroless-app', 'app'), running('victim', 'app')]);
});

afterAll(async () => {
	await sim?.close();
});

describe('client-node Exec', () => {
	test('stdout and stderr arrive apart, and success is a Status', async () => {
		const result = await exec('web-with-logging', 'web-app', ['sh', '-c', 'echo out; echo err >&2; echo $HOSTNAME']);
		expect(result.stdout).toBe('out\nweb-with-logging\n');
		expect(result.stderr).toBe('err\n');
		expect(result.status).toEqual({metadata: {}, status: 'Success'});
	});

	test('a non-zero exit is NonZeroExitCode with the code in details.causes', async () => {
		const result = await exec('web-with-logging', 'web-app', ['sh', '-c', 'exit 3']);
		expect(result.status).toEqual({
			metadata: {},
			status: 'Failure',
			message: 'command terminated with non-zero exit code: command terminated with exit code 3',
			reason: 'NonZeroExitCode',
			details: {causes: [{reason: 'ExitCode', message: '3'}]},
		});
	});

	test("the container's env, with HOSTNAME and the API server's service variables", async () => {
		const result = await exec('victim', 'app', ['sh', '-c', 'echo "$GREETING $HOSTNAME $KUBERNETES_SERVICE_HOST"; pwd']);
		const [line, cwd] = result.stdout.trim().split('\n');
		expect(line).toBe('hello victim 10.43.0.1');
		// Sandboxed, the container's own root and its workingDir; otherwise its scratch directory on the host.
		if (sim.sandbox.available) expect(cwd).toBe('/');
		else expect(cwd).toMatch(/podscope-sim-\d+-\w+\/default\/victim\/app$/);
	});

	test('stdin is read to its end (the v5 close signal is EOF)', async () => {
		const stdin = new PassThrough();
		const pending = exec('web-with-logging', 'web-app', ['sh', '-c', 'wc -l; echo done'], {stdin});
		stdin.write('one\ntwo\n');
		stdin.end('three\n');
		const result = await pending;
		expect(result.stdout.trim().split(/\s+/)).toEqual(['3', 'done']);
		expect(result.status.status).toBe('Success');
	});

	test('a TTY starts at the client size and follows its resizes', async () => {
		const terminal = new Terminal(100, 30);
		const stdin = new PassThrough();
		const output = collect(terminal);
		const script = 'stty size; while read line; do stty size; [ "$line" = end ] && break; done';
		const pending = exec('web-with-logging', 'web-app', ['sh', '-c', script], {stdin, tty: true, stdout: terminal});
		await eventually(() => output().includes('30 100'));
		terminal.resizeTo(132, 43);
		// The resize and stdin travel on different channels, unordered (on a kubelet too): ask
		// again until the new size has landed.
		await eventually(
			() => {
				stdin.write('\n');
				return output().includes('43 132');
			},
			10_000,
			200,
		);
		stdin.write('end\n');
		const result = await pending;
		expect(result.stdout).toMatch(/30 100\r\n[\s\S]*43 132\r\n/);
		expect(result.stderr).toBe('');
		expect(result.status.status).toBe('Success');
	});

	test('the session ends with exit 137 when the container dies', async () => {
		const stdout = new PassThrough();
		const output = collect(stdout);
		const pending = exec('victim', 'app', ['sh', '-c', 'echo started; sleep 30'], {stdout});
		await eventually(() => output().includes('started'));
		const started = Date.now();
		sim.cluster.worker(sim.cluster.pods.get('default', 'victim')!)!.terminate('app', 137, 'OOMKilled');
		const result = await pending;
		expect(Date.now() - started).toBeLessThan(5000);
		expect(result.status.reason).toBe('NonZeroExitCode');
		expect(result.status.details?.causes).toEqual([{reason: 'ExitCode', message: '137'}]);
	});

	test('an image without a shell answers like containerd', async () => {
		const result = await exec('distroless-app', 'app', ['sh']);
		expect(result.status).toMatchObject({status: 'Failure', reason: 'InternalError', code: 500});
		expect(result.status.message).toMatch(
			/^Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in \$PATH: unknown$/,
		);
	});

	test('a container that is not running', async () => {
		await eventually(() => sim.cluster.pods.get('default', 'finished')?.status?.phase === 'Succeeded');
		const result = await exec('finished', 'job', ['true']);
		expect(result.status).toMatchObject({
			status: 'Failure',
			reason: 'InternalError',
			message: 'Internal error occurred: unable to upgrade connection: container not found ("job")',
		});
	});

	test('a container the pod does not have is refused before the upgrade', async () => {
		// The API server answers the upgrade request itself with 400 (a container the pod lacks), so
		// the WebSocket never opens: any other failure (a closed socket, a 500) is a different bug.
		await expect(exec('web-with-logging', 'nope', ['true'])).rejects.toMatchObject({message: 'Unexpected server response: 400'});
	});
});
