import {describe, expect, test} from 'vitest';
import type {KubeEvent} from '../../../source/model/k8s.js';
import {SimHarness} from './harness.js';

// The events a kubelet (and the scheduler) record for a Pod's lifecycle, as
// `kubectl describe pod` and `kubectl events` show them.

const brief = (event: KubeEvent) => [event.type, event.reason, event.involvedObject.fieldPath ?? '', event.message];

describe('pod events', () => {
	test('scheduling, then image, create and start for each container in order', () => {
		const sim = new SimHarness();
		const [pod] = sim.load('pod-with-init');
		sim.at(10);
		const events = sim.events('pod-with-init');
		expect(events.map(brief)).toEqual([
			['Normal', 'Scheduled', '', 'Successfully assigned default/pod-with-init to sim-node-1'],
			['Normal', 'Pulled', 'spec.initContainers{init-setup}', 'Container image "busybox:1.36" already present on machine and can be accessed by the pod'],
			['Normal', 'Created', 'spec.initContainers{init-setup}', 'Container created'],
			['Normal', 'Started', 'spec.initContainers{init-setup}', 'Container started'],
			['Normal', 'Pulled', 'spec.containers{main-app}', 'Container image "nginx:1.25" already present on machine and can be accessed by the pod'],
			['Normal', 'Created', 'spec.containers{main-app}', 'Container created'],
			['Normal', 'Started', 'spec.containers{main-app}', 'Container started'],
		]);
		const scheduled = events[0]!;
		expect(scheduled.source).toEqual({});
		expect(scheduled.reportingComponent).toBe('default-scheduler');
		const started = events[3]!;
		expect(started.source).toEqual({component: 'kubelet', host: 'sim-node-1'});
		expect(started.involvedObject).toMatchObject({kind: 'Pod', name: 'pod-with-init', namespace: 'default', uid: pod!.metadata.uid, apiVersion: 'v1'});
	});

	test('an image tagged :latest is pulled on every start', () => {
		const sim = new SimHarness();
		sim.load('web-app-complete');
		sim.at(2);
		const exporter = sim.events('web-app-complete').filter(event => event.involvedObject.fieldPath === 'spec.containers{nginx-exporter}');
		expect(exporter.map(event => event.reason)).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
		expect(exporter[0]!.message).toBe('Pulling image "nginx/nginx-prometheus-exporter:latest"');
		expect(exporter[1]!.message).toMatch(
			/^Successfully pulled image "nginx\/nginx-prometheus-exporter:latest" in (\d+ms|\d+(\.\d+)?s) \((\d+ms|\d+(\.\d+)?s) including waiting\)\. Image size: \d+ bytes\.$/,
		);
	});

	test('identical events fold into one with a count and a last timestamp', () => {
		const sim = new SimHarness();
		const [pod] = sim.load('multi-init-pod');
		sim.at(200);
		const field = 'spec.initContainers{download-config}';
		const backOff = sim.events('multi-init-pod').filter(event => event.reason === 'BackOff');
		expect(backOff).toHaveLength(1);
		expect(backOff[0]).toMatchObject({
			type: 'Warning',
			message: `Back-off restarting failed container download-config in pod multi-init-pod_default(${pod!.metadata.uid})`,
			involvedObject: {fieldPath: field},
			firstTimestamp: '2026-01-01T00:00:04Z',
			// One per sync that finds it in back-off: at each exit's relist, and once more inside the
			// 80 s back-off (the resync interval caps the wait at 60 s).
			lastTimestamp: '2026-01-01T00:02:59Z',
			count: 6,
		});
		const started = sim.events('multi-init-pod').filter(event => event.reason === 'Started');
		expect(started).toHaveLength(1);
		expect(started[0]!.count).toBe(6);
	});

	test('a failing readiness probe: Unhealthy, every period', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: unready}
spec:
  containers:
  - name: web
    image: nginx:1.25
    readinessProbe:
      httpGet: {path: /ready, port: 8080}
      initialDelaySeconds: 2
      periodSeconds: 5
    x-sim: {readyAfter: never, listen: [8080]}
`);
		sim.at(30);
		expect(sim.row('unready')).toEqual({ready: '0/1', status: 'Running', restarts: 0});
		const unhealthy = sim.events('unready').filter(event => event.reason === 'Unhealthy');
		expect(unhealthy).toHaveLength(1);
		expect(unhealthy[0]).toMatchObject({
			type: 'Warning',
			message: 'Readiness probe failed: HTTP probe failed with statuscode: 503',
			involvedObject: {fieldPath: 'spec.containers{web}'},
			// The first probe, at the sync a second after the start (0.15 s), is skipped
			// (initialDelaySeconds 2); the worker ticks every 5 s from there: 6, 11, 16, 21, 26 s.
			firstTimestamp: '2026-01-01T00:00:06Z',
			count: 5,
		});
	});

	test('deleting a pod kills each running container', () => {
		const sim = new SimHarness();
		sim.load('web-app-complete');
		sim.at(5);
		sim.cluster.deletePod('default', 'web-app-complete');
		const killing = sim.events('web-app-complete').filter(event => event.reason === 'Killing');
		expect(killing.map(brief)).toEqual([
			['Normal', 'Killing', 'spec.containers{nginx}', 'Stopping container nginx'],
			['Normal', 'Killing', 'spec.containers{log-shipper}', 'Stopping container log-shipper'],
			['Normal', 'Killing', 'spec.containers{nginx-exporter}', 'Stopping container nginx-exporter'],
		]);
		sim.at(10);
		// The events outlive the pod, as they do until their TTL.
		expect(sim.cluster.pods.get('default', 'web-app-complete')).toBeUndefined();
		expect(sim.events('web-app-complete').length).toBeGreaterThan(0);
	});
});
