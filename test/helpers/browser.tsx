import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {expect} from 'vitest';
import {stringify} from 'yaml';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {visibleWidth} from '../../source/model/sanitize.js';
import {SessionController} from '../../source/session/controller.js';
import {App} from '../../source/ui/App.js';
import {makeTheme} from '../../source/ui/theme.js';
import {renderAt} from './ink.js';

// The browser fed straight from the store, no server: for tests of what a state looks like
// at a given terminal size (test/ui/browser.test.tsx, narrow.test.tsx).

let kubeconfig: string | undefined;

function writeKubeconfig(): string {
	if (kubeconfig) return kubeconfig;
	const dir = mkdtempSync(path.join(tmpdir(), 'podscope-ui-'));
	kubeconfig = path.join(dir, 'config');
	writeFileSync(
		kubeconfig,
		stringify({
			apiVersion: 'v1',
			kind: 'Config',
			'current-context': 'k3s-prod',
			clusters: [{name: 'prod', cluster: {server: 'https://10.0.0.5:6443'}}],
			users: [{name: 'admin', user: {token: 'secret'}}],
			contexts: [
				{name: 'k3s-prod', context: {cluster: 'prod', user: 'admin', namespace: 'shop'}},
				{name: 'staging', context: {cluster: 'prod', user: 'admin'}},
			],
		}),
	);
	return kubeconfig;
}

export type BrowserOptions = {readOnly?: boolean; demo?: boolean; allNamespaces?: boolean};

export function openBrowser(size: {columns: number; rows: number}, options: BrowserOptions = {}) {
	const config = writeKubeconfig();
	const controller = new SessionController(loadKubeconfig({kubeconfig: config}), {
		loadOptions: {kubeconfig: config},
		allNamespaces: options.allNamespaces ?? false,
		readOnly: options.readOnly ?? false,
		demo: options.demo ?? false,
	});
	const ui = renderAt(<App controller={controller} theme={makeTheme(false)} />, size);
	return {controller, ui, dispatch: controller.store.dispatch, close: () => ui.unmount()};
}

/** Exactly the terminal's height, and no line wider than it. */
export function assertFits(frame: string, size: {columns: number; rows: number}) {
	const lines = frame.split('\n');
	expect(lines.length).toBe(size.rows);
	for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(size.columns);
}
