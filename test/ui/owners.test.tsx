import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {visibleWidth} from '../../source/model/sanitize.js';
import {SessionController} from '../../source/session/controller.js';
import {App} from '../../source/ui/App.js';
import {makeTheme} from '../../source/ui/theme.js';
import {frameWhere, renderAt} from '../helpers/ink.js';
import {parseScenarioDocuments, createScenarios} from '../../source/sim/scenario.js';
import {kubectl, startTestSim, type TestSim} from '../helpers/sim.js';
import {deploymentPod, ownedPods} from './owned-pods.js';

// Owners in the browser, against the sim: the OWNER column, / matching owners, the grouping
// under workloads (o), and logs of a whole workload.

let sim: TestSim;
let dir: string;
beforeAll(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'podscope-owners-'));
	const file = path.join(dir, 'owned.yaml');
	writeFileSync(file, ownedPods);
	sim = await startTestSim({scenarios: [file], speed: 4});
});
afterAll(async () => {
	await sim.close();
	rmSync(dir, {recursive: true, force: true});
});

function open(size: {columns: number; rows: number}) {
	const loaded = loadKubeconfig({kubeconfig: sim.kubeconfigPath});
	const controller = new SessionController(loaded, {loadOptions: {kubeconfig: sim.kubeconfigPath}, allNamespaces: false, readOnly: false, demo: false});
	controller.start();
	const ui = renderAt(<App controller={controller} theme={makeTheme(false)} />, size);
	return {
		controller,
		ui,
		type: (text: string) => {
			for (const char of text) ui.stdin.write(char);
		},
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

const rowOf = (frame: string, name: string) => frame.split('\n').find(line => line.includes(name)) ?? '';

describe('owners in the pod list', () => {
	it('shows each pod’s workload in an OWNER column, and / matches it', async () => {
		const app = open({columns: 110, rows: 30});
		try {
			let frame = await app.frame(frame => frame.includes('OWNER') && frame.includes('tools') && frame.includes('db-0'));
			assertFits(frame, 110, 30);
			expect(rowOf(frame, 'web-7d4b9c8f6-a1b2c')).toMatch(/deploy\/web\s*│?$/);
			expect(rowOf(frame, 'web-7d4b9c8f6-x2k9p')).toMatch(/deploy\/web\s*│?$/);
			expect(rowOf(frame, 'db-0')).toMatch(/sts\/db\s*│?$/);
			expect(rowOf(frame, ' tools')).toMatch(/ -\s*│?$/);
			app.ui.stdin.write('/');
			app.type('deploy/web');
			frame = await app.frame(frame => frame.includes('Pods (2 of 4) /deploy/web'));
			expect(frame).toContain('web-7d4b9c8f6-a1b2c');
			expect(frame).not.toContain('db-0');
			app.ui.stdin.write('\u001b');
			await app.frame(frame => frame.includes('Pods (4)'));
			app.ui.stdin.write('/');
			app.type('sts/');
			frame = await app.frame(frame => frame.includes('Pods (1 of 4) /sts/'));
			expect(frame).toContain('db-0');
		} finally {
			app.close();
		}
	});

	it('drops the OWNER column first when the row does not fit', async () => {
		const app = open({columns: 60, rows: 24});
		try {
			const frame = await app.frame(frame => frame.includes('tools') && frame.includes('db-0'));
			assertFits(frame, 60, 24);
			expect(frame).toMatch(/NAME +READY +STATUS +RESTARTS +AGE/);
			expect(frame).not.toContain('OWNER');
			expect(frame).not.toContain('…');
		} finally {
			app.close();
		}
	});

	it('groups the pods under their workloads with o, folds one with ⏎, and opens all its logs with L', async () => {
		const app = open({columns: 110, rows: 30});
		const podRows = (frame: string) => frame.split('\n').filter(line => /│[ ▸][ !✗] {2}web-7d4b9c8f6-/.test(line));
		try {
			await app.frame(frame => frame.includes('tools') && frame.includes('db-0'));
			app.ui.stdin.write('o');
			let frame = await app.frame(frame => frame.includes('Pods (4) by owner') && frame.includes('deploy/web ▾ 2 pods'));
			assertFits(frame, 110, 30);
			expect(frame).toContain('sts/db ▾ 1 pod');
			expect(podRows(frame)).toHaveLength(2);
			// The workload's row: once both pods run, both ready, Running.
			frame = await app.frame(frame => /deploy\/web ▾ 2 pods\s+2\/2\s+Running/.test(frame));
			expect(podRows(frame).every(line => /2\/2\s+Running/.test(line))).toBe(true);
			app.ui.stdin.write('j');
			app.ui.stdin.write('j');
			frame = await app.frame(frame => /▸[ !✗]deploy\/web ▾ 2 pods/.test(frame));
			// The container panel lists the workload's pods instead.
			expect(frame).toContain('deploy/web ─ 2 pods');
			app.ui.stdin.write('\r');
			frame = await app.frame(frame => /▸[ !✗]deploy\/web ▸ 2 pods/.test(frame));
			expect(podRows(frame)).toHaveLength(0);
			app.ui.stdin.write('\r');
			frame = await app.frame(frame => /▸[ !✗]deploy\/web ▾ 2 pods/.test(frame));
			expect(podRows(frame)).toHaveLength(2);

			app.ui.stdin.write('L');
			frame = await app.frame(frame => frame.includes('web-7d4b9c8f6-a1b2c/app ●') && frame.includes('panes 1–3 of 4'));
			assertFits(frame, 110, 30);
			app.ui.stdin.write('m');
			frame = await app.frame(
				frame => frame.includes('merged (4)') && frame.includes('web-7d4b9c8f6-a1b2c app says') && frame.includes('web-7d4b9c8f6-x2k9p istio-proxy says'),
			);
			assertFits(frame, 110, 30);
			app.ui.stdin.write('\u001b');
			await app.frame(frame => frame.includes('Pods (4) by owner'));
			app.ui.stdin.write('o');
			await app.frame(frame => frame.includes('Pods (4) ─') || (frame.includes('Pods (4)') && !frame.includes('by owner')));
		} finally {
			app.close();
		}
	});

	it('follows the rollout in a workload’s logs: a new pod’s panes open, a deleted pod’s close with a marker', async () => {
		const file = path.join(dir, 'rollout.yaml');
		writeFileSync(file, [deploymentPod('web-7d4b9c8f6-a1b2c'), deploymentPod('web-7d4b9c8f6-x2k9p')].join('---\n'));
		const fresh = await startTestSim({scenarios: [file], speed: 4});
		const loaded = loadKubeconfig({kubeconfig: fresh.kubeconfigPath});
		const controller = new SessionController(loaded, {loadOptions: {kubeconfig: fresh.kubeconfigPath}, allNamespaces: false, readOnly: false, demo: false});
		controller.start();
		const ui = renderAt(<App controller={controller} theme={makeTheme(false)} />, {columns: 140, rows: 30});
		const frame = (check: (frame: string) => boolean) => frameWhere(ui.lastFrame, check, 15_000);
		try {
			await frame(frame => frame.includes('web-7d4b9c8f6-x2k9p'));
			ui.stdin.write('o');
			await frame(frame => frame.includes('deploy/web ▾ 2 pods'));
			ui.stdin.write('g');
			await frame(frame => /▸[ !✗]deploy\/web ▾ 2 pods/.test(frame));
			ui.stdin.write('L');
			await frame(frame => frame.includes('web-7d4b9c8f6-a1b2c/app ●') && frame.includes('web-7d4b9c8f6-x2k9p/app ●'));
			ui.stdin.write('m');
			await frame(frame => frame.includes('merged (4)') && frame.includes('web-7d4b9c8f6-a1b2c app says'));

			// The rollout: a pod of the new ReplicaSet comes, an old one goes.
			createScenarios(fresh.cluster, [parseScenarioDocuments(deploymentPod('web-5c8f7b9d4-q7w8e', '5c8f7b9d4'))]);
			let seen = await frame(frame => frame.includes('merged (6)') && frame.includes('web-5c8f7b9d4-q7w8e app says') && frame.includes('web-5c8f7b9d4-q7w8e istio-proxy says'));
			assertFits(seen, 140, 30);
			const deleted = await kubectl(fresh, ['delete', 'pod', 'web-7d4b9c8f6-a1b2c', '--grace-period=0', '--force']);
			expect(deleted.code).toBe(0);
			seen = await frame(frame => frame.includes('── pod web-7d4b9c8f6-a1b2c gone ──'));
			assertFits(seen, 140, 30);

			// Back to panes: the gone pod's are closed, the new pod's are there.
			ui.stdin.write('m');
			seen = await frame(frame => frame.includes('web-5c8f7b9d4-q7w8e/app ●') && frame.includes('web-7d4b9c8f6-x2k9p/app ●'));
			assertFits(seen, 140, 30);
			expect(seen).not.toContain('web-7d4b9c8f6-a1b2c');
		} finally {
			ui.unmount();
			controller.stop();
			await fresh.close();
		}
	});
});
