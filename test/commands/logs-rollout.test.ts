import {type ChildProcess, spawn} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import type {Pod} from '../../source/model/k8s.js';
import type {LogInstance} from '../../source/sim/kubelet/log-store.js';
import {eventually, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, requireBuild} from '../helpers/tmux.js';

// Issue 17's rollout test: `kubectl rollout restart deployment/web` while `podscope logs
// deploy/web --all-pods -f` runs. Every line each old pod wrote (the sim's own record of its
// log) is printed, once and in order, before it leaves; each new pod joins within 2 s of the
// ReplicaSet controller creating it.

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
      - name: app
        image: busybox:1.36
        x-sim: {logs: {every: 0.1, lines: ["{pod} line {n}"]}}
`;

let sim: TestSim;
let child: ChildProcess | undefined;
beforeAll(async () => {
	requireBuild();
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'podscope-rollout-')), 'web.yaml');
	writeFileSync(file, deployment);
	sim = await startTestSim({scenarios: [file]});
}, 30_000);
afterAll(async () => {
	child?.kill('SIGTERM');
	await sim?.close();
});

const webPods = (): Pod[] =>
	[...sim.cluster.pods.list()].filter(pod => pod.metadata.namespace === 'default' && pod.metadata.labels?.app === 'web' && !pod.metadata.deletionTimestamp);
const running = (pod: Pod) => pod.status?.phase === 'Running';

/** A pod's lines as podscope printed them (`[pod/NAME/app] NAME line N`): their numbers. */
const numbers = (text: string, pod: string) =>
	text
		.split('\n')
		.filter(line => line.startsWith(`[pod/${pod}/app] ${pod} line `))
		.map(line => Number(line.split(' ').at(-1)));

it('follows a Deployment across a rollout restart: no old line lost, new pods within 2 s', async () => {
	await eventually(() => webPods().length === 2 && webPods().every(running), 20_000);
	const old = webPods();
	// The sim's record of each old pod's log, kept past the pod's deletion.
	const records = new Map<string, LogInstance>(old.map(pod => [pod.metadata.name, sim.cluster.worker(pod)!.slot('app')!.logInstance(false)!]));

	let out = '';
	let err = '';
	child = spawn(process.execPath, [podscopeBin, 'logs', 'deploy/web', '--all-pods', '-f', '--kubeconfig', sim.kubeconfigPath], {
		env: {...process.env, NO_COLOR: ''},
	});
	child.stdout!.on('data', chunk => (out += chunk));
	child.stderr!.on('data', chunk => (err += chunk));
	for (const pod of old) await eventually(() => err.includes(`+ ${pod.metadata.name} › app\n`));

	const restart = await kubectl(sim, ['rollout', 'restart', 'deployment/web']);
	expect(restart.stdout).toBe('deployment.apps/web restarted\n');

	// Each new pod, from the moment the controller made it, joins within 2 s.
	const oldNames = new Set(old.map(pod => pod.metadata.name));
	const joined = new Set<string>();
	while (joined.size < 2) {
		const fresh = await eventually(() => webPods().find(pod => !oldNames.has(pod.metadata.name) && !joined.has(pod.metadata.name)), 30_000, 10);
		const name = fresh.metadata.name;
		await eventually(() => err.includes(`+ ${name} › app\n`), 2000, 10);
		joined.add(name);
	}

	// Each old pod leaves once it has ended, after every line it wrote.
	for (const name of oldNames) {
		await eventually(() => err.includes(`- ${name} › app\n`), 30_000);
		const written = records
			.get(name)!
			.current.lines.map(line => Number(/line (\d+)$/.exec(line.text)?.[1]))
			.filter(Number.isFinite);
		const printed = numbers(out, name);
		expect(written.length).toBeGreaterThan(5);
		// The --all-pods read starts at the tail kubectl would give; from there, every line once.
		const from = written.indexOf(printed[0]!);
		expect(from).toBeGreaterThanOrEqual(0);
		expect(printed).toEqual(written.slice(from));
		expect(err.indexOf(`- ${name} › app\n`)).toBeGreaterThan(err.indexOf(`+ ${name} › app\n`));
	}
	// The new pods are followed on.
	for (const name of joined) await eventually(() => numbers(out, name).length >= 3);
}, 90_000);
