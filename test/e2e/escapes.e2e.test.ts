import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeCommand, requireBuild, TmuxSession} from '../helpers/tmux.js';

// Hostile output on a real terminal: the escape-injection pod's log lines and annotation carry
// title, clipboard, clear-screen, cursor and hyperlink sequences. None may act.

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['escape-injection']});
	await eventually(() => (sim.cluster.worker(sim.cluster.pods.get('default', 'escape-injection')!)?.slot('noisy')?.current?.end ?? 0) >= 7, 20_000);
});
afterAll(async () => {
	await sim?.close();
});

const podscope = podscopeCommand;

describe('escape sequences from the cluster', () => {
	for (const [name, command] of [
		['podscope logs on a terminal', `${podscope} logs escape-injection --tail 7 --kubeconfig '${sim?.kubeconfigPath ?? ''}'`],
		['podscope describe on a terminal', `${podscope} describe escape-injection --kubeconfig '${sim?.kubeconfigPath ?? ''}'`],
	] as const) {
		it(`${name} shows them escaped and lets none act`, async () => {
			const tmux = new TmuxSession(name.split(' ')[1]!, path.join(sim.dir, `${name.split(' ')[1]}.status`));
			try {
				// The command is built when the test runs: the sim exists by then.
				const line = command.replace(/--kubeconfig ''/, `--kubeconfig '${sim.kubeconfigPath}'`);
				tmux.start(`printf 'BEFORE\\n'; ${line}`, {columns: 160, rows: 150});
				const {code} = await tmux.exitStatus(20_000);
				expect(code).toBe(0);
				const screen = tmux.screen();
				// Nothing cleared the screen or moved the cursor home: the first line is still there.
				expect(screen.split('\n')[0]).toBe('BEFORE');
				expect(screen).toContain('␛]');
				expect(tmux.title()).not.toContain('pwned');
			} finally {
				tmux.kill();
			}
		});
	}
});
