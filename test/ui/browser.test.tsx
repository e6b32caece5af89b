import {afterEach, describe, expect, it} from 'vitest';
import {sortPods} from '../../source/model/app-state.js';
import {visibleWidth} from '../../source/model/sanitize.js';
import {crashLoop, initCrashLoop, sidecarRunning, variant} from '../fixtures/pods.js';
import {type BrowserOptions, openBrowser} from '../helpers/browser.js';
import {frameWhere} from '../helpers/ink.js';

// The browser's screens fed straight from the store: no server is started, so these test
// what each state looks like, not how it is reached.

let cleanup: Array<() => void> = [];
afterEach(() => {
	for (const fn of cleanup) fn();
	cleanup = [];
});

function open(size = {columns: 80, rows: 24}, options: BrowserOptions = {}) {
	const browser = openBrowser(size, options);
	cleanup.push(browser.close);
	return browser;
}

const pods = sortPods(
	[
		variant(crashLoop, pod => (pod.metadata = {...pod.metadata, name: 'app-with-db-ambassador', namespace: 'shop'})),
		variant(initCrashLoop, pod => (pod.metadata = {...pod.metadata, name: 'multi-init-pod', namespace: 'shop'})),
		variant(sidecarRunning, pod => (pod.metadata = {...pod.metadata, name: 'native-sidecar', namespace: 'shop'})),
	],
	false,
);

function assertFits(frame: string, columns: number, rows: number) {
	const lines = frame.split('\n');
	expect(lines.length).toBeLessThanOrEqual(rows);
	for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(columns);
}

