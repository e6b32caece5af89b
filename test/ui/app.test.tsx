import {render} from 'ink-testing-library';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {SessionController} from '../../source/session/controller.js';
import {App} from '../../source/ui/App.js';
import {makeTheme} from '../../source/ui/theme.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'pod-with-init', 'native-sidecar']});
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
});
