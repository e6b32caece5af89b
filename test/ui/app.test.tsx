import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {SessionController} from '../../source/session/controller.js';
import {App} from '../../source/ui/App.js';
import {makeTheme} from '../../source/ui/theme.js';
import {frameWhere, renderAt} from '../helpers/ink.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'pod-with-init', 'native-sidecar', 'k3s-system']});
});
afterAll(async () => {
	await sim.close();
});

function open() {
	const loaded = loadKubeconfig({kubeconfig: sim.kubeconfigPath});
	const controller = new SessionController(loaded, {loadOptions: {kubeconfig: sim.kubeconfigPath}, allNamespaces: false, readOnly: false, demo: false});
	controller.start();
	const ui = render(<App controller={controller} theme={makeTheme(false)} />);
	return {controller, ui};
}

describe('App', () => {
	it('moves the selection with j', async () => {
		const {controller, ui} = open();
		await eventually(() => ui.lastFrame()?.includes('web-with-logging'));
		ui.stdin.write('j');
		await eventually(() => controller.store.getSnapshot().selectedKey === 'default/pod-with-init');
		await eventually(() => /▸[ !✗]pod-with-init/.test(ui.lastFrame() ?? ''));
		ui.unmount();
		controller.stop();
	});

	it('namespace picker: letters filter (j too), ^N moves, "all namespaces" works as -A', async () => {
		const loaded = loadKubeconfig({kubeconfig: sim.kubeconfigPath});
		const controller = new SessionController(loaded, {loadOptions: {kubeconfig: sim.kubeconfigPath}, allNamespaces: false, readOnly: false, demo: false});
		controller.start();
		const ui = renderAt(<App controller={controller} theme={makeTheme(false)} />, {columns: 80, rows: 24});
		try {
			await frameWhere(ui.lastFrame, f => f.includes('web-with-logging'), 20_000);
			ui.stdin.write('n');
			let frame = await frameWhere(ui.lastFrame, f => f.includes('kube-system'));
			// "all namespaces" first, then the namespaces; the cursor starts on the current one, so
			// Enter on a picker opened by mistake changes nothing; the footer says how to move
			expect(frame).toMatch(/ {2}all namespaces .*\n.*▸ default \(current\)/);
			expect(frame).toMatch(/type filter\s+↑\/↓ move/);
			ui.stdin.write('\u0010');
			await frameWhere(ui.lastFrame, f => f.includes('▸ all namespaces'));
			ui.stdin.write('\u000e');
			await frameWhere(ui.lastFrame, f => f.includes('▸ default (current)'));
			ui.stdin.write('\u0010');
			await frameWhere(ui.lastFrame, f => f.includes('▸ all namespaces'));
			ui.stdin.write('j');
			frame = await frameWhere(ui.lastFrame, f => f.includes('› j'));
			expect(frame).toContain('no match');
			ui.stdin.write('\u007f');
			await frameWhere(ui.lastFrame, f => f.includes('▸ all namespaces') && f.includes('kube-system'));
			ui.stdin.write('\r');
			frame = await frameWhere(ui.lastFrame, f => f.includes('coredns') && f.includes('web-with-logging'), 20_000);
			expect(frame).toContain('all namespaces');
			expect(frame).toMatch(/NAMESPACE\s+NAME/);
			// and back to one namespace: the picker marks "all namespaces" as the current choice
			ui.stdin.write('n');
			await frameWhere(ui.lastFrame, f => f.includes('▸ all namespaces (current)'));
			ui.stdin.write('kube-sys\r');
			frame = await frameWhere(ui.lastFrame, f => f.includes('coredns') && !f.includes('web-with-logging'), 20_000);
			expect(frame).not.toMatch(/NAMESPACE\s+NAME/);
		} finally {
			ui.unmount();
			controller.stop();
		}
	});
});
