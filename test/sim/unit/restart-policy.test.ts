import {describe, expect, test} from 'vitest';
import {SimHarness, condition, containerStatus, restartTimes} from './harness.js';

// restartPolicy Never and OnFailure: pods that finish, and what kubectl and the
// conditions say once they have.

const job = (name: string, policy: string, mainCode: number, initCode?: number) => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  restartPolicy: ${policy}
${
	initCode === undefined
		? ''
		: `  initContainers:
  - name: setup
    image: busybox:1.36
    x-sim: {exit: {after: 1, code: ${initCode}}}
`
}  containers:
  - name: work
    image: busybox:1.36
    x-sim: {exit: {after: 2, code: ${mainCode}}}
`;

const summary = (pod: ReturnType<SimHarness['pod']>) =>
	(pod.status?.conditions ?? []).map(({type, status, reason, message}) => ({type, status, ...(reason ? {reason} : {}), ...(message ? {message} : {})}));

describe('restartPolicy Never', () => {
	test('a container that exits 0: Succeeded, Completed', () => {
		const sim = new SimHarness();
		sim.load(job('ok', 'Never', 0));
		sim.at(60);
		const pod = sim.pod('ok');
		expect(pod.status?.phase).toBe('Succeeded');
		expect(sim.row('ok')).toEqual({ready: '0/1', status: 'Completed', restarts: 0});
		expect(containerStatus(pod, 'work').state?.terminated).toMatchObject({exitCode: 0, reason: 'Completed'});
		expect(summary(pod)).toEqual([
			{type: 'PodReadyToStartContainers', status: 'False'},
			{type: 'Initialized', status: 'True', reason: 'PodCompleted'},
			{type: 'Ready', status: 'False', reason: 'PodCompleted'},
			{type: 'ContainersReady', status: 'False', reason: 'PodCompleted'},
			{type: 'PodScheduled', status: 'True'},
		]);
	});

	test('a container that fails: Failed, Error, never restarted', () => {
		const sim = new SimHarness();
		sim.load(job('bad', 'Never', 3));
		sim.at(60);
		const pod = sim.pod('bad');
		expect(pod.status?.phase).toBe('Failed');
		expect(sim.row('bad')).toEqual({ready: '0/1', status: 'Error', restarts: 0});
		expect(containerStatus(pod, 'work').state?.terminated).toMatchObject({exitCode: 3, reason: 'Error'});
		expect(condition(pod, 'Ready')).toMatchObject({status: 'False', reason: 'PodFailed'});
		expect(condition(pod, 'ContainersReady')).toMatchObject({status: 'False', reason: 'PodFailed'});
		expect(condition(pod, 'Initialized')).toMatchObject({status: 'True'});
		expect(sim.events('bad').some(event => event.reason === 'BackOff')).toBe(false);
	});

	test('a failed init container fails the pod: Init:Error, the app never starts', () => {
		const sim = new SimHarness();
		sim.load(job('init-bad', 'Never', 0, 1));
		sim.at(60);
		const pod = sim.pod('init-bad');
		expect(pod.status?.phase).toBe('Failed');
		expect(sim.row('init-bad')).toEqual({ready: '0/1', status: 'Init:Error', restarts: 0});
		expect(containerStatus(pod, 'work').state).toEqual({waiting: {reason: 'PodInitializing'}});
		expect(condition(pod, 'Initialized')).toMatchObject({
			status: 'False',
			reason: 'ContainersNotInitialized',
			message: 'containers with incomplete status: [setup]',
		});
		expect(condition(pod, 'Ready')).toMatchObject({status: 'False', reason: 'PodFailed'});
	});

	test('native sidecars are stopped once the app is done, and the pod succeeds', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: batch}
spec:
  restartPolicy: Never
  initContainers:
  - name: proxy
    image: envoy:1
    restartPolicy: Always
  containers:
  - name: work
    image: busybox:1.36
    x-sim: {exit: {after: 3, code: 0}}
`);
		sim.at(3);
		expect(sim.pod('batch').status?.phase).toBe('Running');
		sim.at(10);
		const pod = sim.pod('batch');
		expect(pod.status?.phase).toBe('Succeeded');
		expect(containerStatus(pod, 'proxy').state?.terminated).toBeDefined();
		expect(containerStatus(pod, 'proxy').restartCount).toBe(0);
		const killing = sim.events('batch').filter(event => event.reason === 'Killing');
		expect(killing.map(event => [event.message, event.involvedObject.fieldPath])).toEqual([['Stopping container proxy', 'spec.initContainers{proxy}']]);
	});
});

describe('restartPolicy OnFailure', () => {
	test('a container that exits 0 is done: Succeeded', () => {
		const sim = new SimHarness();
		sim.load(job('ok', 'OnFailure', 0));
		sim.at(60);
		expect(sim.pod('ok').status?.phase).toBe('Succeeded');
		expect(sim.row('ok')).toEqual({ready: '0/1', status: 'Completed', restarts: 0});
	});

	test('a failing container restarts with back-off; the pod stays Running', () => {
		const sim = new SimHarness();
		sim.load(job('retry', 'OnFailure', 3));
		sim.at(60);
		expect(sim.pod('retry').status?.phase).toBe('Running');
		// Between syncs a container in back-off reads Error (kubelet 1.35, see pod-worker.ts).
		expect(sim.row('retry')).toEqual({ready: '0/1', status: 'Error', restarts: 3});
		expect(restartTimes(sim, 'retry', 'work').length).toBe(3);
		sim.at(98.5);
		expect(sim.row('retry')).toEqual({ready: '0/1', status: 'CrashLoopBackOff', restarts: 3});
	});

	test('a failing init container is retried: Init:CrashLoopBackOff, phase Pending', () => {
		const sim = new SimHarness();
		sim.load(job('init-retry', 'OnFailure', 0, 1));
		sim.at(20);
		expect(sim.pod('init-retry').status?.phase).toBe('Pending');
		expect(sim.row('init-retry')).toEqual({ready: '0/1', status: 'Init:Error', restarts: 2});
		sim.at(42.5);
		expect(sim.row('init-retry')).toEqual({ready: '0/1', status: 'Init:CrashLoopBackOff', restarts: 2});
		expect(sim.pod('init-retry').status?.phase).toBe('Pending');
	});
});

describe('restartPolicy Always', () => {
	test('a container that exits 0 is restarted too, and the pod stays Running', () => {
		const sim = new SimHarness();
		sim.load(job('daemon', 'Always', 0));
		sim.at(30);
		expect(sim.pod('daemon').status?.phase).toBe('Running');
		expect(sim.row('daemon').restarts).toBeGreaterThanOrEqual(2);
	});
});
