import {afterEach, describe, expect, it} from 'vitest';
import {sortPods} from '../../source/model/app-state.js';
import type {KubeEvent} from '../../source/model/k8s.js';
import {emptyUsage} from '../../source/model/usage.js';
import {crashLoop, initCrashLoop, sidecarRunning, variant} from '../fixtures/pods.js';
import {assertFits, type BrowserOptions, openBrowser} from '../helpers/browser.js';
import {frameWhere} from '../helpers/ink.js';

// The browser at 80×24 (and 200×50): what matters is never cut while space is wasted: STATUS,
// RESTARTS, the warning mark, the header's badges, the footer's keys and messages; and the
// marks are explained.

const small = {columns: 80, rows: 24};
const large = {columns: 200, rows: 50};

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

function open(size = small, options: BrowserOptions = {}) {
	const browser = openBrowser(size, options);
	cleanup.push(browser.close);
	browser.dispatch({type: 'connection', connection: {phase: 'live'}});
	return {...browser, frame: (check: (frame: string) => boolean) => frameWhere(browser.ui.lastFrame, check), keys: (text: string) => browser.ui.stdin.write(text)};
}

const inShop = (name: string) => (pod: {metadata: object}) => {
	pod.metadata = {...pod.metadata, name, namespace: 'shop'};
};
const pods = sortPods(
	[variant(crashLoop, inShop('app-with-db-ambassador')), variant(initCrashLoop, inShop('multi-init-pod')), variant(sidecarRunning, inShop('native-sidecar'))],
	false,
);

const backOff = (container: string): KubeEvent => ({
	metadata: {name: `backoff-${container}`, namespace: 'shop'},
	involvedObject: {kind: 'Pod', namespace: 'shop', name: 'app-with-db-ambassador', fieldPath: `spec.containers{${container}}`},
	type: 'Warning',
	reason: 'BackOff',
	message: `Back-off restarting failed container ${container} in pod app-with-db-ambassador_shop`,
	lastTimestamp: new Date(Date.now() - 5000).toISOString(),
	count: 3,
});

const lineWith = (frame: string, text: string) => frame.split('\n').find(line => line.includes(text)) ?? '';
const footer = (frame: string) => frame.split('\n').slice(-2);

