import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, kubectl, kubectlPath, startTestSim, type TestSim} from '../helpers/sim.js';
import {debugInTerminal} from './terminal.js';

// kubectl debug against the sim: the ephemeral container it patches in runs for real, its
// logs and exec work, and `debug -it` attaches to its shell in a terminal.

let sim: TestSim;
const pod = 'web-with-logging';

/** kubectl says which name it picked (on stdout when not attaching): "Defaulting debug container name to debugger-xxxxx." */
const debuggerName = (stderr: string) => /Defaulting debug container name to (debugger-\w+)\./.exec(stderr)?.[1];

const ephemeralStatus = (name: string) => sim.cluster.pods.get('default', pod)?.status?.ephemeralContainerStatuses?.find(status => status.name === name);

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', pod)!)?.slot('web-app')?.running);
});

afterAll(async () => {
	await sim?.close();
});

describe('kubectl debug', () => {
	test('--target with a command: the container runs it, its logs hold the output', async () => {
		const result = await kubectl(sim, ['debug', pod, '--image=busybox:1.36', '--target=web-app', '--', 'sh', '-c', 'echo debugging $HOSTNAME']);
		expect(result.code).toBe(0);
		const name = debuggerName(result.stdout + result.stderr)!;
		expect(name).toBeTruthy();
		const target = await kubectl(sim, ['get', 'pod', pod, '-o', `jsonpath={.spec.ephemeralContainers[?(@.name=="${name}")].targetContainerName}`]);
		expect(target.stdout).toBe('web-app');
		await eventually(() => ephemeralStatus(name)?.state?.terminated);
		const logs = await kubectl(sim, ['logs', pod, '-c', name]);
		expect(logs).toEqual({code: 0, stdout: `debugging ${pod}\n`, stderr: ''});
	});

	test('exec into a running debug container', async () => {
		const result = await kubectl(sim, ['debug', pod, '--image=busybox:1.36', '--target=web-app', '--', 'sleep', '3600']);
		const name = debuggerName(result.stdout + result.stderr)!;
		await eventually(() => ephemeralStatus(name)?.state?.running);
		const exec = await kubectl(sim, ['exec', pod, '-c', name, '--', 'sh', '-c', 'echo inside $HOSTNAME']);
		expect(exec).toEqual({code: 0, stdout: `inside ${pod}\n`, stderr: ''});
	});

	test('-it attaches to the debug shell in a terminal', async () => {
		const {code, screen} = await debugInTerminal(sim, kubectlPath, 'debug-it', pod, 'web-app');
		expect(code).toBe(0);
		const name = debuggerName(screen.replace(/\n/g, ''))!;
		expect(screen).toContain('Session ended, the ephemeral container will not be restarted');
		await eventually(() => ephemeralStatus(name)?.state?.terminated);
		expect(ephemeralStatus(name)!.state!.terminated).toMatchObject({exitCode: 6, reason: 'Error'});
	});

	test('the viewer may not add a debug container', async () => {
		const result = await kubectl(sim, ['debug', pod, '--image=busybox:1.36', '--', 'true'], {context: 'podscope-sim-viewer'});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(
			'Error from server (Forbidden): pods "web-with-logging" is forbidden: User "viewer" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "default"',
		);
	});
});
