import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {parse as parseYaml, stringify} from 'yaml';
import {createPki} from '../../source/sim/pki.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, parseTable} from './kubectl.js';

// Authentication and authorization as kubectl meets them: 401 for missing or bad
// credentials, the three contexts of the sim's kubeconfig, the viewer's read-only RBAC with
// the apiserver's Forbidden text, access reviews and impersonation.

let sim: TestSim;

type Kubeconfig = {
	clusters: Array<{name: string; cluster: Record<string, string>}>;
	users: Array<{name: string; user: Record<string, string>}>;
	contexts: Array<{name: string; context: Record<string, string>}>;
	'current-context': string;
};

/** A kubeconfig for the sim's cluster with the given user entry (or none). */
function kubeconfigWith(name: string, user: Record<string, string> | undefined): string {
	const base = parseYaml(sim.kubeconfig) as Kubeconfig;
	const config = {
		apiVersion: 'v1',
		kind: 'Config',
		clusters: base.clusters,
		users: user ? [{name: 'someone', user}] : [],
		contexts: [{name: 'ctx', context: {cluster: base.clusters[0]!.name, ...(user ? {user: 'someone'} : {}), namespace: 'default'}}],
		'current-context': 'ctx',
	};
	const file = path.join(sim.dir, `${name}.yaml`);
	writeFileSync(file, stringify(config));
	return file;
}

/**
 * kubectl's 401 report. With discovery not cached yet it first logs each failed discovery
 * attempt and says the server "asked for the client to provide credentials"; with it cached,
 * only the request fails and the reason is the Status's "Unauthorized".
 */
function expectUnauthorized(result: {code: number; stdout: string; stderr: string}) {
	expect(result.code).toBe(1);
	expect(result.stdout).toBe('');
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines.at(-1)).toMatch(/^error: You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)$/);
	for (const line of lines.slice(0, -1)) {
		expect(line).toContain("couldn't get current server API group list: the server has asked for the client to provide credentials");
	}
}

