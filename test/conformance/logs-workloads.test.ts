import {afterAll, beforeAll, expect, it} from 'vitest';
import {eventually, run, type RunResult, startTestSim} from '../helpers/sim.js';
import {podscopeBin} from '../helpers/tmux.js';
import {conformance, kubectl} from './kubectl.js';

// `podscope logs TYPE/NAME` against `kubectl logs TYPE/NAME` on the same sim: the pod kubectl
// picks and its "Found N pods" line, --all-pods, the type spellings, and kubectl's errors word
// for word. The resolution itself is also tested against a stand-in in
// test/kube/workload-pods.test.ts.

const sim = await startTestSim({scenarios: ['best-practice'], speed: 5});

const manifests = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: app
        image: busybox:1.36
        command: [sh, -c, 'i=0; while true; do i=$((i+1)); echo "$HOSTNAME line $i"; sleep 1; done']
      - name: proxy
        image: busybox:1.36
        command: [sh, -c, 'while true; do echo "proxy up"; sleep 1; done']
---
apiVersion: batch/v1
kind: Job
metadata: {name: once}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: work
        image: busybox:1.36
        command: [sh, -c, 'echo "job started"; echo "job done"']
`;

const podscope = (args: string[]) =>
	run(process.execPath, [podscopeBin, 'logs', '--kubeconfig', sim.kubeconfigPath, ...args], {env: {NO_COLOR: '', KUBECONFIG: ''}});

/** Both at once, compared after `normalise`; retried when a line arrived between the two. */
async function same(args: string[], normalise: (result: RunResult) => unknown = result => result): Promise<void> {
	let pair: unknown[] = [];
	for (let attempt = 0; attempt < 5; attempt++) {
		const [ours, theirs] = await Promise.all([podscope(args), kubectl(sim, ['logs', ...args])]);
		pair = [normalise({...ours, stderr: ours.stderr.replaceAll('podscope logs', 'kubectl logs')}), normalise(theirs)];
		if (JSON.stringify(pair[0]) === JSON.stringify(pair[1])) return;
	}
	expect(pair[0]).toEqual(pair[1]);
}

const sources = (result: RunResult) => ({
	code: result.code,
	stderr: result.stderr,
	sources: [
		...new Set(
			result.stdout
				.split('\n')
				.filter(Boolean)
				.map(line => line.split(' ')[0]),
		),
	].sort(),
});

conformance('podscope logs TYPE/NAME equals kubectl logs TYPE/NAME', () => {
	beforeAll(async () => {
		expect((await kubectl(sim, ['apply', '-f', '-'], {input: manifests})).code).toBe(0);
		await eventually(async () => {
			const web = await kubectl(sim, ['logs', '-l', 'app=web', '--all-containers', '--prefix', '--tail', '1']);
			const job = await kubectl(sim, ['logs', 'job/once']);
			return web.stdout.split('\n').filter(Boolean).length === 4 && job.stdout.includes('job done');
		}, 45_000);
	}, 60_000);
	afterAll(async () => {
		await sim.close();
	});

	it.each([
		[['deploy/web', '--tail', '2']],
		[['deployment/web', '-c', 'proxy', '--tail', '1']],
		[['deployments.apps/web', 'proxy', '--tail', '1']],
		[['deployments.v1.apps/web', '--tail', '1', '--prefix']],
		[['job/once']],
		[['jobs.batch/once', '--timestamps']],
	])('%j', async args => {
		await same(args, result => ({...result, stdout: result.stdout.split('\n').slice(0, 1)}));
	});

	it.each([[['deploy/web', '--all-pods', '--all-containers', '--tail', '1']], [['deploy/web', '--all-pods', '--tail', '1']]])(
		'%j (which pods and containers)',
		async args => {
			await same(args, sources);
		},
	);

	it.each([
		[['deploy/nope']],
		[['rs/nope']],
		[['sts/nope']],
		[['ds/nope']],
		[['job/nope']],
		[['widgets/web']],
		[['cm/nope']],
		[['deploy/web', '-c', 'nope']],
		[['deploy/web', '--all-pods', '--all-containers', '-f', '--max-log-requests', '3']],
	])('errors like kubectl: %j', async args => {
		await same(args);
	});
});
