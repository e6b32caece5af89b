import {afterEach, describe, expect, test} from 'vitest';
import type {Pod} from '../../../../source/model/k8s.js';
import type {ControllerContext} from '../../../../source/sim/workloads/context.js';
import {controllerContext} from '../../../../source/sim/workloads/controller-manager.js';
import {syncDeployment} from '../../../../source/sim/workloads/deployment-controller.js';
import {syncJob} from '../../../../source/sim/workloads/job-controller.js';
import {syncReplicaSet} from '../../../../source/sim/workloads/replicaset-controller.js';
import {syncStatefulSet} from '../../../../source/sim/workloads/statefulset-controller.js';
import {SimHarness} from '../harness.js';

// The controllers' sync functions driven by hand on the harness's manual clock: each pass is
// what one trip through the work queue does, time moves only when the test says.

let harness: SimHarness;
let context: ControllerContext;
afterEach(() => harness.cluster.shutdown());

function start(yaml: string): void {
	harness = new SimHarness();
	context = controllerContext(harness.cluster);
	harness.load(yaml);
}

const pods = (prefix: string) => harness.cluster.pods.list().filter(pod => pod.metadata.name.startsWith(prefix));

/** Sync every controller a few times, then let `seconds` of simulated time pass. */
function pass(seconds: number, times = 3): void {
	for (let i = 0; i < times; i++) {
		for (const d of harness.cluster.workloads.deployments.list()) syncDeployment(context, d.metadata.namespace!, d.metadata.name);
		for (const rs of harness.cluster.workloads.replicaSets.list()) syncReplicaSet(context, rs.metadata.namespace!, rs.metadata.name);
		for (const job of harness.cluster.workloads.jobs.list()) syncJob(context, job.metadata.namespace!, job.metadata.name);
		for (const set of harness.cluster.workloads.statefulSets.list()) syncStatefulSet(context, set.metadata.namespace!, set.metadata.name);
	}
	harness.clock.advance(seconds);
}

describe('Deployment and ReplicaSet controllers', () => {
	test('pods are named <deployment>-<hash>-<5 chars>, labelled with the hash and owned by their ReplicaSet', () => {
		start('web-deployment');
		pass(5);
		const [rs] = harness.cluster.workloads.replicaSets.list();
		const hash = rs!.metadata.labels!['pod-template-hash']!;
		expect(rs!.metadata.name).toBe(`web-${hash}`);
		expect(rs!.metadata.ownerReferences).toEqual([
			{
				apiVersion: 'apps/v1',
				kind: 'Deployment',
				name: 'web',
				uid: harness.cluster.workloads.deployments.get('default', 'web')!.metadata.uid,
				controller: true,
				blockOwnerDeletion: true,
			},
		]);
		const made = pods('web-');
		expect(made).toHaveLength(3);
		for (const pod of made) {
			expect(pod.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
			expect(pod.metadata.labels).toEqual({app: 'web', pattern: 'sidecar', 'pod-template-hash': hash});
			expect(pod.metadata.ownerReferences?.[0]).toMatchObject({kind: 'ReplicaSet', name: rs!.metadata.name, controller: true, blockOwnerDeletion: true});
		}
		// The scenario's behaviours reach the pods: nginx is listening and both containers run.
		pass(5);
		expect(made.every(pod => harness.pod(pod.metadata.name).status?.containerStatuses?.every(status => status.ready))).toBe(true);
		const d = harness.cluster.workloads.deployments.get('default', 'web')!;
		expect(d.status).toMatchObject({replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1});
		expect(d.status?.conditions?.map(condition => [condition.type, condition.reason])).toEqual([
			['Available', 'MinimumReplicasAvailable'],
			['Progressing', 'NewReplicaSetAvailable'],
		]);
		expect(harness.events().map(event => event.message)).toContain(`Scaled up replica set web-${hash} from 0 to 3`);
	});

	test('a new template rolls out within maxSurge: never more than 4 pods, the old ReplicaSet kept at 0', () => {
		start('web-deployment');
		pass(5);
		pass(5);
		const store = harness.cluster.workloads.deployments;
		const d = store.get('default', 'web')!;
		const template = {...d.spec.template, metadata: {...d.spec.template.metadata, annotations: {'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:10Z'}}};
		store.update({...d, metadata: {...d.metadata, generation: 2}, spec: {...d.spec, template}});
		let most = 0;
		for (let i = 0; i < 20; i++) {
			pass(2, 1);
			most = Math.max(most, pods('web-').filter(pod => !pod.metadata.deletionTimestamp).length);
		}
		expect(most).toBeLessThanOrEqual(4);
		const sets = harness.cluster.workloads.replicaSets
			.list()
			.sort(
				(a, b) => Number(a.metadata.annotations!['deployment.kubernetes.io/revision']) - Number(b.metadata.annotations!['deployment.kubernetes.io/revision']),
			);
		expect(sets.map(rs => rs.spec.replicas)).toEqual([0, 3]);
		expect(store.get('default', 'web')!.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('2');
		const live = pods('web-').filter(pod => !pod.metadata.deletionTimestamp);
		expect(live.every(pod => pod.metadata.labels?.['pod-template-hash'] === sets[1]!.metadata.labels!['pod-template-hash'])).toBe(true);
	});
});

describe('Deployment progress deadline', () => {
	test('a rollout whose pods never become available times out: Progressing False ProgressDeadlineExceeded', () => {
		start(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: stuck}
spec:
  replicas: 1
  progressDeadlineSeconds: 30
  selector: {matchLabels: {app: stuck}}
  template:
    metadata: {labels: {app: stuck}}
    spec:
      containers:
      - name: app
        image: registry.invalid/app:1.0
        x-sim: {pull: {error: no-such-host}}
`);
		const progressing = () => harness.cluster.workloads.deployments.get('default', 'stuck')!.status?.conditions?.find(c => c.type === 'Progressing');
		pass(5);
		expect(progressing()).toMatchObject({status: 'True', reason: 'ReplicaSetUpdated'});
		for (let i = 0; i < 5; i++) pass(5);
		// 25 s in: not yet.
		expect(progressing()?.reason).not.toBe('ProgressDeadlineExceeded');
		for (let i = 0; i < 3; i++) pass(5);
		const rs = harness.cluster.workloads.replicaSets.list()[0]!.metadata.name;
		expect(progressing()).toMatchObject({status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rs}" has timed out progressing.`});
		expect(harness.cluster.workloads.deployments.get('default', 'stuck')!.status?.conditions?.find(c => c.type === 'Available')).toMatchObject({
			status: 'False',
			reason: 'MinimumReplicasUnavailable',
			message: 'Deployment does not have minimum availability.',
		});
	});
});

