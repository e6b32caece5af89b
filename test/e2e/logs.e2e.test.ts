import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {quitRestoresTerminal, podscopeCommand, requireBuild, TmuxSession} from '../helpers/tmux.js';

// The logs screen in a real terminal: two containers marked in the browser, opened side by
// side, both read off the screen; then back, quit, and the terminal as it was.

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['web-with-logging']});
});
afterAll(async () => {
	await sim?.close();
});

const podscope = podscopeCommand;

describe('logs in a terminal', () => {
	it('opens two panes side by side, reads both, merges them, quits and restores the terminal', async () => {
		const tmux = new TmuxSession('logs', path.join(sim.dir, 'logs.status'));
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}'`, {columns: 160, rows: 40});
			await tmux.waitFor(screen => screen.includes('web-with-logging') && screen.includes('● live'));
			tmux.keys('Enter');
			await tmux.waitFor(screen => /▸main\*?\s+web-app/.test(screen));
			tmux.keys('Space', 'j', 'Space', 'l');
			const screen = await tmux.waitFor(
				screen =>
					/web-app ● following/.test(screen) &&
					/log-shipper ● following/.test(screen) &&
					screen.includes('"GET / HTTP/1.1" 200') &&
					screen.includes('shipped 2 records'),
				15_000,
			);
			// Side by side: one row holds both titles, and, soon, lines of both panes.
			expect(screen.split('\n').some(row => row.includes('web-app ●') && row.includes('log-shipper ●'))).toBe(true);
			await tmux.waitFor(screen => screen.split('\n').some(row => row.includes('GET /') && row.includes('shipped 2 records')), 15_000);
			tmux.keys('m');
			await tmux.waitFor(screen => screen.includes('merged (2)') && /web-app\s+│ 10\.42/.test(screen) && /log-shipper │ \d{4}-/.test(screen));
			tmux.keys('Escape');
			await tmux.waitFor(screen => screen.includes('Pods (1)'));
			await quitRestoresTerminal(tmux);
		} finally {
			tmux.kill();
		}
	});
});