describe('pod browser screens', () => {
	it('shows a spinner while connecting, with the context and server', async () => {
		const {ui} = open();
		const frame = await frameWhere(ui.lastFrame, f => f.includes('connecting to'));
		expect(frame).toContain('k3s-prod ▸ shop');
		expect(frame).toContain('10.0.0.5:6443');
		expect(frame).toContain('● connecting');
	});

	it('says there are no pods and which key switches namespace', async () => {
		const {ui, dispatch} = open();
		dispatch({type: 'connection', connection: {phase: 'live'}});
		dispatch({type: 'pods', pods: []});
		const frame = await frameWhere(ui.lastFrame, f => f.includes('no pods'));
		expect(frame).toContain('no pods in namespace shop');
		expect(frame).toContain('press n to switch namespace');
		expect(frame).toContain('● live');
	});

	it('names the verb, resource and namespace of a 403 and offers the namespace switch', async () => {
		const {ui, dispatch} = open();
		const error = 'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "shop"';
		dispatch({type: 'connection', connection: {phase: 'error', error, code: 403, retryAt: Date.now() + 5000}});
		const frame = await frameWhere(ui.lastFrame, f => f.includes('forbidden'));
		expect(frame).toContain('cannot list resource "pods"');
		expect(frame).toContain('press n');
	});

	it('says whose credentials were rejected on a 401, and that ctrl+r tries again', async () => {
		const {ui, dispatch} = open();
		dispatch({type: 'connection', connection: {phase: 'error', error: 'Unauthorized', code: 401}});
		const frame = await frameWhere(ui.lastFrame, f => f.includes('were rejected'));
		expect(frame.replace(/\s+/g, ' ')).toContain('the credentials of user "admin" (context k3s-prod) were rejected');
		expect(frame.replace(/\s+/g, ' ')).toContain('press ctrl+r to reconnect');
		expect(frame).toContain('● Unauthorized (admin) ^R');
		expect(frame).not.toContain('retrying');
	});

	it('names the server and retries when it is unreachable', async () => {
		const {ui, dispatch} = open();
		dispatch({type: 'connection', connection: {phase: 'reconnecting', error: 'Unable to connect to the server: dial tcp 10.0.0.5:6443: connect: connection refused', retryAt: Date.now() + 4000}});
		const frame = await frameWhere(ui.lastFrame, f => f.includes('cannot reach'));
		expect(frame).toContain('https://10.0.0.5:6443');
		expect(frame).toMatch(/reconnecting in \ds/);
	});

	for (const size of [
		{columns: 80, rows: 24},
		{columns: 200, rows: 50},
	]) {
		it(`lists pods with kubectl's columns and the grouped containers at ${size.columns}x${size.rows}`, async () => {
			const {ui, dispatch} = open(size);
			dispatch({type: 'connection', connection: {phase: 'live'}});
			dispatch({type: 'pods', pods});
			let frame = await frameWhere(ui.lastFrame, f => f.includes('native-sidecar'));
			assertFits(frame, size.columns, size.rows);
			expect(frame).toMatch(/app-with-db-ambassador\s+1\/2\s+CrashLoopBackOff/);
			expect(frame).toMatch(/multi-init-pod\s+0\/1\s+Init:CrashLoopB/);
			expect(frame).toContain('Pods (3)');
			ui.stdin.write('G');
			frame = await frameWhere(ui.lastFrame, f => /▸[ !✗]native-sidecar/.test(f));
			// The sidecar is labelled as one, before the main container.
			expect(frame).toMatch(/sidecar\s+\S+.*\n(.*\n)*.*main/);
			ui.stdin.write('\r');
			frame = await frameWhere(ui.lastFrame, f => f.includes('esc pods'));
			assertFits(frame, size.columns, size.rows);
			expect(frame).toMatch(/▸(sidecar|init)/);
		});
	}

	it('opens a help overlay generated from the keymap, and esc closes it', async () => {
		const {ui, dispatch} = open({columns: 100, rows: 30});
		dispatch({type: 'pods', pods});
		await frameWhere(ui.lastFrame, f => f.includes('multi-init-pod'));
		ui.stdin.write('?');
		const frame = await frameWhere(ui.lastFrame, f => f.includes('Keys'));
		expect(frame).toContain('filter pods by name');
		expect(frame).toContain('switch namespace');
		ui.stdin.write('\u001b');
		await frameWhere(ui.lastFrame, f => !f.includes('filter pods by name') && f.includes('multi-init-pod'));
	});

	it('filters by name as typed, even when keys arrive in one chunk', async () => {
		const {ui, dispatch} = open();
		dispatch({type: 'pods', pods});
		await frameWhere(ui.lastFrame, f => f.includes('multi-init-pod'));
		ui.stdin.write('/nat');
		const frame = await frameWhere(ui.lastFrame, f => f.includes('Pods (1 of 3)'));
		expect(frame).toContain('native-sidecar');
		expect(frame).not.toContain('multi-init-pod');
	});

	it('switches context from the kubeconfig with c', async () => {
		const {ui, dispatch, controller} = open();
		dispatch({type: 'pods', pods});
		await frameWhere(ui.lastFrame, f => f.includes('multi-init-pod'));
		ui.stdin.write('c');
		await frameWhere(ui.lastFrame, f => f.includes('Switch context'));
		ui.stdin.write('stag');
		ui.stdin.write('\r');
		await frameWhere(ui.lastFrame, f => f.includes('staging ▸ default'));
		controller.stop();
	});

	it('shows DEMO and READ-ONLY in the header', async () => {
		const {ui} = open({columns: 120, rows: 30}, {readOnly: true, demo: true});
		const frame = await frameWhere(ui.lastFrame, f => f.includes('READ-ONLY'));
		expect(frame).toContain('DEMO');
	});

	it('adds a NAMESPACE column with -A and sorts by namespace', async () => {
		const {ui, dispatch} = open({columns: 120, rows: 30}, {allNamespaces: true});
		const other = variant(crashLoop, pod => (pod.metadata = {...pod.metadata, name: 'zz-first', namespace: 'aaa'}));
		dispatch({type: 'pods', pods: sortPods([...pods, other], true)});
		const frame = await frameWhere(ui.lastFrame, f => f.includes('zz-fi'));
		// 120 columns side by side leave the list 48: NAMESPACE, RESTARTS and NAME give, READY
		// and STATUS nothing.
		expect(frame).toMatch(/NAMES\S*\s+NAME\s+READY\s+STATUS/);
		expect(frame).toMatch(/▸ aaa\s+zz-first\s+1\/2\s+CrashLoopBackOff\s/);
		expect(frame).toContain('all namespaces');
		expect(frame.indexOf('zz-fi')).toBeLessThan(frame.indexOf('multi'));
	});

	it('says when the terminal is too small', async () => {
		const {ui} = open({columns: 50, rows: 10});
		const frame = await frameWhere(ui.lastFrame, f => f.includes('too small'));
		expect(frame.replace(/\s+/g, ' ')).toContain('at least 60×12');
	});

	it('never lets a hostile pod name reach the terminal', async () => {
		const {ui, dispatch} = open({columns: 120, rows: 30});
		const hostile = variant(crashLoop, pod => (pod.metadata = {...pod.metadata, name: 'evil\u001b]0;pwned\u0007\u001b[2J', namespace: 'shop'}));
		dispatch({type: 'pods', pods: [hostile]});
		const frame = await frameWhere(ui.lastFrame, f => f.includes('evil'));
		expect(frame).not.toContain('\u001b]');
		expect(frame).not.toContain('\u0007');
		expect(frame).toContain('␛]0;pwned');
	});
});