const job = (code: number, backoffLimit: number) => `
apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  backoffLimit: ${backoffLimit}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: migrate/migrate:v4.17.0
        x-sim: {exit: {after: 1, code: ${code}}}
`;

describe('Job controller', () => {
	test('a failing Job stops after backoffLimit + 1 pods, backing off 10 s then 20 s, and is Failed', () => {
		start(job(1, 2));
		const created: number[] = [];
		for (let i = 0; i < 120 && !harness.cluster.workloads.jobs.get('default', 'migrate')!.status?.conditions?.some(c => c.type === 'Failed'); i++) {
			const before = pods('migrate-').length;
			pass(1, 2);
			if (pods('migrate-').length > before) created.push(harness.elapsed());
		}
		const status = harness.cluster.workloads.jobs.get('default', 'migrate')!.status!;
		expect(status.failed).toBe(3);
		expect(pods('migrate-')).toHaveLength(3);
		expect(status.conditions?.map(condition => [condition.type, condition.reason, condition.message])).toEqual([
			['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
			['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
		]);
		// Each later pod waits out the back-off after the previous failure (about 1 s to fail, then 10 s, then 20 s).
		expect(created[1]! - created[0]!).toBeGreaterThanOrEqual(11);
		expect(created[2]! - created[1]!).toBeGreaterThanOrEqual(21);
		expect(harness.events().some(event => event.reason === 'BackoffLimitExceeded' && event.source?.component === 'job-controller')).toBe(true);
		// Every pod was counted once and released: no job-tracking finalizer is left.
		expect(pods('migrate-').every((pod: Pod) => !pod.metadata.finalizers?.length)).toBe(true);
	});

	test('a succeeding Job is Complete with COMPLETIONS reached and its pod labelled with the job', () => {
		start(job(0, 6));
		for (let i = 0; i < 10; i++) pass(1);
		const current = harness.cluster.workloads.jobs.get('default', 'migrate')!;
		expect(current.status).toMatchObject({succeeded: 1, ready: 0, terminating: 0});
		expect(current.status?.completionTime).toBeDefined();
		expect(current.status?.conditions?.map(condition => condition.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
		const [pod] = pods('migrate-');
		expect(pod!.metadata.labels).toMatchObject({'batch.kubernetes.io/job-name': 'migrate', 'batch.kubernetes.io/controller-uid': current.metadata.uid});
	});
});

describe('StatefulSet controller', () => {
	test('OrderedReady: db-1 is created only once db-0 is Running and Ready', () => {
		start('db-statefulset');
		pass(0.5);
		expect(pods('db-').map(pod => pod.metadata.name)).toEqual(['db-0']);
		// db-0 listens after 2 s and its readiness probe runs every 2 s: still alone at 1 s.
		pass(0.5);
		expect(pods('db-').map(pod => pod.metadata.name)).toEqual(['db-0']);
		for (let i = 0; i < 10; i++) pass(1);
		const made = pods('db-').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
		expect(made.map(pod => pod.metadata.name)).toEqual(['db-0', 'db-1']);
		expect(Date.parse(made[1]!.metadata.creationTimestamp!)).toBeGreaterThan(Date.parse(made[0]!.metadata.creationTimestamp!));
		expect(made[1]!.metadata.labels).toMatchObject({'statefulset.kubernetes.io/pod-name': 'db-1', 'apps.kubernetes.io/pod-index': '1'});
		expect(made[1]!.metadata.labels!['controller-revision-hash']).toMatch(/^db-[4-9bcdf]+$/);
		expect(made[1]!.spec).toMatchObject({hostname: 'db-1', subdomain: 'db'});
	});
});
