import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {eventually, kubectl, run, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, requireBuild} from '../helpers/tmux.js';

// `podscope logs` selecting many pods and containers as stern does: a pod-name regex, -A,
// -c as a regex, -E, -i/-e on lines, -o json; and --max-log-requests as kubectl has it.
// Where kubectl has the flag, podscope is compared with it on the same sim.

const container = (name: string) => `  - name: ${name}
    image: busybox:1.36
    x-sim: {logs: {every: 0.2, lines: ["{pod} {container} GET /orders {n}", "{pod} {container} GET /healthz {n}", "{pod} {container} POST /orders {n}"]}}`;
const pod = (name: string, labels: string, containers: string[], namespace = 'default') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}, labels: {${labels}}}
spec:
  containers:
${containers.map(container).join('\n')}
`;

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'podscope-select-')), 'pods.yaml');
	writeFileSync(
		file,
		[
			pod('api-1', 'app: api', ['app', 'proxy', 'istio-sidecar']),
			pod('api-2', 'app: api', ['app', 'proxy', 'istio-sidecar']),
			pod('api-10', 'app: api10', ['app']),
			pod('worker', 'app: worker', ['app']),
			pod('api-3', 'app: api', ['app'], 'shop'),
		].join('---\n'),
	);
	sim = await startTestSim({scenarios: [file]});
	// Every container has written its first lines (a --tail 1 read is never empty).
	await eventually(async () => {
		const [home, shop] = await Promise.all([
			kubectl(sim, ['logs', '-l', 'app', '--all-containers', '--prefix', '--tail', '1']),
			kubectl(sim, ['logs', '-n', 'shop', 'api-3', '--tail', '1']),
		]);
		return lines(home.stdout).length === 8 && lines(shop.stdout).length === 1;
	});
}, 30_000);
afterAll(async () => {
	await sim?.close();
});

const podscope = (args: string[]) => run(process.execPath, [podscopeBin, 'logs', '--kubeconfig', sim.kubeconfigPath, ...args], {env: {NO_COLOR: ''}});
const lines = (text: string) => text.split('\n').filter(Boolean);
const sources = (text: string) => [...new Set(lines(text).map(line => line.split(' ')[0]))].sort();

describe('podscope logs selects pods', () => {
	it("a name no pod has is a regex on pod names (stern's query)", async () => {
		const result = await podscope(['api-\\d$', '--all-containers', '--prefix', '--tail', '1']);
		expect(result.code).toBe(0);
		expect(sources(result.stdout)).toEqual([
			'[pod/api-1/app]',
			'[pod/api-1/istio-sidecar]',
			'[pod/api-1/proxy]',
			'[pod/api-2/app]',
			'[pod/api-2/istio-sidecar]',
			'[pod/api-2/proxy]',
		]);
	});

	it('a pod of that name wins over the regex, as in kubectl', async () => {
		// 'api-1' as a regex would match api-10 too.
		const result = await podscope(['api-1', '-c', 'app', '--prefix', '--tail', '1']);
		expect(sources(result.stdout)).toEqual(['[pod/api-1/app]']);
	});

	it("a name that matches nothing and could be a name is kubectl's NotFound", async () => {
		const [ours, theirs] = await Promise.all([podscope(['nothing-here']), kubectl(sim, ['logs', 'nothing-here'])]);
		expect(ours).toEqual({...theirs, stdout: ''});
		expect(ours.code).toBe(1);
	});

	it('a regex that matches nothing says so as for a selector', async () => {
		const result = await podscope(['^zz-.*']);
		expect(result).toEqual({code: 0, stdout: '', stderr: 'No resources found in default namespace.\n'});
	});

	it('-l reads the same containers as kubectl -l', async () => {
		const args = ['-l', 'app=api', '--all-containers', '--prefix', '--tail', '1'];
		const [ours, theirs] = await Promise.all([podscope(args), kubectl(sim, ['logs', ...args])]);
		expect(ours.code).toBe(theirs.code);
		expect(sources(ours.stdout)).toEqual(sources(theirs.stdout));
		expect(sources(ours.stdout)).toHaveLength(6);
	});

	it('-A reads every namespace, for a selector and for a regex', async () => {
		const bySelector = await podscope(['-A', '-l', 'app=api', '--prefix', '--tail', '1']);
		expect(sources(bySelector.stdout)).toEqual(['[pod/api-1/app]', '[pod/api-2/app]', '[pod/api-3/app]']);
		const byRegex = await podscope(['-A', 'api-[23]', '--prefix', '--tail', '1']);
		expect(sources(byRegex.stdout)).toEqual(['[pod/api-2/app]', '[pod/api-3/app]']);
	});

	it('-c takes a regex; -E leaves containers out (all the others without -c)', async () => {
		const pattern = await podscope(['api-1', '-c', 'app|proxy', '--prefix', '--tail', '1']);
		expect(sources(pattern.stdout)).toEqual(['[pod/api-1/app]', '[pod/api-1/proxy]']);
		const excluded = await podscope(['api-1', '-E', 'istio', '--prefix', '--tail', '1']);
		expect(sources(excluded.stdout)).toEqual(['[pod/api-1/app]', '[pod/api-1/proxy]']);
		const both = await podscope(['-l', 'app=api', '-c', '.*', '-E', 'sidecar|app', '--prefix', '--tail', '1']);
		expect(sources(both.stdout)).toEqual(['[pod/api-1/proxy]', '[pod/api-2/proxy]']);
	});

	it("-c that matches no container of a named pod is kubectl's error", async () => {
		const [ours, theirs] = await Promise.all([podscope(['api-1', '-c', 'nope']), kubectl(sim, ['logs', 'api-1', '-c', 'nope'])]);
		expect(ours).toEqual(theirs);
	});

	it('-i keeps lines that match one of its patterns, -e drops those that match one of its', async () => {
		const result = await podscope(['api-1', '-c', 'app', '--tail', '30', '-i', 'GET', '-i', 'POST', '-e', 'healthz']);
		const kept = lines(result.stdout);
		expect(kept.length).toBeGreaterThan(5);
		expect(kept.some(line => line.includes('GET /orders'))).toBe(true);
		expect(kept.some(line => line.includes('POST /orders'))).toBe(true);
		expect(kept.filter(line => line.includes('healthz'))).toEqual([]);
		const only = await podscope(['api-1', '-c', 'app', '--tail', '30', '--include', 'POST']);
		expect(lines(only.stdout).length).toBeGreaterThan(2);
		expect(lines(only.stdout).every(line => line.includes('POST /orders'))).toBe(true);
	});

	it('-o json: one object a line, with the timestamp when asked', async () => {
		const result = await podscope(['-A', '-l', 'app=api', '-o', 'json', '--timestamps', '--tail', '2']);
		const objects = lines(result.stdout).map(line => JSON.parse(line));
		expect(objects).toHaveLength(6);
		for (const object of objects) {
			expect(Object.keys(object).sort()).toEqual(['container', 'message', 'namespace', 'pod', 'timestamp']);
			expect(object.message.startsWith(`${object.pod} ${object.container} `)).toBe(true);
			expect(object.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
		}
		expect(objects.filter(object => object.namespace === 'shop').map(object => object.pod)).toEqual(['api-3', 'api-3']);
		const plain = await podscope(['api-1', '-c', 'app', '-o', 'json', '--tail', '1']);
		expect(Object.keys(JSON.parse(plain.stdout))).toEqual(['namespace', 'pod', 'container', 'message']);
	});

	it("--max-log-requests: kubectl's error when following more streams than allowed", async () => {
		const args = ['-l', 'app=api', '--all-containers', '-f', '--max-log-requests', '5'];
		const [ours, theirs] = await Promise.all([podscope(args), kubectl(sim, ['logs', ...args])]);
		expect(ours).toEqual(theirs);
		expect(ours.stderr).toBe(
			'error: you are attempting to follow 6 log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit\n',
		);
		const named = ['api-1', '--all-containers', '-f', '--max-log-requests', '2'];
		const [one, kubectlOne] = await Promise.all([podscope(named), kubectl(sim, ['logs', ...named])]);
		expect(one).toEqual(kubectlOne);
		expect(one.code).toBe(1);
	});
});
