import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {cookedMode, podscopeCommand, requireBuild, TmuxSession} from '../helpers/tmux.js';

// A shell from the TUI in a real terminal: open it, run a command, read the output off the
// screen, leave, and find the browser where it was with the terminal intact.

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['web-with-logging', 'distroless-app']});
	await eventually(() => sim.cluster.pods.get('default', 'web-with-logging')?.status?.containerStatuses?.every(status => status.ready), 25_000);
});
afterAll(async () => {
	await sim?.close();
});

const podscope = podscopeCommand;

describe('shell from the TUI', () => {
	it('opens a shell, runs a command, and comes back to the same selection', async () => {
		const tmux = new TmuxSession('shell', path.join(sim.dir, 'shell.status'));
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}'`, {columns: 120, rows: 40});
			await tmux.waitFor(screen => screen.includes('web-with-logging') && screen.includes('● live'));
			tmux.type('/web-with');
			tmux.keys('Enter');
			tmux.keys('Enter');
			await tmux.waitFor(screen => /▸main\*?\s+web-app/.test(screen));
			tmux.keys('j');
			await tmux.waitFor(screen => /▸main\s+log-shipper/.test(screen));
			tmux.keys('s');
			await tmux.waitFor(screen => screen.includes('shell in web-with-logging/log-shipper'));
			expect(tmux.alternateScreen()).toBe(false);
			tmux.type('echo marker-$((6*7)) $HOSTNAME; stty size');
			tmux.keys('Enter');
			await tmux.waitFor(screen => screen.includes('marker-42 web-with-logging') && screen.includes('40 120'));
			tmux.type('exit 7');
			tmux.keys('Enter');
			const screen = await tmux.waitFor(screen => screen.includes('bash in web-with-logging/log-shipper exited with code 7'));
			expect(screen).toMatch(/▸main\s+log-shipper/);
			expect(tmux.alternateScreen()).toBe(true);
			tmux.keys('q');
			const {code, stty} = await tmux.exitStatus();
			expect(code).toBe(0);
			expect(cookedMode(stty)).toBe(true);
		} finally {
			tmux.kill();
		}
	});

	it('starts a second shell on a clean screen and comes back to an intact screen each time', async () => {
		const tmux = new TmuxSession('shell-twice', path.join(sim.dir, 'shell-twice.status'));
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}'`, {columns: 80, rows: 24});
			await tmux.waitFor(screen => screen.includes('web-with-logging') && screen.includes('● live'));
			tmux.type('/web-with');
			tmux.keys('Enter');
			tmux.keys('Enter');
			await tmux.waitFor(screen => /▸main\*?\s+web-app/.test(screen));
			for (const round of ['first', 'second']) {
				tmux.keys('s');
				let screen = await tmux.waitFor(screen => screen.includes('shell in web-with-logging/web-app'));
				// nothing of the last session above this one
				expect(screen.split('\n')[0]).toMatch(/^podscope: shell in web-with-logging\/web-app/);
				expect(screen).not.toContain('marker-');
				tmux.type(`echo marker-${round}-$((6*7))`);
				tmux.keys('Enter');
				await tmux.waitFor(screen => screen.includes(`marker-${round}-42`));
				// leave mid-line (no "exit" line from bash): the TUI must not care where the cursor was
				tmux.type('printf no-newline; kill -9 $$');
				tmux.keys('Enter');
				screen = await tmux.waitFor(screen => tmux.alternateScreen() && screen.includes('in web-with-logging/web-app exited with code 137'));
				expect(tmux.alternateScreen()).toBe(true);
				expect(screen.split('\n')[0]).toMatch(/^ podscope {2}podscope-sim ▸ default .*\? help\s*$/);
				expect(screen).not.toContain('marker-');
			}
			tmux.keys('q');
			const {code, stty} = await tmux.exitStatus();
			expect(code).toBe(0);
			expect(cookedMode(stty)).toBe(true);
		} finally {
			tmux.kill();
		}
	});

	it('refuses shells in read-only mode and sends no exec request', async () => {
		const tmux = new TmuxSession('readonly', path.join(sim.dir, 'readonly.status'));
		const before = sim.server.requests.length;
		try {
			tmux.start(`${podscope} --read-only --kubeconfig '${sim.kubeconfigPath}'`, {columns: 120, rows: 40});
			await tmux.waitFor(screen => screen.includes('READ-ONLY') && screen.includes('web-with-logging'));
			tmux.type('/web-with');
			tmux.keys('Enter');
			tmux.keys('Enter');
			await tmux.waitFor(screen => /▸main\*?\s+web-app/.test(screen));
			tmux.keys('s');
			await tmux.waitFor(screen => screen.includes('read-only mode: shells and debug containers are disabled'));
			tmux.keys('q');
			await tmux.exitStatus();
			const writes = sim.server.requests
				.slice(before)
				.filter(
					request => request.user === 'admin' && (/\/(exec|attach|ephemeralcontainers)/.test(request.path) || !['get', 'list', 'watch'].includes(request.verb)),
				);
			expect(writes).toEqual([]);
		} finally {
			tmux.kill();
		}
	});

	it('offers a debug container for a distroless container and attaches to it', async () => {
		const tmux = new TmuxSession('debug', path.join(sim.dir, 'debug.status'));
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}'`, {columns: 120, rows: 40});
			await tmux.waitFor(screen => screen.includes('distroless-app') && screen.includes('● live'));
			tmux.type('/distro');
			tmux.keys('Enter');
			tmux.keys('Enter');
			await tmux.waitFor(screen => /▸main\*?\s+app/.test(screen));
			tmux.keys('s');
			await tmux.waitFor(screen => screen.includes('no shell in distroless-app/app: press y'));
			tmux.keys('y');
			await tmux.waitFor(screen => /attached to distroless-app\/debugger-\w+/.test(screen), 15_000);
			tmux.keys('Enter');
			tmux.type('echo debug-$((1+1))');
			tmux.keys('Enter');
			await tmux.waitFor(screen => screen.includes('debug-2'));
			tmux.type('exit');
			tmux.keys('Enter');
			await tmux.waitFor(screen => /ephemeral\s+debugger-\w+/.test(screen) && /debug shell in distroless-app\/debugger-\w+ exited with code 0/.test(screen));
			tmux.keys('q');
			const {stty} = await tmux.exitStatus();
			expect(cookedMode(stty)).toBe(true);
		} finally {
			tmux.kill();
		}
	});
});

describe('shell sessions and signals', () => {
	it('restores the terminal when podscope is killed during a shell', async () => {
		const tmux = new TmuxSession('shellterm', path.join(sim.dir, 'shellterm.status'));
		const pidFile = path.join(sim.dir, 'shellterm.pid');
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}' </dev/tty & echo $! > '${pidFile}'; wait $!`, {columns: 120, rows: 40});
			await tmux.waitFor(screen => screen.includes('web-with-logging') && screen.includes('● live'));
			tmux.type('/web-with');
			tmux.keys('Enter');
			tmux.keys('Enter');
			await tmux.waitFor(screen => /▸main\*?\s+web-app/.test(screen));
			tmux.keys('s');
			await tmux.waitFor(screen => screen.includes('shell in web-with-logging/web-app'));
			const {readFileSync} = await import('node:fs');
			process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
			const {stty, code} = await tmux.exitStatus(15_000);
			// 128 + 15, as a shell reports a process SIGTERM ended.
			expect(code).toBe(143);
			expect(cookedMode(stty)).toBe(true);
			expect(tmux.alternateScreen()).toBe(false);
			expect(tmux.cursorVisible()).toBe(true);
		} finally {
			tmux.kill();
		}
	});
});
