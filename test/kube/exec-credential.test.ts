import {chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {KubeError, KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import type {List, Pod} from '../../source/model/k8s.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

// Exec credential plugins as client-go runs them, with small plugin scripts: where the command
// is found, what the plugin is told, when it runs again, and what an error may say.

let sim: TestSim;
let raw: {users: Array<{name: string; user: Record<string, unknown>}>; contexts: Array<{name: string; context: Record<string, unknown>}>} & Record<
	string,
	unknown
>;
let token = '';
let dir = '';
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	raw = parse(readFileSync(sim.kubeconfigPath, 'utf8'));
	token = raw.users.find(user => user.name === 'podscope-sim-token')!.user.token as string;
	dir = path.join(sim.dir, 'plugins');
	mkdirSync(dir, {recursive: true});
	writeFileSync(path.join(dir, 'token'), token);
});
afterAll(async () => {
	await sim.close();
});

const credential = (status: string) => `{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":${status}}`;

/** A plugin script in the kubeconfig's folder that logs each run (with its exec info) to `<name>.runs`. */
function plugin(name: string, body: string): string {
	const file = path.join(dir, `${name}.sh`);
	writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$KUBERNETES_EXEC_INFO" >> "${path.join(dir, `${name}.runs`)}"\n${body}\n`);
	chmodSync(file, 0o755);
	return file;
}

const runs = (name: string) =>
	existsSync(path.join(dir, `${name}.runs`))
		? readFileSync(path.join(dir, `${name}.runs`), 'utf8')
				.trim()
				.split('\n')
		: [];

function withExec(name: string, exec: Record<string, unknown>): string {
	const file = path.join(dir, `${name}.kubeconfig`);
	const config = {
		...raw,
		users: [...raw.users, {name, user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', interactiveMode: 'Never', ...exec}}}],
		contexts: [...raw.contexts, {name, context: {cluster: 'podscope-sim', user: name, namespace: 'default'}}],
		'current-context': name,
	};
	writeFileSync(file, stringify(config));
	return file;
}

const listPods = (file: string, plugins = {}) =>
	new KubeHttp(loadKubeconfig({kubeconfig: file, plugins: {stderr: 'ignore', ...plugins}}).access).json<List<Pod>>('/api/v1/namespaces/default/pods');
const failure = (promise: Promise<unknown>) =>
	promise.then(
		() => undefined,
		(error: unknown) => error as KubeError,
	);

describe('exec credential plugins', () => {
	it('finds a relative command next to the kubeconfig and tells it what it runs for', async () => {
		plugin('relative', `printf '%s' '${credential(`{"token":"'"$(cat ${path.join(dir, 'token')})"'"}`)}'`);
		const file = withExec('relative', {command: './relative.sh', provideClusterInfo: true, env: [{name: 'PLUGIN_MODE', value: 'test'}]});
		expect((await listPods(file)).items.map(pod => pod.metadata.name)).toEqual(['web-with-logging']);
		const info = JSON.parse(runs('relative')[0]!);
		expect(info).toMatchObject({kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', spec: {interactive: false}});
		const server = (raw as unknown as {clusters: Array<{cluster: {server: string; 'certificate-authority-data'?: string}}>}).clusters[0]!.cluster;
		expect(info.spec.cluster.server).toBe(server.server);
		expect(info.spec.cluster['certificate-authority-data']).toBeTruthy();
	});

	it('runs the plugin again after a 401 and retries with what it returns', async () => {
		// First run: a token the server rejects; every later run: the good one.
		plugin(
			'rotating',
			`if [ -e "${path.join(dir, 'rotated')}" ]; then t=$(cat ${path.join(dir, 'token')}); else touch "${path.join(dir, 'rotated')}"; t=expired; fi\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$t"`,
		);
		const file = withExec('rotating', {command: './rotating.sh'});
		expect((await listPods(file)).items).toHaveLength(1);
		expect(runs('rotating')).toHaveLength(2);
	});

	it('runs it again once its credentials expire, not before', async () => {
		const past = new Date(Date.now() - 1000).toISOString();
		plugin('expiring', `printf '%s' '${credential(`{"token":"'"$(cat ${path.join(dir, 'token')})"'","expirationTimestamp":"${past}"}`)}'`);
		const file = withExec('expiring', {command: './expiring.sh'});
		const http = new KubeHttp(loadKubeconfig({kubeconfig: file, plugins: {stderr: 'ignore'}}).access);
		await http.json('/api/v1/namespaces/default/pods');
		await http.json('/api/v1/namespaces/default/pods');
		expect(runs('expiring')).toHaveLength(2);
		plugin('lasting', `printf '%s' '${credential(`{"token":"'"$(cat ${path.join(dir, 'token')})"'"}`)}'`);
		const lasting = new KubeHttp(loadKubeconfig({kubeconfig: withExec('lasting', {command: './lasting.sh'}), plugins: {stderr: 'ignore'}}).access);
		await lasting.json('/api/v1/namespaces/default/pods');
		await lasting.json('/api/v1/namespaces/default/pods');
		expect(runs('lasting')).toHaveLength(1);
	});

	it('never quotes what the plugin printed: a bare token stays off the screen', async () => {
		plugin('bare', 'echo s3cr3t-t0ken-value');
		const error = await failure(listPods(withExec('bare', {command: './bare.sh'})));
		expect(error).toBeInstanceOf(KubeError);
		expect(error!.kubectlText).toMatch(/^Unable to connect to the server: getting credentials: decoding stdout: /);
		expect(error!.kubectlText).not.toContain('s3cr3t');
	});

	it('words a failing or missing plugin as client-go does', async () => {
		plugin('failing', 'exit 3');
		const failing = await failure(listPods(withExec('failing', {command: './failing.sh'})));
		expect(failing!.kubectlText).toBe(
			`Unable to connect to the server: getting credentials: exec: executable ${path.join(dir, 'failing.sh')} failed with exit code 3`,
		);
		const missing = await failure(listPods(withExec('missing', {command: 'podscope-no-such-plugin', installHint: 'brew install the-plugin'})));
		expect(missing!.kubectlText).toContain('getting credentials: exec: executable podscope-no-such-plugin not found');
		expect(missing!.kubectlText).toContain('brew install the-plugin');
	});

	it('refuses interactiveMode Always without a terminal instead of hanging on a prompt', async () => {
		plugin('asking', 'read answer; echo "$answer"');
		const error = await failure(listPods(withExec('asking', {command: './asking.sh', interactiveMode: 'Always'}), {stdinIsTerminal: () => false}));
		expect(error!.kubectlText).toBe(
			'Unable to connect to the server: getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal',
		);
		expect(runs('asking')).toEqual([]);
	});

	it('kills a plugin that hangs and says so', async () => {
		plugin('hanging', `echo $$ > "${path.join(dir, 'hanging.pid')}"\nexec sleep 60`);
		const error = await failure(listPods(withExec('hanging', {command: './hanging.sh'}), {timeoutMs: 500}));
		expect(error!.kubectlText).toBe(
			`Unable to connect to the server: getting credentials: exec: executable ${path.join(dir, 'hanging.sh')} did not return credentials within 1s`,
		);
		const pid = Number(readFileSync(path.join(dir, 'hanging.pid'), 'utf8'));
		await eventually(() => {
			try {
				process.kill(pid, 0);
				return false;
			} catch {
				return true;
			}
		}, 5000);
	});
});