conformance('kubectl authentication and authorization', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['web-with-logging', 'crashloop']});
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('has the three contexts of a k3s-style kubeconfig', async () => {
		const contexts = await kubectl(sim, ['config', 'get-contexts', '-o', 'name']);
		expect(contexts.stdout.trim().split('\n').sort()).toEqual(['podscope-sim', 'podscope-sim-token', 'podscope-sim-viewer']);
		expect((await kubectl(sim, ['config', 'current-context'])).stdout.trim()).toBe('podscope-sim');
	});

	it('answers a bad bearer token with 401: kubectl says "You must be logged in"', async () => {
		const file = kubeconfigWith('bad-token', {token: 'not-a-token'});
		for (const args of [
			['get', 'pods'],
			['logs', 'crashloop'],
			['get', 'pod', 'crashloop', '-o', 'json'],
		]) {
			expectUnauthorized(await kubectl(sim, args, {kubeconfig: file}));
		}
		expect(sim.server.requests.filter(request => request.user === '' && request.code === 401).length).toBeGreaterThan(0);
	});

	it("answers credentials it cannot verify with 401 (basic auth, a foreign CA's certificate)", async () => {
		expectUnauthorized(await kubectl(sim, ['get', 'pods'], {kubeconfig: kubeconfigWith('basic', {username: 'admin', password: 'admin'})}));
		const foreign = createPki({intruder: {commonName: 'admin', organization: 'system:masters'}}).clients.intruder!;
		const cert = kubeconfigWith('foreign', {
			'client-certificate-data': Buffer.from(foreign.cert).toString('base64'),
			'client-key-data': Buffer.from(foreign.key).toString('base64'),
		});
		expectUnauthorized(await kubectl(sim, ['get', 'pods'], {kubeconfig: cert}));
	});

	it('with no user at all, kubectl 1.32 asks for one; the server never answered it with data', async () => {
		const before = sim.server.requests.length;
		const result = await kubectl(sim, ['get', 'pods'], {kubeconfig: kubeconfigWith('no-user', undefined), input: ''});
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('Please enter Username: ');
		expect(result.stderr).toBe('error: EOF\n');
		const anonymous = sim.server.requests.slice(before).filter(request => request.user === '');
		expect(anonymous.every(request => request.code === 401)).toBe(true);
	});

	it('lets the token context in as admin', async () => {
		const result = await kubectl(sim, ['get', 'pods'], {context: 'podscope-sim-token'});
		expect(result).toMatchObject({code: 0, stderr: ''});
		expect(parseTable(result.stdout).map(row => row.NAME)).toEqual(['crashloop', 'web-with-logging']);
		const whoami = await kubectl(sim, ['auth', 'whoami'], {context: 'podscope-sim-token'});
		expect(whoami.stdout).toBe('ATTRIBUTE   VALUE\nUsername    admin\nGroups      [system:masters system:authenticated]\n');
	});

	it('lets the viewer get, list, watch and read logs', async () => {
		const viewer = {context: 'podscope-sim-viewer'};
		expect((await kubectl(sim, ['get', 'pods'], viewer)).code).toBe(0);
		expect((await kubectl(sim, ['get', 'pod', 'crashloop', '-o', 'json'], viewer)).code).toBe(0);
		expect((await kubectl(sim, ['get', 'events'], viewer)).code).toBe(0);
		expect((await kubectl(sim, ['get', 'ns'], viewer)).code).toBe(0);
		expect((await kubectl(sim, ['get', 'nodes'], viewer)).code).toBe(0);
		expect((await kubectl(sim, ['describe', 'pod', 'web-with-logging'], viewer)).code).toBe(0);
		const logs = await kubectl(sim, ['logs', 'web-with-logging', '-c', 'web-app', '--tail=1'], viewer);
		expect(logs).toMatchObject({code: 0, stderr: ''});
		const watch = await kubectl(sim, ['get', 'pods', '-w', '--request-timeout=1s'], {...viewer, timeout: 10_000});
		expect(watch.stderr).toBe('');
		const whoami = await kubectl(sim, ['auth', 'whoami'], viewer);
		expect(whoami.stdout).toBe('ATTRIBUTE   VALUE\nUsername    viewer\nGroups      [podscope:viewers system:authenticated]\n');
	});

	it("forbids the viewer every write with the apiserver's exact Forbidden text", async () => {
		const viewer = {context: 'podscope-sim-viewer'};
		expect(await kubectl(sim, ['delete', 'pod', 'crashloop'], viewer)).toEqual({
			code: 1,
			stdout: '',
			stderr:
				'Error from server (Forbidden): pods "crashloop" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"\n',
		});
		expect(await kubectl(sim, ['run', 'intruder', '--image=nginx'], viewer)).toEqual({
			code: 1,
			stdout: '',
			stderr: 'Error from server (Forbidden): pods is forbidden: User "viewer" cannot create resource "pods" in API group "" in the namespace "default"\n',
		});
		expect(await kubectl(sim, ['label', 'pod', 'crashloop', 'x=y'], viewer)).toEqual({
			code: 1,
			stdout: '',
			stderr:
				'Error from server (Forbidden): pods "crashloop" is forbidden: User "viewer" cannot patch resource "pods" in API group "" in the namespace "default"\n',
		});
		const other = await kubectl(sim, ['delete', 'pod', 'nope', '-n', 'kube-system'], viewer);
		expect(other.stderr).toBe(
			'Error from server (Forbidden): pods "nope" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "kube-system"\n',
		);
		// Nothing changed.
		expect(sim.cluster.pods.get('default', 'crashloop')?.metadata.labels).toEqual({app: 'payments'});
		expect(sim.cluster.pods.get('default', 'intruder')).toBeUndefined();
	});

	it('answers kubectl auth can-i (a protobuf SelfSubjectAccessReview) for both users', async () => {
		const canI = (args: string[], context?: string) => kubectl(sim, ['auth', 'can-i', ...args], {context});
		expect(await canI(['delete', 'pods'])).toEqual({code: 0, stdout: 'yes\n', stderr: ''});
		expect(await canI(['list', 'pods'], 'podscope-sim-viewer')).toEqual({code: 0, stdout: 'yes\n', stderr: ''});
		expect(await canI(['get', 'pods', '--subresource=log'], 'podscope-sim-viewer')).toEqual({code: 0, stdout: 'yes\n', stderr: ''});
		expect(await canI(['delete', 'pods'], 'podscope-sim-viewer')).toEqual({code: 1, stdout: 'no\n', stderr: ''});
		expect(await canI(['create', 'pods/exec'], 'podscope-sim-viewer')).toEqual({code: 1, stdout: 'no\n', stderr: ''});
		const list = await canI(['--list'], 'podscope-sim-viewer');
		const rules = parseTable(list.stdout);
		expect(rules.find(row => row.Resources === 'pods')!.Verbs).toBe('[get list watch]');
		expect(rules.find(row => row.Resources === 'pods/log')).toBeDefined();
	});

	it('lets an admin impersonate the viewer, and not the other way round', async () => {
		const asViewer = await kubectl(sim, ['delete', 'pod', 'crashloop', '--as=viewer', '--as-group=podscope:viewers']);
		expect(asViewer.stderr).toBe(
			'Error from server (Forbidden): pods "crashloop" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"\n',
		);
		expect((await kubectl(sim, ['auth', 'can-i', 'delete', 'pods', '--as=viewer'])).stdout).toBe('no\n');
		const escalate = await kubectl(sim, ['get', 'pods', '--as=admin'], {context: 'podscope-sim-viewer'});
		expect(escalate).toEqual({
			code: 1,
			stdout: '',
			stderr:
				'Error from server (Forbidden): users "admin" is forbidden: User "viewer" cannot impersonate resource "users" in API group "" at the cluster scope\n',
		});
	});
});
