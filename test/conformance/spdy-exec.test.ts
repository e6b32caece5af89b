import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {debugInTerminal, execInTerminal} from './terminal.js';
import {kubectlAt, kubectlRelease} from './kubectl-versions.js';

// kubectl 1.27 to 1.29 exec and attach over SPDY/3.1 only (1.29 tries WebSockets only with
// KUBECTL_REMOTE_COMMAND_WEBSOCKETS=true): the sim serves them as the kubelet's
// remotecommand/httpstream.go does, and each test checks the request was the SPDY upgrade
// (POST, 101), so a silent switch of transport fails it.

const kubectl127 = kubectlRelease(27);
const kubectl129 = kubectlRelease(29);
const suite = kubectl127 && kubectl129 ? describe : describe.skip;

let sim: TestSim;
const pod = 'web-with-logging';

/** The exec/attach upgrades served since `before`: method, verb and status. */
const upgrades = (before: number, kind: 'exec' | 'attach') =>
	sim.server.requests
		.slice(before)
		.filter(record => record.path.includes(`/${kind}?`))
		.map(({method, verb, code}) => ({method, verb, code}));

const spdyUpgrade = {method: 'POST', verb: 'create', code: 101};

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	sim.cluster.createPod(
		{
			metadata: {name: 'reader'},
			spec: {
				restartPolicy: 'Never',
				containers: [
					{name: 'reader', image: 'busybox:1.36', stdin: true, stdinOnce: true, command: ['sh', '-c', 'read line; echo got:$line; read more; echo more:$more']},
				],
			},
		},
		{},
	);
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
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', pod)!)?.slot('web-app')?.running);
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'reader')!)?.slot('reader')?.running);
});

afterAll(async () => {
	await sim?.close();
});

suite('kubectl 1.27 and 1.29 exec over SPDY/3.1', () => {
	test('stdout and stderr apart, and the exit code becomes kubectl’s', async () => {
		const before = sim.server.requests.length;
		const result = await kubectlAt(kubectl127!, sim, ['exec', pod, '-c', 'web-app', '--', 'sh', '-c', 'echo out $HOSTNAME; echo err >&2; exit 3']);
		expect(result).toEqual({code: 3, stdout: `out ${pod}\n`, stderr: 'err\ncommand terminated with exit code 3\n'});
		expect(upgrades(before, 'exec')).toEqual([spdyUpgrade]);
	});

	test('1.29 without its WebSocket gate speaks SPDY too', async () => {
		const before = sim.server.requests.length;
		const result = await kubectlAt(kubectl129!, sim, ['exec', pod, '-c', 'web-app', '--', 'sh', '-c', 'echo $HOSTNAME']);
		expect(result).toEqual({code: 0, stdout: `${pod}\n`, stderr: ''});
		expect(upgrades(before, 'exec')).toEqual([spdyUpgrade]);
	});

	test('-i feeds piped stdin to the end', async () => {
		const result = await kubectlAt(kubectl127!, sim, ['exec', '-i', pod, '-c', 'web-app', '--', 'sh', '-c', 'tr a-z A-Z; echo eof'], {input: 'one\ntwo\n'});
		expect(result).toEqual({code: 0, stdout: 'ONE\nTWO\neof\n', stderr: ''});
	});

	test('-it gives a terminal whose size follows the window', async () => {
		const {code, screen} = await execInTerminal(sim, kubectl127!, 'spdy-exec-it', pod, 'web-app');
		expect(code).toBe(4);
		expect(screen).toContain('command terminated with exit code 4');
	});

	test('a container that is not running: the kubelet’s refusal, before any upgrade', async () => {
		await eventually(() => {
			const down = sim.cluster.pods.get('default', 'half')?.status?.containerStatuses?.find(status => status.name === 'down');
			return down !== undefined && down.restartCount >= 1 && down.state?.running === undefined;
		});
		const before = sim.server.requests.length;
		const result = await kubectlAt(kubectl127!, sim, ['exec', 'half', '-c', 'down', '--', 'true']);
		expect(result).toEqual({code: 1, stdout: '', stderr: 'error: unable to upgrade connection: container not found ("down")\n'});
		expect(upgrades(before, 'exec')).toEqual([{method: 'POST', verb: 'create', code: 500}]);
	});
});

suite('kubectl 1.27 attach and debug -it over SPDY/3.1', () => {
	test('attach -i: stdin reaches the container’s own process, its output comes back', async () => {
		const before = sim.server.requests.length;
		const result = await kubectlAt(kubectl127!, sim, ['attach', '-i', 'reader', '-c', 'reader'], {input: 'hi\nthere\n'});
		expect(result.stdout).toBe('got:hi\nmore:there\n');
		expect(result.code).toBe(0);
		expect(upgrades(before, 'attach')).toEqual([spdyUpgrade]);
	});

	test('debug -it attaches to the debug shell in a terminal', async () => {
		const before = sim.server.requests.length;
		const {code, screen} = await debugInTerminal(sim, kubectl127!, 'spdy-debug-it', pod, 'web-app');
		expect(code).toBe(0);
		// 1.27 fell back to the logs when it could not attach; it attached this time.
		expect(screen).not.toContain('falling back to streaming logs');
		expect(upgrades(before, 'attach')).toEqual([spdyUpgrade]);
	});
});
