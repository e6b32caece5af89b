import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {kubectlAt, kubectlRelease} from './kubectl-versions.js';

// exec and attach with kubectl 1.27 (SPDY/3.1), 1.30 and 1.33 (WebSocket, v5.channel.k8s.io):
// the same answers whatever the transport, and each test checks which upgrade was made (SPDY:
// POST then 101; WebSocket: GET then 101), so a release falling back to another fails it.
// (spdy-exec.test.ts goes deeper into SPDY; exec.test.ts into the WebSocket protocol.)

const releases = [
	{minor: 27, upgrade: {method: 'POST', code: 101}},
	{minor: 30, upgrade: {method: 'GET', code: 101}},
	{minor: 33, upgrade: {method: 'GET', code: 101}},
] as const;

let sim: TestSim;
const pod = 'web-with-logging';

const upgrades = (before: number, kind: 'exec' | 'attach') =>
	sim.server.requests
		.slice(before)
		.filter(record => record.path.includes(`/${kind}?`))
		.map(({method, code}) => ({method, code}));

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	for (const {minor} of releases) {
		sim.cluster.createPod(
			{
				metadata: {name: `reader-${minor}`},
				spec: {
					restartPolicy: 'Never',
					containers: [{name: 'reader', image: 'busybox:1.36', stdin: true, stdinOnce: true, command: ['sh', '-c', 'read line; echo got:$line']}],
				},
			},
			{},
		);
	}
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', pod)!)?.slot('web-app')?.running);
	for (const {minor} of releases) await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', `reader-${minor}`)!)?.slot('reader')?.running);
});

afterAll(async () => {
	await sim?.close();
});

for (const {minor, upgrade} of releases) {
	const binary = kubectlRelease(minor);
	describe.skipIf(!binary)(`kubectl 1.${minor}${binary ? '' : ' (not installed beside the Cloud SDK: skipped)'}`, () => {
		test('exec: stdout and stderr apart, stdin to its end, the exit code becomes kubectl’s', async () => {
			const before = sim.server.requests.length;
			const result = await kubectlAt(binary!, sim, ['exec', '-i', pod, '-c', 'web-app', '--', 'sh', '-c', 'tr a-z A-Z; echo err >&2; exit 3'], {
				input: 'one\ntwo\n',
			});
			expect(result).toEqual({code: 3, stdout: 'ONE\nTWO\n', stderr: 'err\ncommand terminated with exit code 3\n'});
			expect(upgrades(before, 'exec')).toEqual([upgrade]);
		});

		test('exec into a container that does not exist: kubectl’s error, no upgrade', async () => {
			const result = await kubectlAt(binary!, sim, ['exec', pod, '-c', 'nope', '--', 'true']);
			expect(result.code).toBe(1);
			expect(result.stderr).toBe('Error from server (BadRequest): container nope is not valid for pod web-with-logging\n');
		});

		test('attach -i: stdin reaches the container’s own process, its output comes back', async () => {
			const before = sim.server.requests.length;
			const result = await kubectlAt(binary!, sim, ['attach', '-i', `reader-${minor}`, '-c', 'reader'], {input: 'hello\n'});
			expect(result.stdout).toContain('got:hello');
			expect(result.code).toBe(0);
			expect(upgrades(before, 'attach')).toEqual([upgrade]);
		});
	});
}
