import {describe, expect, test} from 'vitest';
import type {ContainerStatus, Pod} from '../../../source/model/k8s.js';
import {SimHarness} from './harness.js';

// The container status fields kubelet 1.35 writes besides state and readiness
// (convertToAPIContainerStatuses, pkg/kubelet/kubelet_pods.go): the mounts of every container,
// and the allocated and effective resources of a container the runtime has created.

const statusOf = (pod: Pod, name: string): ContainerStatus =>
	[...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])].find(
		status => status.name === name,
	)!;

const tokenMount = (pod: Pod) => pod.spec.volumes!.find(volume => volume.name.startsWith('kube-api-access-'))!.name;

describe('container status', () => {
	test('every container lists its mounts; a read-only one is not recursively read-only', () => {
		const sim = new SimHarness();
		sim.load('pod-with-init');
		sim.at(1);
		const pod = sim.pod('pod-with-init');
		const mounts = [
			{name: 'workdir', mountPath: '/work-dir'},
			{name: tokenMount(pod), mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true, recursiveReadOnly: 'Disabled'},
		];
		expect(statusOf(pod, 'init-setup').volumeMounts).toEqual(mounts);
		// main-app waits for the init container, and has its mounts all the same.
		expect(statusOf(pod, 'main-app').state?.waiting?.reason).toBe('PodInitializing');
		expect(statusOf(pod, 'main-app').volumeMounts).toEqual(mounts);
	});

	test('resources appear once the runtime has created the container', () => {
		const sim = new SimHarness();
		sim.load('pod-with-init');
		sim.at(1);
		let pod = sim.pod('pod-with-init');
		// A container without resources: `{}` in effect, nothing allocated.
		expect(statusOf(pod, 'init-setup').resources).toEqual({});
		expect(statusOf(pod, 'init-setup').allocatedResources).toBeUndefined();
		expect(statusOf(pod, 'main-app')).not.toHaveProperty('resources');
		sim.at(10);
		pod = sim.pod('pod-with-init');
		expect(statusOf(pod, 'main-app').state?.running).toBeDefined();
		expect(statusOf(pod, 'main-app').resources).toEqual({});
		// The init container has exited; the runtime still has it.
		expect(statusOf(pod, 'init-setup').state?.terminated?.exitCode).toBe(0);
		expect(statusOf(pod, 'init-setup').resources).toEqual({});
	});

	test('the allocated requests and the requests and limits in effect, through a crash loop', () => {
		const sim = new SimHarness();
		sim.load('oom-sidecar');
		sim.at(2);
		let pod = sim.pod('oom-sidecar');
		expect(statusOf(pod, 'web')).toMatchObject({
			allocatedResources: {memory: '64Mi', cpu: '100m'},
			resources: {requests: {memory: '64Mi', cpu: '100m'}, limits: {memory: '128Mi', cpu: '200m'}},
		});
		// The log collector is OOM-killed again and again; waiting in back-off it keeps them.
		sim.at(40);
		pod = sim.pod('oom-sidecar');
		const collector = statusOf(pod, 'log-collector');
		expect(collector.restartCount).toBeGreaterThan(0);
		expect(collector).toMatchObject({
			allocatedResources: {memory: '32Mi', cpu: '20m'},
			resources: {requests: {memory: '32Mi', cpu: '20m'}, limits: {memory: '64Mi', cpu: '50m'}},
		});
		// A copy, not the spec's own object.
		expect(collector.resources).not.toBe(pod.spec.containers[1]!.resources);
	});

	test('an ephemeral container: no resources allowed, so `{}` in effect', () => {
		const sim = new SimHarness();
		const [created] = sim.load('web-with-logging');
		sim.at(2);
		sim.cluster.addEphemeralContainer(created!, {name: 'debugger', image: 'busybox:1.36'}, {exit: {after: 60, code: 0}});
		sim.at(3);
		const debuggerStatus = statusOf(sim.pod('web-with-logging'), 'debugger');
		expect(debuggerStatus.state?.running).toBeDefined();
		expect(debuggerStatus.resources).toEqual({});
		expect(debuggerStatus).not.toHaveProperty('allocatedResources');
		expect(debuggerStatus).not.toHaveProperty('volumeMounts');
	});
});
