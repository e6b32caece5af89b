import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {SessionController} from '../../source/session/controller.js';
import {visibleWidth} from '../../source/model/sanitize.js';
import {App} from '../../source/ui/App.js';
import {makeTheme} from '../../source/ui/theme.js';
import {frameWhere, renderAt} from '../helpers/ink.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

// The logs screen in the App, against the sim: opened from the browser's keys, panes side by
// side, merged, paused, filtered; every frame exactly the terminal's size.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'escape-injection'], speed: 4});
});
afterAll(async () => {
	await sim.close();
});

function open(size: {columns: number; rows: number}, context?: string) {
	const loaded = loadKubeconfig({kubeconfig: sim.kubeconfigPath, context});
	const controller = new SessionController(loaded, {loadOptions: {kubeconfig: sim.kubeconfigPath, context}, allNamespaces: false, readOnly: false, demo: false});
	controller.start();
	const ui = renderAt(<App controller={controller} theme={makeTheme(false)} />, size);
	return {
		controller,
		ui,
		frame: (check: (frame: string) => boolean, timeout = 10_000) => frameWhere(ui.lastFrame, check, timeout),
		close() {
			ui.unmount();
			controller.stop();
		},
	};
}

function assertFits(frame: string, columns: number, rows: number) {
	const lines = frame.split('\n');
	expect(lines.length).toBe(rows);
	for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(columns);
}

