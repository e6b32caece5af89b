import {mkdtempSync, writeFileSync} from 'node:fs';
import {connect} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {SessionController} from '../../source/session/controller.js';
import {createScenarios, loadScenarioDocuments} from '../../source/sim/scenario.js';
import {App} from '../../source/ui/App.js';
import {makeTheme} from '../../source/ui/theme.js';
import {frameWhere, renderAt} from '../helpers/ink.js';
import {httpGet} from '../helpers/port-forward.js';
import {eventually, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';

// Port-forwards in the TUI against the sim: F starts one (or picks among the pod's ports), the
// header counts them, f lists them, ^D stops one, a replaced pod's sibling takes over, and
// read-only mode refuses without a request.

const echoPod = `apiVersion: v1
kind: Pod
metadata: {name: two-ports}
spec:
  containers:
  - name: app
    image: busybox:1.36
    ports:
    - {name: echo, containerPort: 7000}
    - {name: web, containerPort: 8080}
    x-sim:
      listen: [7000, 8080]
      serves:
        8080: {http: {/: "two-ports says hi\\n"}}
`;

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'web-deployment']});
	const dir = mkdtempSync(path.join(tmpdir(), 'podscope-pf-ui-'));
	writeFileSync(path.join(dir, 'two-ports.yaml'), echoPod);
	createScenarios(sim.cluster, [loadScenarioDocuments(path.join(dir, 'two-ports.yaml'))]);
	await eventually(() => ['web-with-logging', 'two-ports'].every(name => sim.cluster.pods.get('default', name)?.status?.phase === 'Running'), 25_000);
});
afterAll(async () => {
	await sim?.close();
});

function open(readOnly = false) {
	const loadOptions = {kubeconfig: sim.kubeconfigPath};
	const controller = new SessionController(loadKubeconfig(loadOptions), {loadOptions, allNamespaces: false, readOnly, demo: false});
	controller.start();
	const ui = renderAt(<App controller={controller} theme={makeTheme(false)} />, {columns: 160, rows: 40});
	return {
		controller,
		ui,
		close() {
			ui.unmount();
			controller.stop();
		},
	};
}

/** Select a pod by filtering the list down to it. */
async function select(ui: ReturnType<typeof open>['ui'], name: string) {
	await frameWhere(ui.lastFrame, frame => frame.includes(name), 10_000);
	ui.stdin.write(`/${name}\r`);
	await frameWhere(ui.lastFrame, frame => new RegExp(`▸\\s*${name}`).test(frame));
}

const refused = (port: number) =>
	new Promise<boolean>(resolve => {
		const socket = connect({host: '127.0.0.1', port});
		socket.on('connect', () => {
			socket.destroy();
			resolve(false);
		});
		socket.on('error', () => resolve(true));
	});

describe('port-forward in the TUI', () => {
	it('F forwards the only port, the header counts it, f lists it, ^D stops it', async () => {
		const {controller, ui, close} = open();
		try {
			await select(ui, 'web-with-logging');
			ui.stdin.write('F');
			const row = await eventually(() => controller.store.getSnapshot().forwards[0]);
			expect(row).toMatchObject({namespace: 'default', pod: 'web-with-logging', container: 'web-app', remote: 80, state: 'active'});
			await frameWhere(ui.lastFrame, frame => frame.split('\n')[0]!.includes('⇄ 1'));
			expect(await httpGet(row.local)).toContain('<h1>Welcome to nginx!</h1>');

			ui.stdin.write('f');
			await frameWhere(ui.lastFrame, frame => new RegExp(`▸ localhost:${row.local}\\s+→ default/web-with-logging:80\\s+active\\s+1`).test(frame));
			// Kept across screens: back to the browser and into the list again.
			ui.stdin.write('\u001b');
			await frameWhere(ui.lastFrame, frame => !frame.includes('port-forwards (1)') && frame.split('\n')[0]!.includes('⇄ 1'));
			ui.stdin.write('f');
			await frameWhere(ui.lastFrame, frame => frame.includes('port-forwards (1)'));
			ui.stdin.write('\u0004');
			await frameWhere(ui.lastFrame, frame => frame.includes('port-forwards (0)') && frame.includes('no port-forwards'));
			expect(ui.lastFrame().split('\n')[0]).not.toContain('⇄');
			expect(await refused(row.local)).toBe(true);
		} finally {
			close();
		}
	});

	it("picks among the pod's declared ports", async () => {
		const {controller, ui, close} = open();
		try {
			await select(ui, 'two-ports');
			ui.stdin.write('F');
			await frameWhere(ui.lastFrame, frame => frame.includes('Port-forward from localhost to two-ports') && frame.includes('7000 echo (app)') && frame.includes('8080 web (app)'));
			ui.stdin.write('\u001b[B');
			ui.stdin.write('\r');
			const row = await eventually(() => controller.store.getSnapshot().forwards[0]);
			expect(row).toMatchObject({pod: 'two-ports', remote: 8080});
			expect(await httpGet(row.local)).toContain('two-ports says hi');
		} finally {
			close();
		}
	});

	it("moves to a pod of the same workload when the forwarded pod is replaced, under the same local port", async () => {
		const {controller, ui, close} = open();
		try {
			const first = await eventually(() => sim.cluster.pods.list().find(pod => pod.metadata.namespace === 'default' && pod.metadata.name.startsWith('web-') && pod.status?.phase === 'Running' && pod.metadata.name !== 'web-with-logging'));
			const name = first.metadata.name;
			await select(ui, name);
			ui.stdin.write('F');
			const row = await eventually(() => controller.store.getSnapshot().forwards[0]);
			expect(row.pod).toBe(name);
			expect(await httpGet(row.local)).toContain(`in pod ${name} answers`);
			const deleted = await kubectl(sim, ['delete', 'pod', name, '--wait=false']);
			expect(deleted.code).toBe(0);
			const moved = await eventually(() => {
				const now = controller.store.getSnapshot().forwards[0];
				return now && now.pod !== name ? now : undefined;
			});
			expect(moved).toMatchObject({local: row.local, remote: 80, owner: 'deploy/web', state: 'active'});
			expect(moved.pod).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}$/);
			expect(await httpGet(row.local)).toContain(`in pod ${moved.pod} answers`);
		} finally {
			close();
		}
	});

	it('refuses in read-only mode with a status line and no forward', async () => {
		const {controller, ui, close} = open(true);
		try {
			await select(ui, 'web-with-logging');
			ui.stdin.write('F');
			await frameWhere(ui.lastFrame, frame => frame.includes('read-only mode: port-forward is disabled (--read-only)'));
			expect(controller.store.getSnapshot().forwards).toEqual([]);
		} finally {
			close();
		}
	});
});
