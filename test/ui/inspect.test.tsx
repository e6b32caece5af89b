import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {SessionController} from '../../source/session/controller.js';
import {visibleWidth} from '../../source/model/sanitize.js';
import {App} from '../../source/ui/App.js';
import {makeTheme} from '../../source/ui/theme.js';
import {frameWhere, renderAt} from '../helpers/ink.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

// The describe, events, timeline and doctor screens, opened from the browser with d, e, t and
// x as a user would, at 80 and 160 columns: every frame exactly the terminal's height, never
// wider than it.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['crashloop', 'native-sidecar', 'web-app-complete']});
});
afterAll(async () => {
	await sim.close();
});

const sizes = [
	{columns: 80, rows: 24},
	{columns: 160, rows: 40},
];

function open(size: {columns: number; rows: number}) {
	const loaded = loadKubeconfig({kubeconfig: sim.kubeconfigPath});
	const controller = new SessionController(loaded, {loadOptions: {kubeconfig: sim.kubeconfigPath}, allNamespaces: false, readOnly: false, demo: false});
	controller.start();
	const ui = renderAt(<App controller={controller} theme={makeTheme(false)} />, size);
	const frame = (check: (frame: string) => boolean, timeout = 15_000) => frameWhere(ui.lastFrame, check, timeout);
	return {
		ui,
		controller,
		frame,
		keys: (text: string) => ui.stdin.write(text),
		/** Select a pod with the browser's filter. */
		async select(pod: string) {
			await frame(current => current.includes(pod));
			ui.stdin.write('/');
			ui.stdin.write(pod);
			ui.stdin.write('\r');
			await frame(current => new RegExp(`▸[ !✗]${pod}`).test(current));
		},
		close() {
			ui.unmount();
			controller.stop();
		},
	};
}

function assertFits(frame: string, size: {columns: number; rows: number}) {
	const lines = frame.split('\n');
	expect(lines.length).toBe(size.rows);
	for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(size.columns);
}

