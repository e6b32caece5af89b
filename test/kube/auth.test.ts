import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {KubeError, KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import type {List, Pod} from '../../source/model/k8s.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

// Every way a kubeconfig can carry credentials goes through client-node, as on a real cluster.

let sim: TestSim;
let raw: {users: Array<{name: string; user: Record<string, unknown>}>; contexts: Array<{name: string; context: Record<string, unknown>}>} & Record<
	string,
	unknown
>;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	raw = parse((await import('node:fs')).readFileSync(sim.kubeconfigPath, 'utf8'));
});
afterAll(async () => {
	await sim.close();
});

function withUser(name: string, user: Record<string, unknown>): string {
	const file = path.join(sim.dir, `${name}.kubeconfig`);
	const config = {
		...raw,
		users: [...raw.users, {name, user}],
		contexts: [...raw.contexts, {name, context: {cluster: 'podscope-sim', user: name, namespace: 'default'}}],
		'current-context': name,
	};
	writeFileSync(file, stringify(config));
	return file;
}

const listPods = (file: string) => new KubeHttp(loadKubeconfig({kubeconfig: file}).access).json<List<Pod>>('/api/v1/namespaces/default/pods');

describe('credentials', () => {
	it('runs an exec credential plugin and uses the token it returns', async () => {
		const token = raw.users.find(user => user.name === 'podscope-sim-token')!.user.token as string;
		const plugin = path.join(sim.dir, 'plugin.mjs');
		writeFileSync(
			plugin,
			`process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: {token: ${JSON.stringify(token)}}}));`,
		);
		const file = withUser('exec-user', {
			exec: {apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never'},
		});
		const list = await listPods(file);
		expect(list.items.map(pod => pod.metadata.name)).toEqual(['web-with-logging']);
	});

	it("turns a rejected token into a 401 with kubectl's wording", async () => {
		const file = withUser('bad-token', {token: 'not-a-real-token'});
		const error = await listPods(file).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(KubeError);
		expect((error as KubeError).code).toBe(401);
		expect((error as KubeError).kubectlText).toBe('error: You must be logged in to the server (Unauthorized)');
	});

	it('reports a 403 as the verb and resource that were denied', async () => {
		const viewer = loadKubeconfig({kubeconfig: sim.kubeconfigPath, context: 'podscope-sim-viewer'});
		const http = new KubeHttp(viewer.access);
		const error = await http.json('/api/v1/namespaces/default/pods/web-with-logging', {method: 'DELETE'}).catch((caught: unknown) => caught);
		expect((error as KubeError).kubectlText).toBe(
			'Error from server (Forbidden): pods "web-with-logging" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"',
		);
	});
});