describe('the browser on a small terminal', () => {
	for (const size of [small, large]) {
		it(`shows the warning mark ⚠ whole on its container's row at ${size.columns}×${size.rows}`, async () => {
			const app = open(size);
			app.dispatch({type: 'pods', pods});
			app.dispatch({type: 'details', details: {key: 'shop/app-with-db-ambassador', events: [backOff('checkout')], usage: emptyUsage()}});
			app.keys('\r');
			const frame = await app.frame(current => /▸main\*? +checkout/.test(current));
			assertFits(frame, size);
			expect(lineWith(frame, 'checkout ')).toMatch(/CrashLoopBackOff.* ⚠ *│$/);
			expect(lineWith(frame, 'envoy ')).not.toContain('⚠');
			// What the mark is about, under the table.
			expect(frame).toContain('warning ⚠ BackOff: Back-off restarting failed container checkout');
			expect(lineWith(frame, 'checkout ')).not.toMatch(/…\s*│$/);
		});
	}

	it('gives STATUS its whole text while NAME has room to spare', async () => {
		const app = open();
		app.dispatch({type: 'pods', pods});
		const frame = await app.frame(current => current.includes('native-sidecar'));
		assertFits(frame, small);
		expect(frame).toMatch(/multi-init-pod +0\/1 +Init:CrashLoopBackOff +4 \(/);
		expect(frame).not.toMatch(/Init:CrashLoopB…/);
	});

	it('keeps RESTARTS with -A, next to NAMESPACE', async () => {
		const app = open(small, {allNamespaces: true});
		app.dispatch({type: 'pods', pods: sortPods(pods, true)});
		const frame = await app.frame(current => current.includes('native-sidecar'));
		assertFits(frame, small);
		expect(frame).toMatch(/NAMESPACE +NAME +READY +STATUS +RESTARTS +AGE/);
		expect(lineWith(frame, 'multi-init-pod')).toMatch(/Init:CrashLoopBackOff +4\b/);
	});

	it('shows READ-ONLY and DEMO whole, dropping the server address first', async () => {
		const app = open(small, {readOnly: true, demo: true});
		const {session} = app.controller.store.getSnapshot();
		app.dispatch({type: 'session', session: {...session, server: 'https://api.cluster-7.k8s.example.internal:6443'}});
		app.dispatch({type: 'connection', connection: {phase: 'live'}});
		const frame = await app.frame(current => current.includes('● live'));
		assertFits(frame, small);
		const header = frame.split('\n')[0]!;
		expect(header).toContain('DEMO  READ-ONLY');
		expect(header).toContain('k3s-prod ▸ shop');
		expect(header).toMatch(/\? help *$/);
	});

	it("lists / n c q and ? in the pods' footer, whole hints only", async () => {
		const app = open();
		app.dispatch({type: 'pods', pods});
		const frame = await app.frame(current => current.includes('native-sidecar'));
		const [keys] = footer(frame);
		for (const hint of ['⏎ open', 'l logs', 'd describe', 'x doctor', '/ filter', 'n ns', 'c ctx', 'q quit', '? help']) expect(keys).toContain(hint);
		expect(keys).not.toContain('…');
	});

	it("lists e, t and x in the containers' footer", async () => {
		const app = open();
		app.dispatch({type: 'pods', pods});
		app.keys('\r');
		const frame = await app.frame(current => current.includes('esc pods'));
		const [keys] = footer(frame);
		for (const hint of ['l logs', 's shell', 'd describe', 'e events', 't timeline', 'x doctor', '? help']) expect(keys).toContain(hint);
		expect(keys).not.toContain('…');
	});

	it('wraps a long message over the footer and keeps its end', async () => {
		const app = open();
		app.dispatch({type: 'pods', pods});
		const file = '/home/someone/work/debugging/podscope-shop-app-with-db-ambassador-checkout-20261205-211920.log';
		app.dispatch({type: 'message', text: `saved 225 lines to ${file}`, level: 'info', at: Date.now()});
		const frame = await app.frame(current => current.includes('saved 225 lines'));
		assertFits(frame, small);
		expect(footer(frame).join('').replace(/ +/g, ' ')).toContain('211920.log');
		// Longer than both lines: the middle goes, the end stays.
		const forbidden = `pods "app-with-db-ambassador" is forbidden: User "system:serviceaccount:shop:viewer" cannot create resource "pods/ephemeralcontainers" in API group "" in the namespace "shop"; ask for the debug role`;
		app.dispatch({type: 'message', text: forbidden, level: 'error', at: Date.now()});
		const cut = await app.frame(current => current.includes('is forbidden'));
		assertFits(cut, small);
		expect(footer(cut).join('')).toContain('…');
		expect(footer(cut)[1]).toMatch(/ask for the debug role *$/);
	});

	it('explains main*, ⚠ and the doctor marks in the help, on its first page in container focus', async () => {
		const app = open();
		app.dispatch({type: 'pods', pods});
		app.keys('\r');
		await app.frame(current => current.includes('esc pods'));
		app.keys('?');
		const frame = await app.frame(current => current.includes('Keys'));
		assertFits(frame, small);
		expect(frame).toContain('Marks');
		expect(lineWith(frame, 'main* ')).toMatch(/the default container: logs, exec without -c *│$/);
		expect(lineWith(frame, '⚠ ')).toMatch(/a recent Warning event \(its text under the table\) *│$/);
		expect(lineWith(frame, '✗ ! ')).toContain('the doctor found an error / a warning');
	});
});