describe.each(sizes)('inspect screens at $columns×$rows', size => {
	it('describe: kubectl\'s text, scrolled, searched with / and n, closed with esc', async () => {
		const app = open(size);
		try {
			await app.select('web-app-complete');
			app.keys('d');
			let frame = await app.frame(current => current.includes('describe web-app-complete') && current.includes('Name:'));
			assertFits(frame, size);
			expect(frame).toMatch(/Namespace: +default/);
			app.keys('/');
			app.keys('Requests');
			await app.frame(current => current.includes('/Requests'));
			app.keys('\r');
			frame = await app.frame(current => /\/Requests: 3 matches/.test(current));
			assertFits(frame, size);
			expect(frame).toContain('Requests:');
			app.keys('n');
			app.keys('G');
			// At the end ("117–134/134"), and still there as events arrive and wrap over more rows.
			frame = await app.frame(current => /–(\d+)\/\1 /.test(current) && current.includes('Normal'));
			assertFits(frame, size);
			app.keys('\u001b');
			await app.frame(current => !current.includes('/Requests'));
			app.keys('\u001b');
			frame = await app.frame(current => !current.includes('describe web-app-complete'));
			assertFits(frame, size);
		} finally {
			app.close();
		}
	});

	it('events: live, newest first, Warnings only with W', async () => {
		const app = open(size);
		try {
			await app.select('crashloop');
			app.keys('e');
			// The first event (Scheduled) and a later one (BackOff) both on screen, the later one above.
			let frame = await app.frame(current => current.includes('events crashloop') && current.includes('BackOff') && current.includes('Scheduled'));
			assertFits(frame, size);
			expect(frame).toMatch(/TYPE +REASON +AGE +FROM/);
			expect(frame.indexOf('BackOff')).toBeLessThan(frame.indexOf('Scheduled'));
			app.keys('W');
			frame = await app.frame(current => current.includes('(warnings)'));
			assertFits(frame, size);
			expect(frame).not.toContain('Scheduled');
			expect(frame).toContain('BackOff');
		} finally {
			app.close();
		}
	});

	it('describe: long lines wrap under their value; w cuts them, ←/→ scroll sideways', async () => {
		const app = open(size);
		try {
			await app.select('crashloop');
			app.keys('d');
			await app.frame(current => current.includes('describe crashloop') && current.includes('Name:'));
			app.keys('/Container ID\r');
			let frame = await app.frame(current => current.includes(': 1 match') && /Container ID: +containerd:\/\//.test(current));
			assertFits(frame, size);
			// The 64 hex digits of the ID, whole across the rows it wraps over.
			const rows = frame.split('\n').map(line => line.replace(/^│|│$/g, ''));
			const at = rows.findIndex(line => line.includes('containerd://'));
			const id = rows[at]!.split('containerd://')[1]!.trim() + (rows[at]!.trimEnd().length >= size.columns - 2 ? rows[at + 1]!.trim() : '');
			expect(id).toMatch(/^[0-9a-f]{64}$/);
			app.keys('w');
			frame = await app.frame(current => current.includes('(not wrapped)'));
			assertFits(frame, size);
			// The top line stays; cut, it says so.
			expect(frame).toMatch(/Container ID: +containerd:\/\//);
			if (size.columns < 100) {
				expect(frame).toMatch(/containerd:\/\/[0-9a-f]+…│/);
				app.keys('ll');
				frame = await app.frame(current => current.includes('from column'));
				assertFits(frame, size);
				expect(frame).not.toMatch(/│ +Container ID:/);
			}
			app.keys('w');
			await app.frame(current => !current.includes('not wrapped'));
		} finally {
			app.close();
		}
	});

	it('events: a long message wraps under MESSAGE, whole', async () => {
		const app = open(size);
		try {
			await app.select('crashloop');
			app.keys('e');
			const frame = await app.frame(current => current.includes('events crashloop') && current.includes('BackOff'), 30_000);
			assertFits(frame, size);
			const text = frame
				.split('\n')
				.map(line => line.replace(/^│|│$/g, '').trim())
				.join(' ')
				.replace(/ +/g, ' ');
			expect(text).toContain('Back-off restarting failed container payments in pod crashloop_default');
			expect(frame).not.toMatch(/restarting failed …/);
		} finally {
			app.close();
		}
	}, 40_000);

	it('timeline: native-sidecar\'s story on one axis', async () => {
		const app = open(size);
		try {
			await app.select('native-sidecar');
			app.keys('t');
			const frame = await app.frame(current => current.includes("envoy's startupProbe passed"));
			assertFits(frame, size);
			expect(frame).toMatch(/sidecar +envoy/);
			expect(frame).toMatch(/main +app/);
		} finally {
			app.close();
		}
	});

	it('timeline: every run of the crash loop, its state in full on the detail line', async () => {
		const app = open(size);
		try {
			await app.select('crashloop');
			app.keys('t');
			// payments exits after 2 s and restarts at once, then after 10 s: wait for its second run.
			const frame = await app.frame(current => /payments: .* · ([2-9]|\d\d+) runs/.test(current), 30_000);
			assertFits(frame, size);
			expect(frame).toMatch(/main +payments .*↻/);
			expect(frame).toContain('▒ probe wait');
			expect(frame).not.toMatch(/CrashLoopBa…|Crash…/);
		} finally {
			app.close();
		}
	}, 40_000);

	it('doctor: the crash loop with its evidence and fix', async () => {
		const app = open(size);
		try {
			await app.select('crashloop');
			app.keys('x');
			const frame = await app.frame(current => current.includes('doctor crashloop') && current.includes('CrashLoopBackOff') && current.includes('panic'), 30_000);
			assertFits(frame, size);
			expect(frame).toContain('✗ error');
		} finally {
			app.close();
		}
	}, 40_000);
});
