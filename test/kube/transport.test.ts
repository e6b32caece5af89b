import {type ChildProcess, spawn} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {Writable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {openStream} from '../../source/kube/exec.js';
import {KubeError, KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import type {List, Pod} from '../../source/model/k8s.js';
import {createPki} from '../../source/sim/pki.js';
import {startConnectProxy, startSocks5Proxy, type TestProxy} from '../helpers/proxies.js';
import {eventually, kubectlPath, run, startTestSim, type TestSim} from '../helpers/sim.js';

// Every request podscope makes goes the way kubectl's would: through the cluster's proxy-url
// (http CONNECT or socks5), never around it, and to plain http:// servers such as
// `kubectl proxy`.

let sim: TestSim;
let raw: {clusters: Array<{name: string; cluster: Record<string, unknown>}>} & Record<string, unknown>;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	raw = parse((await import('node:fs')).readFileSync(sim.kubeconfigPath, 'utf8'));
	await eventually(() => sim.cluster.pods.get('default', 'web-with-logging')?.status?.containerStatuses?.every(status => status.ready), 25_000);
});
afterAll(async () => {
	await sim.close();
});

function withCluster(name: string, cluster: Record<string, unknown>): string {
	const file = path.join(sim.dir, `${name}.kubeconfig`);
	writeFileSync(file, stringify({...raw, clusters: raw.clusters.map(entry => ({...entry, cluster: {...entry.cluster, ...cluster}}))}));
	return file;
}

const http = (file: string, env: NodeJS.ProcessEnv = {}) => new KubeHttp(loadKubeconfig({kubeconfig: file, env}).access);
const podNames = async (file: string, env?: NodeJS.ProcessEnv) =>
	(await http(file, env).json<List<Pod>>('/api/v1/namespaces/default/pods')).items.map(pod => pod.metadata.name);

async function execEcho(file: string): Promise<string> {
	const chunks: Buffer[] = [];
	const stdout = new Writable({
		write(chunk: Buffer, _encoding, done) {
			chunks.push(Buffer.from(chunk));
			done();
		},
	});
	const outcome = await openStream(
		loadKubeconfig({kubeconfig: file}).access,
		'exec',
		{namespace: 'default', pod: 'web-with-logging', container: 'web-app'},
		['echo', 'through'],
		{stdout, tty: false},
	);
	expect(outcome).toEqual({kind: 'exited', code: 0});
	return Buffer.concat(chunks).toString('utf8');
}

const served = () => sim.server.requests.length;

