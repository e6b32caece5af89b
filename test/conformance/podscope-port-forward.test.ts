import {randomBytes} from 'node:crypto';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {exchange, type Forward, forwardedPort, httpGet, startForward} from '../helpers/port-forward.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, requireBuild} from '../helpers/tmux.js';
import {kubectlRelease, releaseEnv} from './kubectl-versions.js';

// `podscope port-forward` (the WebSocket protocol, one WebSocket per connection) beside
// `kubectl port-forward` 1.33 (SPDY inside the apiserver's WebSocket tunnel): the same bytes
// through the local port, the same lines, the same end when nothing listens on the pod's port.

const kubectl133 = kubectlRelease(33);
let sim: TestSim;
const forwards: Forward[] = [];

beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['web-with-logging']});
	sim.cluster.createPod(
		{metadata: {name: 'fwd'}, spec: {containers: [{name: 'web', image: 'nginx:1.25', ports: [{name: 'echo', containerPort: 7000}]}]}},
		{web: {listen: [7000], serves: {7000: {echo: true}}}},
	);
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'fwd')!)?.slot('web')?.boundPorts.includes(7000), 25_000);
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'web-with-logging')!)?.slot('web-app')?.boundPorts.includes(80), 25_000);
});

afterEach(() => {
	for (const forward of forwards.splice(0)) if (forward.child.exitCode === null) forward.child.kill('SIGKILL');
});

afterAll(async () => {
	await sim?.close();
});

const start = (who: 'podscope' | 'kubectl', args: string[]) => {
	const forward =
		who === 'podscope'
			? startForward(process.execPath, [podscopeBin, 'port-forward', '--kubeconfig', sim.kubeconfigPath, ...args])
			: startForward(kubectl133!, ['--kubeconfig', sim.kubeconfigPath, 'port-forward', ...args], releaseEnv(sim));
	forwards.push(forward);
	return forward;
};

/** HTTP responses differ only in their Date header between two requests. */
const undated = (response: string) => response.replace(/^Date: .*\r\n/m, 'Date: -\r\n');

/** The E line's time, process id and local port are each run's own. */
const comparable = (stderr: string, port: number) =>
	stderr
		.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /m, 'E0000 00:00:00.000000 PID ')
		.replaceAll(String(port), 'LOCAL')
		.replace(/[0-9a-f]{64}/g, 'ID')
		.replace(/cni-[0-9a-f-]{36}/g, 'cni-NS');

describe.skipIf(!kubectl133)('podscope port-forward beside kubectl 1.33', () => {
	it('returns the same bytes: an echo of random data, and an HTTP page', async () => {
		const ours = start('podscope', ['fwd', ':7000']);
		const theirs = start('kubectl', ['fwd', ':7000']);
		const payload = randomBytes(64 * 1024);
		const [a, b] = await Promise.all([forwardedPort(ours, 7000), forwardedPort(theirs, 7000)]);
		const [fromOurs, fromTheirs] = await Promise.all([exchange(a, payload, {length: payload.length}), exchange(b, payload, {length: payload.length})]);
		expect(fromOurs.equals(payload)).toBe(true);
		expect(fromOurs.equals(fromTheirs)).toBe(true);

		const web = start('podscope', ['web-with-logging', ':80']);
		const kweb = start('kubectl', ['web-with-logging', ':80']);
		const [c, d] = await Promise.all([forwardedPort(web, 80), forwardedPort(kweb, 80)]);
		for (const path of ['/', '/healthz', '/nope']) {
			const [mine, yours] = await Promise.all([httpGet(c, path), httpGet(d, path)]);
			expect(mine).toMatch(/^HTTP\/1\.1 /);
			expect(undated(mine)).toBe(undated(yours));
		}
		// The same lines on stdout, but for the random local ports.
		expect(web.stdout().replaceAll(String(c), 'LOCAL')).toBe(kweb.stdout().replaceAll(String(d), 'LOCAL'));
	});

	it('ends the same way when nothing listens on the pod port: the same E line, error and exit code', async () => {
		const ours = start('podscope', ['web-with-logging', ':81']);
		const theirs = start('kubectl', ['web-with-logging', ':81']);
		const [a, b] = await Promise.all([forwardedPort(ours, 81), forwardedPort(theirs, 81)]);
		await Promise.all([exchange(a, 'hello'), exchange(b, 'hello')]);
		const [ourCode, theirCode] = await Promise.all([ours.exited, theirs.exited]);
		expect(ourCode).toBe(1);
		expect(ourCode).toBe(theirCode);
		expect(comparable(ours.stderr(), a)).toBe(comparable(theirs.stderr(), b));
		expect(ours.stdout().replaceAll(String(a), 'LOCAL')).toBe(theirs.stdout().replaceAll(String(b), 'LOCAL'));
	});
});
