import {Writable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {logSinks, Output} from '../../source/commands/logs-output.js';
import {parseScenario} from '../../source/sim/scenario.js';
import {eventually, kubectl, run, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, requireBuild} from '../helpers/tmux.js';

// Text that reorders or hides itself: a right-to-left override (the "Trojan Source" trick),
// SGR conceal and blink. A pipe gets the container's bytes as kubectl writes them; a terminal,
// or a pipe with --sanitize (for `| less -R`), gets them neutralised.

const trojan = `
apiVersion: v1
kind: Pod
metadata: {name: trojan}
spec:
  containers:
  - name: app
    image: busybox:1.36
    x-sim:
      logs:
        every: 0.05
        lines:
        - "invoice \\u202etxt.exe"
        - "hidden \\e[8mrm -rf /\\e[0m shown"
        - "blink \\e[5;31mURGENT\\e[0m"
`;

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: []});
	for (const {pod, behaviours} of parseScenario(trojan)) sim.cluster.createPod(pod, behaviours);
	await eventually(() => (sim.cluster.worker(sim.cluster.pods.get('default', 'trojan')!)?.slot('app')?.current?.end ?? 0) >= 3, 20_000);
}, 30_000);
afterAll(async () => {
	await sim?.close();
});

const podscope = (args: string[]) => run(process.execPath, [podscopeBin, 'logs', '--kubeconfig', sim.kubeconfigPath, 'trojan', '--tail', '3', ...args]);

describe('text that reorders or hides itself', () => {
	it('reaches a pipe byte for byte as kubectl writes it', async () => {
		const [ours, theirs] = await Promise.all([podscope([]), kubectl(sim, ['logs', 'trojan', '--tail', '3'])]);
		// A line may arrive between the two reads: compare what both show of the same three kinds.
		expect(ours.stdout).toContain('invoice \u202etxt.exe');
		expect(ours.stdout).toContain('\x1b[8mrm -rf /');
		expect(new Set(ours.stdout.split('\n'))).toEqual(new Set(theirs.stdout.split('\n')));
	});

	it('is neutralised in a pipe with --sanitize, colour kept for less -R', async () => {
		const {stdout, code} = await podscope(['--sanitize']);
		expect(code).toBe(0);
		expect(stdout).toContain('invoice \\u202etxt.exe');
		expect(stdout).not.toContain('\u202e');
		expect(stdout).toContain('hidden rm -rf /\x1b[0m shown');
		expect(stdout).toContain('blink \x1b[31mURGENT\x1b[0m');
	});

	it('is neutralised on a terminal', async () => {
		let written = '';
		const stream = new Writable({
			write(chunk: Buffer, _encoding, done) {
				written += chunk.toString();
				done();
			},
		}) as unknown as NodeJS.WriteStream;
		const sink = logSinks(new Output(stream), {prefix: false, timestamps: false, tty: true, color: true}, () => {})({
			namespace: 'default',
			pod: 'trojan',
			container: 'app',
		});
		expect(sink.raw).toBeUndefined();
		await sink.lines([
			{text: 'invoice \u202etxt.exe', stamp: '', ms: 1},
			{text: 'hidden \x1b[8mrm -rf /\x1b[0m shown', stamp: '', ms: 2},
		]);
		await eventually(() => written.includes('shown'));
		expect(written).toBe('invoice \\u202etxt.exe\nhidden rm -rf /\x1b[0m shown\n');
	});
});