describe('proxy-url', () => {
	let proxy: TestProxy;
	let socks: TestProxy;
	beforeAll(async () => {
		proxy = await startConnectProxy();
		socks = await startSocks5Proxy();
	});
	afterAll(async () => {
		await proxy.close();
		await socks.close();
	});

	it('tunnels lists and exec WebSockets through an http proxy with CONNECT', async () => {
		const file = withCluster('via-http-proxy', {'proxy-url': proxy.url});
		const server = new URL(raw.clusters[0]!.cluster.server as string);
		expect(await podNames(file)).toEqual(['web-with-logging']);
		expect(proxy.tunnels).toContain(`${server.hostname}:${server.port}`);
		const before = proxy.tunnels.length;
		expect(await execEcho(file)).toBe('through\n');
		expect(proxy.tunnels.length).toBeGreaterThan(before);
	});

	it('tunnels through a socks5 proxy', async () => {
		const file = withCluster('via-socks', {'proxy-url': socks.url});
		expect(await podNames(file)).toEqual(['web-with-logging']);
		expect(socks.tunnels.length).toBeGreaterThan(0);
		const before = socks.tunnels.length;
		expect(await execEcho(file)).toBe('through\n');
		expect(socks.tunnels.length).toBeGreaterThan(before);
	});

	it('tunnels through an https proxy, which it verifies with the cluster’s CA as client-go does', async () => {
		// Go's transport speaks TLS to an https proxy with the cluster's own TLS config
		// (net/http transport.go, dialConn: addTLS with TLSClientConfig): the proxy's certificate
		// must chain to the kubeconfig's certificate-authority, as the server's does.
		const proxyPki = createPki({}, 'proxy-ca');
		const secure = await startConnectProxy(proxyPki.server);
		try {
			const clusterCA = Buffer.from(String(raw.clusters[0]!.cluster['certificate-authority-data']), 'base64').toString();
			const both = Buffer.from(clusterCA + proxyPki.ca.cert).toString('base64');
			const trusted = withCluster('https-proxy', {'proxy-url': secure.url, 'certificate-authority-data': both});
			expect(await podNames(trusted)).toContain('web-with-logging');
			expect(secure.tunnels.length).toBe(1);
			expect(await execEcho(trusted)).toBe('through\n');
			expect(secure.tunnels.length).toBe(2);
			const kubectl = await run(kubectlPath, ['--kubeconfig', trusted, 'get', 'pods', '-o', 'name'], {timeout: 30_000});
			expect(kubectl.stdout).toContain('pod/web-with-logging');
			// Only the cluster's CA: the proxy is not trusted, by kubectl or by podscope.
			const untrusted = withCluster('https-proxy-untrusted', {'proxy-url': secure.url});
			const refused = await run(kubectlPath, ['--kubeconfig', untrusted, 'get', 'pods', '-o', 'name'], {timeout: 30_000});
			const error = await podNames(untrusted).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(KubeError);
			expect({code: refused.code, line: refused.stderr.trim().split('\n').at(-1)}).toEqual({code: 1, line: (error as KubeError).kubectlText});
		} finally {
			await secure.close();
		}
	});

	it('words a server certificate from an unknown authority as kubectl does', async () => {
		const other = createPki({}, 'other-ca');
		const file = withCluster('unknown-ca', {'certificate-authority-data': Buffer.from(other.ca.cert).toString('base64')});
		const refused = await run(kubectlPath, ['--kubeconfig', file, 'get', 'pods', '-o', 'name'], {timeout: 30_000});
		const error = await podNames(file).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(KubeError);
		expect({code: refused.code, line: refused.stderr.trim().split('\n').at(-1)}).toEqual({code: 1, line: (error as KubeError).kubectlText});
	});

	it('fails with Go’s proxyconnect text when the proxy is down, and never goes around it', async () => {
		const file = withCluster('dead-proxy', {'proxy-url': 'http://127.0.0.1:1'});
		const before = served();
		const error = await podNames(file).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(KubeError);
		expect((error as KubeError).kubectlText).toBe('Unable to connect to the server: proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused');
		expect(served()).toBe(before);
	});

	it('refuses a scheme client-go refuses before any request', () => {
		const file = withCluster('ftp-proxy', {'proxy-url': 'ftp://127.0.0.1:1'});
		expect(() => loadKubeconfig({kubeconfig: file})).toThrow(
			`invalid 'proxy-url' "ftp://127.0.0.1:1" for cluster "podscope-sim": unsupported scheme "ftp", must be http, https, or socks5`,
		);
	});

	it('leaves a loopback server alone when only HTTPS_PROXY is set, as Go does', async () => {
		const before = proxy.tunnels.length;
		expect(await podNames(sim.kubeconfigPath, {HTTPS_PROXY: proxy.url})).toEqual(['web-with-logging']);
		expect(proxy.tunnels.length).toBe(before);
	});
});

describe('an http:// server', () => {
	let child: ChildProcess;
	let address = '';
	beforeAll(async () => {
		// kubectl proxy serves the API over plain http; exec is let through for this test.
		child = spawn(kubectlPath, ['proxy', '--port=0', `--kubeconfig=${sim.kubeconfigPath}`, '--reject-paths=^/nothing$'], {stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		address = await eventually(() => /Starting to serve on (\S+)/.exec(output)?.[1], 15_000);
	});
	afterAll(() => {
		child.kill();
	});

	it('lists pods and execs through `kubectl proxy`', async () => {
		const config = {
			apiVersion: 'v1',
			kind: 'Config',
			'current-context': 'proxy',
			clusters: [{name: 'proxy', cluster: {server: `http://${address}`}}],
			users: [{name: 'none', user: {}}],
			contexts: [{name: 'proxy', context: {cluster: 'proxy', user: 'none'}}],
		};
		const file = path.join(sim.dir, 'kubectl-proxy.kubeconfig');
		writeFileSync(file, stringify(config));
		expect(await podNames(file)).toEqual(['web-with-logging']);
		expect(await execEcho(file)).toBe('through\n');
	});
});
