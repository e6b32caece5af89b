import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, kubectl, kubectlPath, startTestSim, type TestSim} from '../helpers/sim.js';
import {execInTerminal} from './terminal.js';

// The real kubectl against the sim's exec: output, exit codes, stdin, a terminal, RBAC, and
// that it took the WebSocket path (no SPDY fallback).

let sim: TestSim;
const pod = 'web-with-logging';

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'distroless-app']});
	sim.cluster.createPod(
		{
			metadata: {name: 'half'},
			spec: {
				containers: [
					{name: 'up', image: 'busybox:1.36'},
					{name: 'down', image: 'busybox:1.36'},
				],
			},
		},
		{down: {exit: {after: 0.1, code: 1}}},
	);
	sim.cluster.createPod(
		{metadata: {name: 'finished'}, spec: {restartPolicy: 'Never', containers: [{name: 'job', image: 'busybox:1.36'}]}},
		{job: {exit: {after: 0.1, code: 0}}},
	);
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', pod)!)?.slot('web-app')?.running);
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'distroless-app')!)?.slot('app')?.running);
});

afterAll(async () => {
	await sim?.close();
});

describe('kubectl exec', () => {
	test('runs the command in the container, over WebSocket', async () => {
		const before = sim.server.requests.length;
		const result = await kubectl(sim, ['exec', pod, '-c', 'web-app', '--', 'sh', '-c', 'echo $HOSTNAME']);
		expect(result).toEqual({code: 0, stdout: `${pod}\n`, stderr: ''});
		const streams = sim.server.requests.slice(before).filter(record => record.path.includes('/exec?'));
		expect(streams.map(({method, verb, code}) => ({method, verb, code}))).toEqual([{method: 'GET', verb: 'get', code: 101}]);
	});

	test('passes the exit code on', async () => {
		const result = await kubectl(sim, ['exec', pod, '-c', 'web-app', '--', 'sh', '-c', 'echo partial; exit 3']);
		expect(result).toEqual({code: 3, stdout: 'partial\n', stderr: 'command terminated with exit code 3\n'});
	});

	test('-i feeds piped stdin to the end', async () => {
		const result = await kubectl(sim, ['exec', '-i', pod, '-c', 'web-app', '--', 'sh', '-c', 'tr a-z A-Z; echo eof'], {input: 'one\ntwo\n'});
		expect(result).toEqual({code: 0, stdout: 'ONE\nTWO\neof\n', stderr: ''});
	});

	test('-it gives a terminal whose size follows the window', async () => {
		const {code, screen} = await execInTerminal(sim, kubectlPath, 'exec-it', pod, 'web-app');
		expect(code).toBe(4);
		expect(screen).toContain('command terminated with exit code 4');
	});

	test("the viewer gets kubectl's 403", async () => {
		const result = await kubectl(sim, ['exec', pod, '-c', 'web-app', '--', 'true'], {context: 'podscope-sim-viewer'});
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			'Error from server (Forbidden): pods "web-with-logging" is forbidden: User "viewer" cannot create resource "pods/exec" in API group "" in the namespace "default"\n',
		);
	});

	test('an image without a shell', async () => {
		const result = await kubectl(sim, ['exec', 'distroless-app', '--', 'sh']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(
			/^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in \$PATH: unknown\n$/,
		);
	});

	test('a container that is not running', async () => {
		// Exited after a restart: waiting out its back-off (shown as Error until the kubelet's next sync).
		await eventually(() => {
			const down = sim.cluster.pods.get('default', 'half')?.status?.containerStatuses?.find(status => status.name === 'down');
			return down !== undefined && down.restartCount >= 1 && down.state?.running === undefined;
		});
		const result = await kubectl(sim, ['exec', 'half', '-c', 'down', '--', 'true']);
		expect(result).toEqual({code: 1, stdout: '', stderr: 'error: Internal error occurred: unable to upgrade connection: container not found ("down")\n'});
	});

	test('a container the pod does not have, and a completed pod', async () => {
		await eventually(() => sim.cluster.pods.get('default', 'finished')?.status?.phase === 'Succeeded');
		const unknown = await kubectl(sim, ['exec', pod, '-c', 'nope', '--', 'true']);
		expect(unknown.stderr).toBe('Error from server (BadRequest): container nope is not valid for pod web-with-logging\n');
		// kubectl refuses this one itself, from the pod's phase.
		const completed = await kubectl(sim, ['exec', 'finished', '--', 'true']);
		expect(completed.stderr).toBe('error: cannot exec into a container in a completed pod; current phase is Succeeded\n');
	});
});
