import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {cookedMode, quitRestoresTerminal, podscopeCommand, requireBuild, TmuxSession} from '../helpers/tmux.js';

// The real binary in a real terminal: open the browser, find a pod, read its containers off
// the screen, quit, and check the terminal came back as it was.

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['native-sidecar', 'web-with-logging', 'pod-with-init', 'escape-injection']});
});
afterAll(async () => {
	await sim?.close();
});

const podscope = podscopeCommand;

describe('podscope in a terminal', () => {
	it('navigates to a pod, shows its grouped containers, quits and restores the terminal', async () => {
		const tmux = new TmuxSession('browse', path.join(sim.dir, 'browse.status'));
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}'`, {columns: 120, rows: 40});
			await tmux.waitFor(screen => screen.includes('web-with-logging') && screen.includes('● live'));
			expect(tmux.alternateScreen()).toBe(true);
			tmux.type('/native');
			tmux.keys('Enter');
			await tmux.waitFor(screen => screen.includes('Pods (1 of 4)'));
			tmux.keys('Enter');
			// The app starts once envoy's startup probe passes: wait for the pod to be ready.
			await tmux.waitFor(screen => /▸sidecar\s+envoy/.test(screen) && /main\*?\s+app/.test(screen) && /native-sidecar ─ Running 2\/2/.test(screen));
			tmux.keys('j');
			await tmux.waitFor(screen => /▸main\*?\s+app/.test(screen));
			await quitRestoresTerminal(tmux);
			expect(tmux.cursorVisible()).toBe(true);
		} finally {
			tmux.kill();
		}
	});

	it('keeps the header whole when keys are typed while it starts', async () => {
		const tmux = new TmuxSession('early-keys', path.join(sim.dir, 'early-keys.status'));
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}'`, {columns: 80, rows: 24});
			// One key while node and the CLI load, one as the screen switches: echoed, either
			// shifted the first frame, whose header then wrapped and scrolled off.
			tmux.type('j');
			await tmux.waitFor(() => tmux.alternateScreen(), 10_000);
			tmux.type('j');
			// (keys typed before the list is there have nothing to move)
			const screen = await tmux.waitFor(screen => screen.includes('● live') && screen.includes('web-with-logging'));
			const lines = screen.split('\n');
			expect(lines[0]).toMatch(/^ podscope {2}podscope-sim ▸ default {2}127\.0\.0\.1:\d+ {2}● live +\? help\s*$/);
			expect(lines[1]).toMatch(/^┌─ Pods \(4\) ─+┐$/);
			expect(lines.length).toBeGreaterThanOrEqual(24);
			// and the keys still work
			tmux.type('G');
			await tmux.waitFor(screen => /▸.web-with-logging/.test(screen) && screen.split('\n')[0]!.startsWith(' podscope  podscope-sim'));
			await quitRestoresTerminal(tmux);
		} finally {
			tmux.kill();
		}
	});

	it('fits 80×24: badges, the keys that matter and a describe that wraps', async () => {
		const tmux = new TmuxSession('narrow', path.join(sim.dir, 'narrow.status'));
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}' --read-only`, {columns: 80, rows: 24});
			let screen = await tmux.waitFor(current => current.includes('web-with-logging') && current.includes('● live'));
			// The header is the first of the 24 rows, the keys the 23rd.
			const lines = (text: string) => text.split('\n');
			expect(lines(screen)[0]).toContain('● live  READ-ONLY');
			const keys = lines(screen)[22]!;
			for (const hint of ['/ filter', 'n ns', 'c ctx', 'q quit', '? help']) expect(keys).toContain(hint);
			tmux.keys('Enter');
			screen = await tmux.waitFor(current => current.includes('esc pods'));
			for (const hint of ['e events', 't timeline', 'x doctor']) expect(lines(screen)[22]).toContain(hint);
			tmux.keys('d');
			screen = await tmux.waitFor(current => current.includes('Container ID:'));
			// The ID (containerd:// and 64 hex digits) is longer than the line: it wraps, nothing cut.
			expect(screen).toMatch(/containerd:\/\/[0-9a-f]+│\n│ +[0-9a-f]+ +│/);
			tmux.keys('w');
			await tmux.waitFor(current => current.includes('(not wrapped)') && /containerd:\/\/[0-9a-f]+…│/.test(current));
			tmux.keys('Escape');
			await tmux.waitFor(current => current.includes('esc pods'));
			tmux.keys('Escape');
			await tmux.waitFor(current => current.includes('/ filter'));
			await quitRestoresTerminal(tmux);
		} finally {
			tmux.kill();
		}
	});

	it('restores the terminal when killed with SIGTERM', async () => {
		const tmux = new TmuxSession('sigterm', path.join(sim.dir, 'sigterm.status'));
		const pidFile = path.join(sim.dir, 'sigterm.pid');
		try {
			// A background job of a non-interactive shell gets /dev/null as stdin unless told otherwise.
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}' </dev/tty & echo $! > '${pidFile}'; wait $!`, {columns: 100, rows: 30});
			await tmux.waitFor(screen => screen.includes('● live'));
			expect(tmux.alternateScreen()).toBe(true);
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

	it('exits when its terminal goes away (hangup) instead of lingering', async () => {
		const tmux = new TmuxSession('hangup', path.join(sim.dir, 'hangup.status'));
		const pidFile = path.join(sim.dir, 'hangup.pid');
		let pid = 0;
		const alive = () => {
			try {
				process.kill(pid, 0);
				return true;
			} catch {
				return false;
			}
		};
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}' </dev/tty & echo $! > '${pidFile}'; wait`, {columns: 100, rows: 30});
			await tmux.waitFor(screen => screen.includes('● live'));
			pid = Number(readFileSync(pidFile, 'utf8'));
			tmux.kill();
			const deadline = Date.now() + 5000;
			while (alive() && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100));
			expect(alive()).toBe(false);
		} finally {
			// Never leave a terminal or a podscope behind, whatever failed.
			tmux.kill();
			if (pid && alive()) process.kill(pid, 'SIGKILL');
		}
	});

	it('keeps escape sequences from the cluster off the terminal', async () => {
		const tmux = new TmuxSession('escape', path.join(sim.dir, 'escape.status'));
		try {
			tmux.start(`${podscope} --kubeconfig '${sim.kubeconfigPath}'`, {columns: 120, rows: 40});
			await tmux.waitFor(screen => screen.includes('escape-injection'));
			// Its annotation (title, clear screen, cursor home) reaches the terminal in describe,
			// and its log lines (clipboard, title, hyperlink, DCS) in the logs screen.
			tmux.type('/escape');
			tmux.keys('Enter');
			tmux.keys('d');
			await tmux.waitFor(screen => screen.includes('podscope.dev/note'));
			tmux.keys('Escape');
			await tmux.waitFor(screen => screen.includes('Pods ('));
			tmux.keys('l');
			await tmux.waitFor(screen => screen.includes('clipboard') && screen.includes('link'), 10_000);
			const screen = tmux.screen();
			// Header intact (nothing cleared the screen or moved the cursor), the sequences shown
			// as text, and the window title untouched.
			expect(screen.split('\n')[0]).toContain('podscope');
			expect(screen).toContain('␛]52;');
			expect(tmux.title()).not.toContain('pwned');
			tmux.keys('Escape');
			await tmux.waitFor(screen => screen.includes('Pods ('));
			tmux.keys('q');
			const {code} = await tmux.exitStatus();
			expect(code).toBe(0);
		} finally {
			tmux.kill();
		}
	});

	it('refuses to start without a terminal and points to the plain commands', async () => {
		const {run} = await import('../helpers/sim.js');
		const result = await run(process.execPath, ['bin/podscope.js', '--kubeconfig', sim.kubeconfigPath], {});
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/needs a terminal.*podscope logs/);
	});
});
