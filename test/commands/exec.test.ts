import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {eventually, kubectl, run, startTestSim, type TestSim} from '../helpers/sim.js';

// `podscope exec` and `podscope debug` as a script sees them, side by side with kubectl.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'distroless-app']});
	await eventually(() => sim.cluster.pods.get('default', 'web-with-logging')?.status?.containerStatuses?.every(status => status.ready), 25_000);
});
afterAll(async () => {
	await sim.close();
});

// Flags go before `--`: everything after it is the remote command.
const podscope = ([command, ...rest]: string[], input?: string) =>
	run(process.execPath, ['bin/podscope.js', command!, '--kubeconfig', sim.kubeconfigPath, ...rest], {input});

describe('podscope exec', () => {
	it("propagates the exit code and keeps stderr separate, with kubectl's texts", async () => {
		const args = ['exec', 'web-with-logging', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'];
		const ours = await podscope(args);
		const theirs = await kubectl(sim, args);
		expect(ours.code).toBe(3);
		expect(ours.code).toBe(theirs.code);
		expect(ours.stdout).toBe('out\n');
		expect(ours.stdout).toBe(theirs.stdout);
		expect(ours.stderr).toBe(theirs.stderr);
		expect(ours.stderr).toContain('Defaulted container "web-app" out of: web-app, log-shipper');
		expect(ours.stderr).toContain('command terminated with exit code 3');
	});

	it('pipes stdin with -i', async () => {
		const result = await podscope(['exec', '-i', 'web-with-logging', '-c', 'log-shipper', '--', 'sh', '-c', 'tr a-z A-Z'], 'hello\n');
		expect(result).toMatchObject({code: 0, stdout: 'HELLO\n'});
	});

	it('says what kubectl says for a missing pod, a missing container and a missing shell', async () => {
		for (const args of [
			['exec', 'nope', '--', 'true'],
			['exec', 'web-with-logging', '-c', 'nope', '--', 'true'],
			['exec', 'distroless-app', '--', 'sh'],
		]) {
			const ours = await podscope(args);
			const theirs = await kubectl(sim, args);
			expect(ours.code).toBe(1);
			expect(ours.code).toBe(theirs.code);
			expect(ours.stderr.replace(/"[0-9a-f]{64}"/, 'ID')).toBe(theirs.stderr.replace(/"[0-9a-f]{64}"/, 'ID'));
		}
	});

	it("reports the viewer's 403 on exec and exits non-zero", async () => {
		const result = await podscope(['exec', 'web-with-logging', '-c', 'web-app', '--context', 'podscope-sim-viewer', '--', 'true']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^Error from server \(Forbidden\): pods "web-with-logging" is forbidden: User "viewer" cannot \w+ resource "pods\/exec"/);
	});
});

describe('podscope debug', () => {
	it('runs a command in a debug container that targets a distroless container', async () => {
		const result = await podscope(['debug', 'distroless-app', '--target', 'app', '--', 'sh', '-c', 'echo from-debug; exit 4']);
		expect(result.stderr).toMatch(/Defaulting debug container name to debugger-\w+\./);
		expect(result.stdout).toBe('from-debug\n');
		expect(result.code).toBe(4);
		const pod = sim.cluster.pods.get('default', 'distroless-app')!;
		const added = pod.spec.ephemeralContainers?.at(-1);
		expect(added?.targetContainerName).toBe('app');
		expect(added?.image).toBe('busybox:1.36');
	});
});
