import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {visibleWidth} from '../../source/model/sanitize.js';
import {SessionController} from '../../source/session/controller.js';
import {App} from '../../source/ui/App.js';
import {makeTheme} from '../../source/ui/theme.js';
import {frameWhere, renderAt} from '../helpers/ink.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

// The doctor over the whole list: marks beside the pods that have findings (✗ error,
// ! warning, none for a healthy pod), X opens the report worst first, ⏎ that pod's doctor.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['best-practice', 'missing-secret', 'web-with-logging']});
});
afterAll(async () => {
	await sim.close();
});

describe.each([
	{columns: 80, rows: 24},
	{columns: 160, rows: 40},
])('namespace doctor at $columns×$rows', size => {
	it('marks the pods, lists them worst first and opens one', async () => {
		const loaded = loadKubeconfig({kubeconfig: sim.kubeconfigPath});
		const controller = new SessionController(loaded, {loadOptions: {kubeconfig: sim.kubeconfigPath}, allNamespaces: false, readOnly: false, demo: false});
		controller.start();
		const ui = renderAt(<App controller={controller} theme={makeTheme(false)} />, size);
		const frame = (check: (frame: string) => boolean) => frameWhere(ui.lastFrame, check, 20_000);
		try {
			// The Secret is missing: an error. web-with-logging lacks probes and limits: a warning.
			// best-practice has neither: no mark once it has started.
			let current = await frame(text => /✗missing-secret/.test(text) && /!web-with-logging/.test(text) && /[▸ ] best-practice +3\/3/.test(text));
			expect(current).toContain('best-practice');
			ui.stdin.write('X');
			current = await frame(text => text.includes('doctor default') && /3 pods: 1 with errors, 1 with warnings, 1 without/.test(text));
			for (const line of current.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(size.columns);
			const order = ['missing-secret', 'web-with-logging', 'best-practice'].map(name => current.search(new RegExp(`[✗! ]${name} `)));
			expect(order.every(at => at > 0)).toBe(true);
			expect([...order].sort((a, b) => a - b)).toEqual(order);
			expect(current).toMatch(/▸✗missing-secret +CreateContainerConfigError/);
			expect(current).toMatch(/best-practice +Running +no findings/);
			// Down to web-with-logging, ⏎: its own doctor; esc back to the report, esc to the list.
			ui.stdin.write('j');
			await frame(text => /▸!web-with-logging/.test(text));
			ui.stdin.write('\r');
			await frame(text => text.includes('doctor web-with-logging') && /web-with-logging: 0 errors, \d+ warnings/.test(text));
			ui.stdin.write('\u001b');
			await frame(text => text.includes('doctor default'));
			ui.stdin.write('\u001b');
			await frame(text => text.includes('Pods (3)'));
		} finally {
			ui.unmount();
			controller.stop();
		}
	});
});
