import {describe, expect, test} from 'vitest';
import {SimHarness, containerStatus} from './harness.js';

// The kubelet's eviction manager: local storage over its limits and a node short of memory,
// with the status, events and container states a real 1.35 node reports
// (/work/reference/real-node evicted-emptydir and evicted-ephemeral).

const condition = (sim: SimHarness, pod: string, type: string) => sim.pod(pod).status?.conditions?.find(item => item.type === type);

describe('local-storage eviction', () => {
	test('evicted: the emptyDir over its sizeLimit is found at a housekeeping, both containers are killed', () => {
		const sim = new SimHarness();
		sim.load('evicted');
		// Written at 2 s; the housekeeping at 10 s collects it, the one at 20 s acts on it.
		sim.at(19.9);
		expect(sim.row('evicted')).toEqual({ready: '2/2', status: 'Running', restarts: 0});
		sim.at(23);
		// SIGTERM is ignored: the runtime kills them two seconds later, and only then is the pod Failed.
		expect(sim.firstTime('evicted', pod => pod.status?.reason === 'Evicted')).toBeGreaterThanOrEqual(22);
		const pod = sim.pod('evicted');
		expect(pod.status).toMatchObject({phase: 'Failed', reason: 'Evicted', message: 'Usage of EmptyDir volume "scratch" exceeds the limit "10Mi". '});
		// A local-storage eviction adds no DisruptionTarget condition.
		expect(condition(sim, 'evicted', 'DisruptionTarget')).toBeUndefined();
		expect(condition(sim, 'evicted', 'Ready')).toMatchObject({status: 'False', reason: 'PodFailed'});
		expect(condition(sim, 'evicted', 'PodReadyToStartContainers')?.status).toBe('False');
		for (const name of ['app', 'sidecar']) {
			const status = containerStatus(pod, name);
			expect(status).toMatchObject({
				image: 'busybox:1.36',
				imageID: '',
				restartCount: 1,
				state: {terminated: {exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated'}},
				lastState: {
					terminated: {
						reason: 'ContainerStatusUnknown',
						message: 'The container could not be located when the pod was deleted.  The container used to be Running',
					},
				},
			});
			expect(status.containerID).toBeUndefined();
		}
		expect(sim.row('evicted')).toEqual({ready: '0/2', status: 'ContainerStatusUnknown', restarts: 2});
		const events = sim.events('evicted').map(event => [event.type, event.reason, event.involvedObject.fieldPath ?? '', event.message]);
		expect(events.slice(-3)).toEqual([
			['Warning', 'Evicted', '', 'Usage of EmptyDir volume "scratch" exceeds the limit "10Mi". '],
			['Normal', 'Killing', 'spec.containers{app}', 'Stopping container app'],
			['Normal', 'Killing', 'spec.containers{sidecar}', 'Stopping container sidecar'],
		]);
		// The pod stays in the API.
		sim.at(60);
		expect(sim.pod('evicted').status?.phase).toBe('Failed');
	});

	test("one container over the pod's ephemeral-storage limit: killed after two seconds, Error 137", () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: evicted-ephemeral}
spec:
  containers:
  - name: app
    image: busybox:1.36
    resources: {limits: {ephemeral-storage: 10Mi}}
    x-sim: {writes: {after: 2, mi: 20, path: /tmp/fill}, sigterm: ignore}
`);
		sim.at(25);
		const pod = sim.pod('evicted-ephemeral');
		expect(pod.status).toMatchObject({
			phase: 'Failed',
			reason: 'Evicted',
			message: 'Pod ephemeral local storage usage exceeds the total limit of containers 10Mi. ',
		});
		const evictedAt = sim.firstTime('evicted-ephemeral', candidate => candidate.status?.reason === 'Evicted')!;
		const app = containerStatus(pod, 'app');
		expect(app).toMatchObject({restartCount: 0, state: {terminated: {exitCode: 137, reason: 'Error'}}});
		expect(app.containerID).toMatch(/^containerd:\/\//);
		// The runtime's minimum grace: SIGKILL two seconds after the eviction's housekeeping at 20 s.
		expect(Date.parse(app.state!.terminated!.finishedAt!) - Date.parse(app.state!.terminated!.startedAt!)).toBeGreaterThanOrEqual(19_000);
		expect(evictedAt).toBeGreaterThanOrEqual(22);
		expect(sim.row('evicted-ephemeral')).toEqual({ready: '0/1', status: 'Error', restarts: 0});
	});

	test('a container over its own limit while the pod is within the sum', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - name: a
    image: busybox:1.36
    resources: {limits: {ephemeral-storage: 10Mi}}
    x-sim: {writes: {after: 1, mi: 15, path: /var/cache/blob}}
  - name: b
    image: busybox:1.36
    resources: {limits: {ephemeral-storage: 1Gi}}
`);
		sim.at(25);
		expect(sim.pod('two').status?.message).toBe('Container a exceeded its local ephemeral storage limit "10Mi". ');
	});

	test('writes within the limits, or into a volume without a sizeLimit, evict nothing', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: fine}
spec:
  containers:
  - name: app
    image: busybox:1.36
    resources: {limits: {ephemeral-storage: 30Mi}}
    volumeMounts: [{name: data, mountPath: /data}]
    x-sim: {writes: {after: 1, mi: 20, path: /data/x}}
  volumes:
  - {name: data, emptyDir: {}}
`);
		sim.at(45);
		expect(sim.pod('fine').status?.phase).toBe('Running');
	});
});

describe('memory-pressure eviction', () => {
	test('the node short of memory: the pod over its request is evicted with DisruptionTarget TerminationByKubelet', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: hog}
spec:
  containers:
  - name: app
    image: busybox:1.36
    resources: {requests: {memory: 64Mi}}
    x-sim: {memory: {startMi: 10, growMiPerSecond: 1000}}
`);
		sim.at(31);
		const pod = sim.pod('hog');
		expect(pod.status).toMatchObject({phase: 'Failed', reason: 'Evicted'});
		expect(pod.status?.message).toMatch(
			/^The node was low on resource: memory\. Threshold quantity: 100Mi, available: (0|\d+Ki)\. Container app was using \d+(Ki|Mi), request is 64Mi, has larger consumption of memory\. $/,
		);
		expect(condition(sim, 'hog', 'DisruptionTarget')).toMatchObject({status: 'True', reason: 'TerminationByKubelet', message: pod.status?.message});
	});
});
