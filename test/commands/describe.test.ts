import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run} from '../../source/commands/describe.js';
import {captureOutput} from '../helpers/capture.js';
import {settled, startTestSim, type TestSim} from '../helpers/sim.js';

// `podscope describe` as a command: kubectl's text on stdout, kubectl's errors on stderr.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'escape-injection']});
	// Scheduled and started, so that the pod has events to describe.
	await settled(sim, {running: [['web-with-logging', 'web-app']]});
});
afterAll(async () => {
	await sim.close();
});

function describeCommand(...args: string[]): Promise<{code: number; out: string; err: string}> {
	return captureOutput(() => run([...args, '--kubeconfig', sim.kubeconfigPath]));
}

describe('podscope describe', () => {
	it('prints the pod the way kubectl does', async () => {
		const {code, out} = await describeCommand('web-with-logging', '-n', 'default');
		expect(code).toBe(0);
		expect(out).toMatch(/^Name: +web-with-logging\nNamespace: +default\n/);
		expect(out).toMatch(/\nContainers:\n {2}web-app:\n/);
		expect(out).toMatch(/\nEvents:\n {2}Type +Reason +Age +From +Message\n/);
	});

	it('never lets a terminal escape through', async () => {
		const {out} = await describeCommand('escape-injection');
		expect(out).not.toContain('\x1b');
		expect(out).toContain('␛');
	});

	it('fails like kubectl', async () => {
		expect(await describeCommand('nope')).toMatchObject({code: 1, err: 'Error from server (NotFound): pods "nope" not found\n'});
		expect((await describeCommand()).code).toBe(1);
	});
});
