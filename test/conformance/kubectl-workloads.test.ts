import {afterAll, beforeAll, expect, it} from 'vitest';
import {parseScenarioDocuments} from '../../source/sim/scenario.js';
import {createScenarioWorkloads} from '../../source/sim/workloads/scenario-workloads.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {byName, conformance, kubectl, parseTable} from './kubectl.js';

// The workloads (apps/v1, batch/v1) with the real kubectl: get's server-side columns, describe
// deploy, scale, rollout restart / status / undo, and delete taking the pods with it.

let sim: TestSim;

const ok = async (...args: string[]) => {
	const result = await kubectl(sim, args, {timeout: 60_000});
	expect(result.stderr, args.join(' ')).toBe('');
	expect(result.code, args.join(' ')).toBe(0);
	return result.stdout;
};
const table = async (...args: string[]) => parseTable(await ok('get', ...args));
/** Several kinds print one table each, separated by a blank line. */
const tables = async (...args: string[]) => (await ok('get', ...args)).split('\n\n').flatMap(section => parseTable(section));
const webPods = () => sim.cluster.pods.list().filter(pod => pod.metadata.name.startsWith('web-') && !pod.metadata.deletionTimestamp);

conformance('kubectl and the workload controllers', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['web-deployment', 'db-statefulset', 'node-agent-daemonset', 'migrate-job'], speed: 20});
		await eventually(async () => (await table('deploy', 'web'))[0]?.READY === '3/3' && (await table('sts', 'db'))[0]?.READY === '2/2', 30_000);
	}, 40_000);
	afterAll(async () => {
		await sim?.close();
	});

	it('get deploy,rs,sts,ds,jobs prints the apiserver columns with the controllers’ counts', async () => {
		const rows = await eventually(async () => {
			const found = byName(await tables('deploy,rs,sts,ds,jobs'));
			return found.get('job.batch/migrate')?.STATUS === 'Complete' && found.get('daemonset.apps/node-agent')?.READY === '1' ? found : undefined;
		}, 30_000);
		const deploy = await ok('get', 'deploy');
		expect(deploy.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
		expect(rows.get('deployment.apps/web')).toMatchObject({READY: '3/3', 'UP-TO-DATE': '3', AVAILABLE: '3'});
		const rs = [...rows.keys()].find(name => name.startsWith('replicaset.apps/web-'))!;
		expect(rs).toMatch(/^replicaset\.apps\/web-[4-9bcdf]{8,10}$/);
		expect(rows.get(rs)).toMatchObject({DESIRED: '3', CURRENT: '3', READY: '3'});
		expect(rows.get('statefulset.apps/db')).toMatchObject({READY: '2/2'});
		expect(rows.get('daemonset.apps/node-agent')).toMatchObject({
			DESIRED: '1',
			CURRENT: '1',
			READY: '1',
			'UP-TO-DATE': '1',
			AVAILABLE: '1',
			'NODE SELECTOR': '<none>',
		});
		expect(rows.get('job.batch/migrate')).toMatchObject({STATUS: 'Complete', COMPLETIONS: '1/1'});
		const wide = parseTable(await ok('get', 'jobs', '-o', 'wide'))[0]!;
		expect(Object.keys(wide)).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
		expect(wide.SELECTOR).toMatch(/^batch\.kubernetes\.io\/controller-uid=[0-9a-f-]{36}$/);
		const deployWide = parseTable(await ok('get', 'deploy', '-o', 'wide'))[0]!;
		expect(deployWide).toMatchObject({CONTAINERS: 'web-app,log-shipper', IMAGES: 'nginx:1.25,fluent/fluentd:v1.16', SELECTOR: 'app=web'});
		// Short names and the "all" category come from discovery.
		const all = await ok('get', 'all');
		for (const kind of ['pod/db-0', 'deployment.apps/web', 'statefulset.apps/db', 'daemonset.apps/node-agent', 'job.batch/migrate'])
			expect(all).toContain(kind);
	});

	it('describe deploy shows replicas, strategy, conditions, the ReplicaSets and the controller’s events', async () => {
		const rs = sim.cluster.workloads.replicaSets.list().find(set => set.metadata.name.startsWith('web-'))!.metadata.name;
		const text = await ok('describe', 'deploy', 'web');
		expect(text).toMatch(/^Replicas:\s+3 desired \| 3 updated \| 3 total \| 3 available \| 0 unavailable$/m);
		expect(text).toMatch(/^StrategyType:\s+RollingUpdate$/m);
		expect(text).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m);
		expect(text).toMatch(/^\s+Available\s+True\s+MinimumReplicasAvailable$/m);
		expect(text).toMatch(/^\s+Progressing\s+True\s+NewReplicaSetAvailable$/m);
		expect(text).toContain(`NewReplicaSet:   ${rs} (3/3 replicas created)`);
		expect(text).toMatch(new RegExp(`Normal\\s+ScalingReplicaSet\\s+\\S+\\s+deployment-controller\\s+Scaled up replica set ${rs} from 0 to 3`));
	});

	it('scale resizes the ReplicaSet and the pods follow', async () => {
		expect(await ok('scale', 'deploy/web', '--replicas=5')).toBe('deployment.apps/web scaled\n');
		await eventually(async () => (await table('deploy', 'web'))[0]?.READY === '5/5' && webPods().length === 5, 30_000);
		await ok('scale', 'deploy/web', '--replicas=3');
		await eventually(async () => (await table('deploy', 'web'))[0]?.READY === '3/3' && webPods().length === 3, 30_000);
	});

	it('rollout restart → rollout status finishes on a new ReplicaSet; rollout undo restores the previous template', async () => {
		const before = sim.cluster.workloads.deployments.get('default', 'web')!.spec.template;
		expect(await ok('rollout', 'restart', 'deploy/web')).toBe('deployment.apps/web restarted\n');
		const status = await ok('rollout', 'status', 'deploy/web', '--timeout=60s');
		expect(status.trimEnd().split('\n').at(-1)).toBe('deployment "web" successfully rolled out');
		const restarted = sim.cluster.workloads.deployments.get('default', 'web')!;
		expect(restarted.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']).toBeDefined();
		expect(restarted.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
		const sets = await table('rs', '-l', 'app=web');
		expect(sets.map(row => row.DESIRED).sort()).toEqual(['0', '3']);

		const history = await ok('rollout', 'history', 'deploy/web');
		expect(history).toMatch(/^1\s+<none>$/m);
		expect(history).toMatch(/^2\s+<none>$/m);
		expect(await ok('rollout', 'undo', 'deploy/web')).toBe('deployment.apps/web rolled back\n');
		await ok('rollout', 'status', 'deploy/web', '--timeout=60s');
		const undone = sim.cluster.workloads.deployments.get('default', 'web')!;
		expect(undone.spec.template).toEqual(before);
		expect(undone.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('3');
		const first = sim.cluster.workloads.replicaSets.list().find(set => set.metadata.annotations?.['deployment.kubernetes.io/revision'] === '3')!;
		expect(first.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
		expect(first.spec.replicas).toBe(3);
	});

	it('a StatefulSet rolls an image from db-1 down, and rollout undo goes back to the first ControllerRevision', async () => {
		const first = sim.cluster.workloads.statefulSets.get('default', 'db')!.status!.updateRevision!;
		expect(await ok('set', 'image', 'sts/db', 'postgres=postgres:16.4')).toBe('statefulset.apps/db image updated\n');
		const status = await ok('rollout', 'status', 'sts/db', '--timeout=60s');
		expect(status.trimEnd().split('\n').at(-1)).toBe('partitioned roll out complete: 2 new pods have been updated...');
		const images = async () => (await ok('get', 'pods', '-l', 'app=db', '-o', 'jsonpath={.items[*].spec.containers[0].image}')).split(' ');
		expect(await images()).toEqual(['postgres:16.4', 'postgres:16.4']);
		expect(await ok('rollout', 'undo', 'sts/db')).toBe('statefulset.apps/db rolled back\n');
		await ok('rollout', 'status', 'sts/db', '--timeout=60s');
		expect(await images()).toEqual(['postgres:16.3', 'postgres:16.3']);
		const revisions = byName(await table('controllerrevisions', '-l', 'app=db'));
		expect(revisions.get(first)).toMatchObject({CONTROLLER: 'statefulset.apps/db', REVISION: '3'});
		expect(revisions.size).toBe(2);
	});

	it('a failing Job ends Failed with BackoffLimitExceeded after backoffLimit + 1 pods', async () => {
		const yaml = `apiVersion: batch/v1
kind: Job
metadata: {name: broken}
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
      - {name: main, image: busybox:1.36, x-sim: {exit: {after: 1, code: 3}}}
`;
		createScenarioWorkloads(sim.cluster, parseScenarioDocuments(yaml).workloads);
		await eventually(async () => (await table('job', 'broken'))[0]?.STATUS === 'Failed', 30_000);
		expect((await table('job', 'broken'))[0]).toMatchObject({COMPLETIONS: '0/1'});
		const pods = await table('pods', '-l', 'job-name=broken');
		expect(pods.map(row => row.STATUS)).toEqual(['Error', 'Error']);
		const text = await ok('describe', 'job', 'broken');
		expect(text).toMatch(/^Pods Statuses:\s+0 Active \(0 Ready\) \/ 0 Succeeded \/ 2 Failed$/m);
		expect(text).toMatch(/Warning\s+BackoffLimitExceeded\s+\S+\s+job-controller\s+Job has reached the specified backoff limit/);
	});

	it('delete deployment removes its ReplicaSets and their pods', async () => {
		expect(await ok('delete', 'deploy', 'web')).toBe('deployment.apps "web" deleted\n');
		await eventually(
			() => sim.cluster.workloads.replicaSets.list().length === 0 && sim.cluster.pods.list().every(pod => !pod.metadata.name.startsWith('web-')),
			30_000,
		);
		expect(await kubectl(sim, ['get', 'deploy', 'web'])).toMatchObject({code: 1, stderr: 'Error from server (NotFound): deployments.apps "web" not found\n'});
	});

	it('create deployment (a protobuf body) runs its pods; delete --cascade=orphan leaves them to run', async () => {
		expect(await ok('create', 'deployment', 'api', '--image=nginx:1.25', '--replicas=2', '--port=8080')).toBe('deployment.apps/api created\n');
		const created = sim.cluster.workloads.deployments.get('default', 'api')!;
		expect(created.spec).toMatchObject({replicas: 2, selector: {matchLabels: {app: 'api'}}, strategy: {type: 'RollingUpdate'}});
		expect(created.spec.template.spec.containers).toEqual([
			{
				name: 'nginx',
				image: 'nginx:1.25',
				ports: [{containerPort: 8080, protocol: 'TCP'}],
				resources: {},
				terminationMessagePath: '/dev/termination-log',
				terminationMessagePolicy: 'File',
				imagePullPolicy: 'IfNotPresent',
			},
		]);
		expect(created.spec.minReadySeconds).toBeUndefined();
		await eventually(async () => (await table('deploy', 'api'))[0]?.READY === '2/2', 30_000);
		expect(await ok('delete', 'deploy', 'api', '--cascade=orphan')).toBe('deployment.apps "api" deleted\n');
		const [rs] = await table('rs', '-l', 'app=api');
		expect(rs).toMatchObject({DESIRED: '2', CURRENT: '2'});
		expect(sim.cluster.workloads.replicaSets.list().find(set => set.metadata.labels?.app === 'api')?.metadata.ownerReferences).toBeUndefined();
		expect((await table('pods', '-l', 'app=api')).map(row => row.STATUS)).toEqual(['Running', 'Running']);
		// The same Deployment made again adopts the orphaned ReplicaSet instead of making another.
		await ok('create', 'deployment', 'api', '--image=nginx:1.25', '--replicas=2', '--port=8080');
		const again = sim.cluster.workloads.deployments.get('default', 'api')!;
		await eventually(
			() => sim.cluster.workloads.replicaSets.list().find(set => set.metadata.labels?.app === 'api')?.metadata.ownerReferences?.[0]?.uid === again.metadata.uid,
		);
		await eventually(async () => (await table('deploy', 'api'))[0]?.READY === '2/2', 30_000);
		expect((await table('rs', '-l', 'app=api')).map(row => row.NAME)).toEqual([rs!.NAME]);
		// Paused, then resumed: the Progressing condition says so.
		await ok('rollout', 'pause', 'deploy/api');
		await eventually(async () => /^\s+Progressing\s+Unknown\s+DeploymentPaused$/m.test(await ok('describe', 'deploy', 'api')));
		await ok('rollout', 'resume', 'deploy/api');
		await eventually(async () => /^\s+Progressing\s+True\s+NewReplicaSetAvailable$/m.test(await ok('describe', 'deploy', 'api')));
		// Foreground: the Deployment stays, marked, until its ReplicaSet is gone, then goes too.
		const store = sim.cluster.workloads.deployments;
		const marked: string[][] = [];
		const stop = store.watch(store.revision, change => {
			if (change.object.metadata.name === 'api' && change.type === 'MODIFIED') marked.push(change.object.metadata.finalizers ?? []);
		});
		try {
			expect(await ok('delete', 'deploy', 'api', '--cascade=foreground')).toBe('deployment.apps "api" deleted\n');
		} finally {
			stop();
		}
		expect(marked).toContainEqual(['foregroundDeletion']);
		expect(sim.cluster.workloads.replicaSets.list().filter(set => set.metadata.labels?.app === 'api')).toEqual([]);
		await eventually(() => sim.cluster.pods.list().every(pod => pod.metadata.labels?.app !== 'api'), 30_000);
	});

	it('deleting a namespace takes its workloads and their pods; no new ones are made there meanwhile', async () => {
		await ok('create', 'namespace', 'shop');
		await ok('-n', 'shop', 'create', 'deployment', 'cart', '--image=nginx:1.25', '--replicas=2');
		await eventually(async () => (await table('-n', 'shop', 'deploy', 'cart'))[0]?.READY === '2/2', 30_000);
		expect(await ok('delete', 'namespace', 'shop', '--timeout=30s')).toBe('namespace "shop" deleted\n');
		expect(sim.cluster.workloads.deployments.list().filter(d => d.metadata.namespace === 'shop')).toEqual([]);
		expect(sim.cluster.pods.list().filter(pod => pod.metadata.namespace === 'shop')).toEqual([]);
		const missing = await kubectl(sim, ['-n', 'gone', 'create', 'deployment', 'x', '--image=nginx:1.25']);
		expect(missing).toMatchObject({code: 1, stderr: 'error: failed to create deployment: namespaces "gone" not found\n'});
	});
	it("keeps what kube-apiserver adds as the real node showed: a Job's labels, a DaemonSet's template generation, the StatefulSet's event words", async () => {
		// Read off a real 1.35.4 node (kubectl apply, then get -o yaml and describe).
		expect(await ok('create', 'job', 'labelled', '--image=busybox:1.36', '--', 'true')).toBe('job.batch/labelled created\n');
		const labels = JSON.parse(await ok('get', 'job', 'labelled', '-o', 'jsonpath={.metadata.labels}')) as Record<string, string>;
		expect(Object.keys(labels).sort()).toEqual(['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name']);
		expect(labels['job-name']).toBe('labelled');
		const generation = () => ok('get', 'ds', 'node-agent', '-o', 'jsonpath={.metadata.annotations.deprecated\\.daemonset\\.template\\.generation}');
		expect(await generation()).toBe('1');
		await ok('set', 'env', 'ds/node-agent', 'PROBE=1');
		expect(await generation()).toBe('2');
		await eventually(async () => (await ok('get', 'pods', '-l', 'pod-template-generation=2', '-o', 'name')).startsWith('pod/node-agent-'), 30_000);
		expect(await ok('describe', 'sts', 'db')).toMatch(/SuccessfulCreate .*statefulset-controller\s+Create Pod db-0 in StatefulSet db successful/);
	});
});
