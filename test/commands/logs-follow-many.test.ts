import {type ChildProcess, spawn} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createScenarios, loadScenarioDocuments} from '../../source/sim/scenario.js';
import {eventually, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, requireBuild} from '../helpers/tmux.js';

// Following many pods (a pod-name regex, -l, a workload's --all-pods): pods created while
// podscope follows join the stream within 2 s with stern's `+ pod › container` on stderr;
// pods deleted leave with `- pod › container`, after their last line; no line is lost; a
// pod made again under the same name (a StatefulSet's) joins again.

const dir = mkdtempSync(path.join(tmpdir(), 'podscope-follow-many-'));
let file = 0;
const podYaml = (name: string, labels: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, labels: {${labels}}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: app
    image: busybox:1.36
    x-sim: {logs: {every: 0.1, lines: ["{pod} line {n}"]}}
`;

/** Create a pod in the running sim, as a controller would. */
function create(sim: TestSim, name: string, labels: string): void {
	const scenario = path.join(dir, `pod-${file++}.yaml`);
	writeFileSync(scenario, podYaml(name, labels));
	createScenarios(sim.cluster, [loadScenarioDocuments(scenario)]);
}

type Follow = {child: ChildProcess; stdout(): string; stderr(): string};
const running: ChildProcess[] = [];

function follow(sim: TestSim, args: string[]): Follow {
	const child = spawn(process.execPath, [podscopeBin, 'logs', '--kubeconfig', sim.kubeconfigPath, '-f', ...args], {env: {...process.env, NO_COLOR: ''}});
	running.push(child);
	let out = '';
	let err = '';
	child.stdout.on('data', chunk => (out += chunk));
	child.stderr.on('data', chunk => (err += chunk));
	return {child, stdout: () => out, stderr: () => err};
}

/** The numbers of a pod's lines, in the order podscope printed them. */
const numbers = (text: string, pod: string) =>
	text
		.split('\n')
		.filter(line => line.startsWith(`${pod} line `) || line.startsWith(`[pod/${pod}/app] ${pod} line `))
		.map(line => Number(line.split(' ').at(-1)));

/** Whether `marker` shows up within 2 s of now (stern's joins are a watch event away). */
const within2s = (check: () => boolean) => eventually(check, 2000, 20);

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	const scenario = path.join(dir, 'start.yaml');
	writeFileSync(scenario, [podYaml('stream-a', 'app: stream'), podYaml('web-1', 'app: web'), podYaml('web-2', 'app: web')].join('---\n'));
	sim = await startTestSim({scenarios: [scenario]});
	// Deployment web owns no pods (no replicas): its selector matches the hand-made web-N pods,
	// which is all `logs deploy/web` reads.
	const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: busybox:1.36}]}
`;
	expect((await kubectl(sim, ['apply', '-f', '-'], {input: web})).code).toBe(0);
	await eventually(async () => (await kubectl(sim, ['logs', 'web-2'])).stdout.includes('line 2'));
}, 30_000);
afterEach(() => {
	for (const child of running.splice(0)) child.kill('SIGTERM');
});
afterAll(async () => {
	await sim?.close();
});

describe('podscope logs -f over many pods', () => {
	it('a regex and a selector: new pods join, deleted ones leave, no line lost', async () => {
		const byRegex = follow(sim, ['^stream-']);
		const bySelector = follow(sim, ['-l', 'app=stream']);
		for (const followed of [byRegex, bySelector]) await eventually(() => followed.stderr().includes('+ stream-a › app\n'));

		create(sim, 'stream-b', 'app: stream');
		for (const followed of [byRegex, bySelector]) await within2s(() => followed.stderr().includes('+ stream-b › app\n'));
		await eventually(() => numbers(byRegex.stdout(), 'stream-b').length >= 10);

		const before = (await kubectl(sim, ['logs', 'stream-b'])).stdout;
		sim.cluster.deletePod('default', 'stream-b');
		for (const followed of [byRegex, bySelector]) await eventually(() => followed.stderr().includes('- stream-b › app\n'));
		for (const followed of [byRegex, bySelector]) {
			const seen = numbers(followed.stdout(), 'stream-b');
			// Every line, from the first, once and in order, and at least all kubectl saw before the delete.
			expect(seen).toEqual(Array.from({length: seen.length}, (_, index) => index + 1));
			expect(seen.length).toBeGreaterThanOrEqual(numbers(before, 'stream-b').length);
		}
		// stream-a is still followed, and never left.
		expect(byRegex.stderr()).not.toContain('- stream-a');

		// The same name again is a new pod: it joins again.
		await eventually(() => !sim.cluster.pods.get('default', 'stream-b'));
		create(sim, 'stream-b', 'app: stream');
		await within2s(() => byRegex.stderr().split('+ stream-b › app\n').length === 3);
		await eventually(() => numbers(byRegex.stdout(), 'stream-b').filter(n => n === 1).length === 2);
		// Nothing outside the query joined.
		expect(byRegex.stderr()).not.toContain('web-');
	}, 30_000);

	it("a workload's --all-pods: a pod the workload gains joins, prefixed", async () => {
		const all = follow(sim, ['deploy/web', '--all-pods']);
		for (const name of ['web-1', 'web-2']) await eventually(() => all.stderr().includes(`+ ${name} › app\n`));
		create(sim, 'web-3', 'app: web');
		await within2s(() => all.stderr().includes('+ web-3 › app\n'));
		await eventually(() => all.stdout().includes('[pod/web-3/app] web-3 line 3\n'));
		create(sim, 'not-web', 'app: other');
		await eventually(() => sim.cluster.pods.get('default', 'not-web')?.status?.phase === 'Running');
		expect(all.stderr()).not.toContain('not-web');
	}, 30_000);

	it('--max-log-requests: a pod that would pass the cap later is not followed, and stderr says so', async () => {
		create(sim, 'cap-1', 'app: cap');
		create(sim, 'cap-2', 'app: cap');
		const capped = follow(sim, ['-l', 'app=cap', '--max-log-requests', '2']);
		for (const name of ['cap-1', 'cap-2']) await eventually(() => capped.stderr().includes(`+ ${name} › app\n`));
		create(sim, 'cap-3', 'app: cap');
		await eventually(() => capped.stderr().includes('! cap-3 › app: not followed, 2 streams already (--max-log-requests)\n'));
		expect(capped.stderr()).not.toContain('+ cap-3');
		expect(numbers(capped.stdout(), 'cap-3')).toEqual([]);
	}, 30_000);

	it('a workload without --all-pods reads the one pod kubectl picks, and says which', async () => {
		const one = follow(sim, ['deploy/web', '--tail', '1']);
		await eventually(() => /^Found \d pods, using pod\/web-\d\n/.test(one.stderr()));
		const chosen = /using pod\/(web-\d)/.exec(one.stderr())![1]!;
		await eventually(() => numbers(one.stdout(), chosen).length >= 3);
		expect(
			one
				.stdout()
				.split('\n')
				.filter(Boolean)
				.every(line => line.startsWith(`${chosen} line `)),
		).toBe(true);
	}, 30_000);
});