describe('logs screen', () => {
	it('opens two marked containers side by side, merges them, pauses with a counter (viewer context)', async () => {
		const app = open({columns: 140, rows: 30}, 'podscope-sim-viewer');
		try {
			await app.frame(frame => frame.includes('web-with-logging'));
			app.ui.stdin.write('j');
			await app.frame(frame => /▸[ !✗]web-with-logging/.test(frame));
			app.ui.stdin.write('\r');
			await app.frame(frame => /▸main\*?\s+web-app/.test(frame));
			app.ui.stdin.write(' ');
			app.ui.stdin.write('j');
			app.ui.stdin.write(' ');
			app.ui.stdin.write('l');
			let frame = await app.frame(frame => frame.includes('web-app ● following') && frame.includes('log-shipper ● following') && frame.includes('GET /') && frame.includes('shipped 2 records'));
			assertFits(frame, 140, 30);
			// Side by side: both panes' top borders on one row.
			expect(frame.split('\n').some(line => line.includes('web-app ●') && line.includes('log-shipper ●'))).toBe(true);

			app.ui.stdin.write('m');
			frame = await app.frame(frame => frame.includes('merged (2)') && frame.includes('web-app     │') && frame.includes('log-shipper │'));
			assertFits(frame, 140, 30);

			app.ui.stdin.write(' ');
			frame = await app.frame(frame => /⏸ \+[1-9]/.test(frame), 15_000);
			assertFits(frame, 140, 30);
			app.ui.stdin.write('G');
			await app.frame(frame => frame.includes('merged (2) ● following'));

			app.ui.stdin.write('f');
			app.ui.stdin.write('(');
			app.ui.stdin.write('\t');
			frame = await app.frame(frame => frame.includes('filter (regex): (█') && frame.includes('invalid regex'));
			app.ui.stdin.write('\u007f');
			for (const char of 'shipped') app.ui.stdin.write(char);
			app.ui.stdin.write('\r');
			frame = await app.frame(frame => frame.includes('filter: ~shipped'));
			const body = frame.split('\n').filter(line => line.includes('│ '));
			expect(body.some(line => line.includes('GET /'))).toBe(false);
			app.ui.stdin.write('\u001b');
			await app.frame(frame => !frame.includes('filter: ~shipped'));
			app.ui.stdin.write('\u001b');
			await app.frame(frame => /▸[ !✗]web-with-logging/.test(frame));
		} finally {
			app.close();
		}
	});

	it('drops probe lines with the filter !healthz, and hides a container of the merged view with h', async () => {
		const app = open({columns: 140, rows: 30});
		try {
			await app.frame(frame => frame.includes('web-with-logging'));
			app.ui.stdin.write('j');
			await app.frame(frame => /▸[ !✗]web-with-logging/.test(frame));
			app.ui.stdin.write('L');
			await app.frame(frame => frame.includes('GET /healthz') && frame.includes('GET /missing') && frame.includes('shipped 2 records'));
			app.ui.stdin.write('f');
			for (const char of '!healthz') app.ui.stdin.write(char);
			app.ui.stdin.write('\r');
			let frame = await app.frame(frame => frame.includes('filter: !healthz') && frame.includes('GET /missing'));
			assertFits(frame, 140, 30);
			expect(frame).not.toContain('GET /healthz');
			expect(frame).toContain('shipped 2 records');

			app.ui.stdin.write('m');
			await app.frame(frame => frame.includes('merged (2)') && frame.includes('shipped 2 records'));
			app.ui.stdin.write('h');
			await app.frame(frame => frame.includes('hide / show (container or pod; empty: show all): █'));
			for (const char of 'log-shipper') app.ui.stdin.write(char);
			app.ui.stdin.write('\r');
			frame = await app.frame(frame => frame.includes('merged (1 of 2)') && frame.includes('hidden: log-shipper') && frame.includes('GET /missing'));
			assertFits(frame, 140, 30);
			expect(frame).not.toContain('shipped 2 records');
			app.ui.stdin.write('h');
			app.ui.stdin.write('\r');
			await app.frame(frame => frame.includes('merged (2)') && frame.includes('shipped 2 records'));
		} finally {
			app.close();
		}
	});

	it('marks containers of two pods and opens them side by side, each titled with its pod', async () => {
		const app = open({columns: 140, rows: 30});
		try {
			await app.frame(frame => /▸[ !✗]escape-injection/.test(frame) && frame.includes('web-with-logging'));
			// escape-injection's one container, then web-with-logging's first.
			app.ui.stdin.write('\r');
			await app.frame(frame => /▸main\*? +noisy/.test(frame));
			app.ui.stdin.write(' ');
			// The mark shows on the row, and the hint counts it.
			await app.frame(frame => /▸main\*? +✓noisy/.test(frame) && frame.includes('l logs (1 marked)'));
			app.ui.stdin.write('\u001b');
			await app.frame(frame => frame.includes('⏎ open'));
			app.ui.stdin.write('j');
			await app.frame(frame => /▸[ !✗]web-with-logging/.test(frame));
			app.ui.stdin.write('\r');
			await app.frame(frame => /▸main\*? +web-app/.test(frame));
			app.ui.stdin.write(' ');
			await app.frame(frame => frame.includes('l logs (2 marked)'));
			app.ui.stdin.write('l');
			const frame = await app.frame(frame => frame.includes('web-with-logging/web-app ●') && /escape-injection\/\S+ ●/.test(frame));
			assertFits(frame, 140, 30);
			expect(frame.split('\n').some(line => line.includes('web-with-logging/web-app ●') && line.includes('escape-injection/'))).toBe(true);
			expect(frame).not.toContain('log-shipper');
		} finally {
			app.close();
		}
	});

	it('shows four panes of five side by side, and reaches the fifth with →', async () => {
		const file = path.join(sim.dir, 'five.yaml');
		writeFileSync(
			file,
			`apiVersion: v1
kind: Pod
metadata: {name: five}
spec:
  containers:
${['one', 'two', 'three', 'four', 'five'].map(name => `  - name: ${name}
    image: busybox:1.36
    x-sim: {logs: {every: 1, lines: ["${name} says {n}"]}}`).join('\n')}
`,
		);
		const fresh = await startTestSim({scenarios: [file]});
		const loaded = loadKubeconfig({kubeconfig: fresh.kubeconfigPath});
		const controller = new SessionController(loaded, {loadOptions: {kubeconfig: fresh.kubeconfigPath}, allNamespaces: false, readOnly: false, demo: false});
		controller.start();
		const ui = renderAt(<App controller={controller} theme={makeTheme(false)} />, {columns: 160, rows: 30});
		try {
			await frameWhere(ui.lastFrame, frame => /▸[ !✗]five/.test(frame), 10_000);
			ui.stdin.write('L');
			let frame = await frameWhere(ui.lastFrame, frame => frame.includes('panes 1–4 of 5 (←/→)') && frame.includes('four says'), 10_000);
			assertFits(frame, 160, 30);
			expect(frame).not.toContain('five says');
			for (let pane = 0; pane < 4; pane++) ui.stdin.write('\u001b[C');
			frame = await frameWhere(ui.lastFrame, frame => frame.includes('panes 2–5 of 5 (←/→)') && frame.includes('five says'), 10_000);
			assertFits(frame, 160, 30);
			expect(frame).not.toContain('one says');
		} finally {
			ui.unmount();
			controller.stop();
			await fresh.close();
		}
	});

	it('S asks where to save, with a name proposed, refuses to overwrite and names the file saved', async () => {
		const app = open({columns: 80, rows: 24});
		const dir = mkdtempSync(path.join(tmpdir(), 'podscope-save-'));
		const target = path.join(dir, 'noisy.log');
		try {
			await app.frame(frame => frame.includes('escape-injection'));
			app.ui.stdin.write('l');
			await app.frame(frame => frame.includes('␛[2J'));
			app.ui.stdin.write('S');
			let frame = await app.frame(frame => / save to: podscope-escape-injection-noisy-\d{8}-\d{6}\.log█/.test(frame));
			assertFits(frame, 80, 24);
			app.ui.stdin.write('\u0015');
			for (const char of target) app.ui.stdin.write(char);
			app.ui.stdin.write('\r');
			frame = await app.frame(frame => / saved \d+ lines? to /.test(frame) && !frame.includes('save to:'));
			expect(readFileSync(target, 'utf8')).toContain('you have been pwned');
			expect(statSync(target).mode & 0o777).toBe(0o600);
			// the same name again: refused with Go's words, the prompt stays to edit the name
			app.ui.stdin.write('S');
			await app.frame(frame => frame.includes(' save to: podscope-'));
			app.ui.stdin.write('\u0015');
			for (const char of target) app.ui.stdin.write(char);
			app.ui.stdin.write('\r');
			frame = await app.frame(frame => frame.includes(`error: open ${target}: file exists`));
			expect(frame).toContain(` save to: ${target}█`);
			assertFits(frame, 80, 24);
			app.ui.stdin.write('\u001b');
			await app.frame(frame => !frame.includes('save to:'));
		} finally {
			app.close();
		}
	});

	it('shows which side-by-side pane has the focus without colour: ▸ and a heavy border', async () => {
		const app = open({columns: 80, rows: 24});
		try {
			await app.frame(frame => frame.includes('web-with-logging'));
			app.ui.stdin.write('j');
			await app.frame(frame => /▸[ !✗]web-with-logging/.test(frame));
			app.ui.stdin.write('L');
			let frame = await app.frame(frame => (frame.match(/[┌┏]━?─? /g) ?? []).length >= 2 && frame.includes('┏━ ▸ '));
			assertFits(frame, 80, 24);
			const titles = (screen: string) => screen.split('\n')[1]!;
			// One pane marked, the first; → moves the mark to the next.
			expect(titles(frame).match(/▸/g)).toHaveLength(1);
			expect(titles(frame).startsWith('┏━ ▸ ')).toBe(true);
			app.ui.stdin.write('\u001b[C');
			frame = await app.frame(frame => frame.split('\n')[1]!.startsWith('┌─ '));
			expect(titles(frame)).toMatch(/^┌─ .*┐┏━ ▸ /);
			expect(frame.split('\n')[2]).toMatch(/^│.*│┃.*┃$/);
		} finally {
			app.close();
		}
	});

	it('keeps hostile escapes visible and harmless, at a small size', async () => {
		const app = open({columns: 80, rows: 24});
		try {
			await app.frame(frame => frame.includes('escape-injection'));
			app.ui.stdin.write('l');
			const frame = await app.frame(frame => frame.includes('␛]0;you have been pwned␇') && frame.includes('␛[2J'));
			assertFits(frame, 80, 24);
			expect(frame.includes('\x1b]')).toBe(false);
			expect(frame.includes('\x1bP')).toBe(false);
		} finally {
			app.close();
		}
	});

	it('helps with the log keys first on a small terminal, and scrolls to the rest', async () => {
		const app = open({columns: 80, rows: 24});
		try {
			await app.frame(frame => frame.includes('escape-injection'));
			app.ui.stdin.write('l');
			await app.frame(frame => frame.includes('● following'));
			app.ui.stdin.write('?');
			let frame = await app.frame(frame => frame.includes('Keys') && frame.includes('j/k to scroll'));
			assertFits(frame, 80, 24);
			// The first entries are the logs screen's own.
			const entries = frame.split('\n').filter(line => /^│ \S/.test(line) && !line.includes('Keys'));
			expect(entries[0]).toMatch(/space\s+logs\s+pause \/ follow/);
			expect(frame).toContain('save the pane');
			expect(frame).not.toContain('switch context');
			app.ui.stdin.write('G');
			frame = await app.frame(frame => frame.includes('switch context') || frame.includes('only Warnings'));
			assertFits(frame, 80, 24);
			expect(frame).not.toContain('pause / follow');
			app.ui.stdin.write('g');
			await app.frame(frame => frame.includes('pause / follow'));
			app.ui.stdin.write('\u001b');
			await app.frame(frame => frame.includes('● following') && !frame.includes('Keys'));
			// The prompt edits as readline does: ^W drops a word, ^U the line.
			app.ui.stdin.write('f');
			for (const char of 'one two') app.ui.stdin.write(char);
			await app.frame(frame => frame.includes('filter: one two█'));
			app.ui.stdin.write('\u0017');
			await app.frame(frame => frame.includes('filter: one █'));
			app.ui.stdin.write('\u0015');
			await app.frame(frame => frame.includes('filter: █'));
			app.ui.stdin.write('\u001b');
			await app.frame(frame => !frame.includes('filter: █'));
			// A search in effect shows in the pane's title, with where its match stands, until esc clears it.
			app.ui.stdin.write('/');
			for (const char of 'pwned') app.ui.stdin.write(char);
			// the prompt counts the matches as lines arrive (one a second here)
			await app.frame(frame => / search: pwned█ +[1-9]\d* match/.test(frame), 20_000);
			app.ui.stdin.write('\r');
			frame = await app.frame(frame => /─ \/pwned \d+\/\d+/.test(frame));
			const [, position, total] = /─ \/pwned (\d+)\/(\d+)/.exec(frame)!;
			// the newest match (a newer one may have arrived since)
			expect(Number(position)).toBeGreaterThanOrEqual(1);
			expect(Number(position)).toBeLessThanOrEqual(Number(total));
			expect(frame).toMatch(new RegExp(`^ /pwned ${position}/${total} \\(n older, N newer\\)`, 'm'));
			assertFits(frame, 80, 24);
			app.ui.stdin.write('\u001b');
			await app.frame(frame => !frame.includes('/pwned'));
		} finally {
			app.close();
		}
	});
});
