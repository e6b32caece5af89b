import {describe, expect, test} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {pullError} from '../../../source/sim/kubelet/image-registry.js';
import {condition, containerStatus, findStatus, SimHarness} from './harness.js';

// The kubelet's image manager in the sim: pulls that fail and back off, pulls that take time,
// pull policies, as a real 1.35 node showed them for test/cluster/failures/image-pull.yaml.

const shipperImage = 'registry.internal.invalid/platform/log-shipper:2.3.1';

/** The STATUS column over time, each change once. */
function statuses(sim: SimHarness, name: string, until: number, step = 0.25): string[] {
	const seen: string[] = [];
	for (let t = sim.elapsed(); t <= until; t += step) {
		sim.at(t);
		const status = sim.row(name).status;
		if (seen.at(-1) !== status) seen.push(status);
	}
	return seen;
}

const events = (sim: SimHarness, name: string) =>
	sim.events(name).map(event => [event.type, event.reason, event.involvedObject.fieldPath, event.message, event.count]);

const pod = (name: string, containers: string, extra = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${extra}  containers:
${containers}
`;

describe('a pull that fails', () => {
	test('ErrImagePull, then ImagePullBackOff, in the rhythm of a real node; the app next to it runs', () => {
		const sim = new SimHarness();
		sim.load('image-pull-error');
		sim.at(0.5);
		expect(sim.row('image-pull-error')).toEqual({ready: '1/2', status: 'ContainerCreating', restarts: 0});
		// A real node: ErrImagePull from 3 s, ImagePullBackOff from 13 s, ErrImagePull again at
		// 26, 50 and 102 s, ImagePullBackOff between (sampled every 3 s).
		expect(statuses(sim, 'image-pull-error', 121)).toEqual([
			'ContainerCreating',
			'ErrImagePull',
			'ImagePullBackOff',
			'ErrImagePull',
			'ImagePullBackOff',
			'ErrImagePull',
			'ImagePullBackOff',
			'ErrImagePull',
			'ImagePullBackOff',
		]);
		expect(sim.firstTime('image-pull-error', pod => findStatus(pod, 'log-shipper')?.state?.waiting?.reason === 'ErrImagePull')).toBeCloseTo(1.17, 2);
		expect(sim.firstTime('image-pull-error', pod => findStatus(pod, 'log-shipper')?.state?.waiting?.reason === 'ImagePullBackOff')).toBeCloseTo(13.67, 2);
		// As on the real node after two minutes: 4 pulls (at 0, 13.5, 38.5, 88.5 s), 7 back-offs.
		const counts = sim.events('image-pull-error').map(event => [event.reason, (event.message ?? '').split(' ').slice(0, 2).join(' '), event.count]);
		expect(counts.slice(4)).toEqual([
			['Pulling', 'Pulling image', 4],
			['Failed', 'Failed to', 4],
			['Failed', 'Error: ErrImagePull', 4],
			['BackOff', 'Back-off pulling', 7],
			['Failed', 'Error: ImagePullBackOff', 7],
		]);
		expect(sim.row('image-pull-error')).toEqual({ready: '1/2', status: 'ImagePullBackOff', restarts: 0});
		const current = sim.pod('image-pull-error');
		expect(containerStatus(current, 'app').state?.running).toBeDefined();
		expect(current.status?.phase).toBe('Pending');
		expect(condition(current, 'Ready')).toMatchObject({
			status: 'False',
			reason: 'ContainersNotReady',
			message: 'containers with unready status: [log-shipper]',
		});
		expect(condition(current, 'Initialized')?.status).toBe('True');
		expect(condition(current, 'PodReadyToStartContainers')?.status).toBe('True');
	});

	test('the waiting messages and events carry containerd’s error, as the kubelet wraps it', () => {
		const sim = new SimHarness();
		sim.load('image-pull-error');
		const error = pullError(shipperImage, 'no-such-host');
		sim.at(2);
		expect(containerStatus(sim.pod('image-pull-error'), 'log-shipper')).toMatchObject({
			state: {waiting: {reason: 'ErrImagePull', message: error}},
			lastState: {},
			ready: false,
			started: false,
			restartCount: 0,
			// No container was ever created: the spec's image, no image ID.
			image: shipperImage,
			imageID: '',
		});
		expect(containerStatus(sim.pod('image-pull-error'), 'log-shipper').containerID).toBeUndefined();
		sim.at(15);
		expect(containerStatus(sim.pod('image-pull-error'), 'log-shipper').state?.waiting).toEqual({
			reason: 'ImagePullBackOff',
			message: `Back-off pulling image "${shipperImage}": ErrImagePull: ${error}`,
		});
		const field = 'spec.containers{log-shipper}';
		expect(events(sim, 'image-pull-error').filter(event => event[2] === field)).toEqual([
			['Normal', 'Pulling', field, `Pulling image "${shipperImage}"`, 2],
			['Warning', 'Failed', field, `Failed to pull image "${shipperImage}": ${error}`, 2],
			['Warning', 'Failed', field, 'Error: ErrImagePull', 2],
			['Normal', 'BackOff', field, `Back-off pulling image "${shipperImage}"`, 1],
			['Warning', 'Failed', field, 'Error: ImagePullBackOff', 1],
		]);
	});

	test('the failure file of the cluster test: the first container fails, the second starts after its pull', () => {
		const sim = new SimHarness();
		sim.load(
			pod(
				'image-pull',
				`  - {name: app, image: registry.example.invalid/shop/cart:2.1.0}
  - {name: log-shipper, image: busybox:1.36, imagePullPolicy: IfNotPresent}`,
			),
		);
		sim.at(3);
		expect(sim.row('image-pull')).toEqual({ready: '1/2', status: 'ErrImagePull', restarts: 0});
		expect(sim.pod('image-pull').spec.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
		expect(sim.events('image-pull').map(event => event.reason)).toEqual([
			'Scheduled',
			'Pulling',
			'Failed',
			'Failed',
			'Pulled',
			'Created',
			'Started',
			'BackOff',
			'Failed',
		]);
	});

	test.each([
		['not-found', 'ErrImagePull'],
		['unauthorized', 'ErrImagePull'],
	] as const)('x-sim pull: %s', (failure, reason) => {
		const sim = new SimHarness();
		sim.load(pod('p', `  - {name: app, image: 'acme/app:1.0', x-sim: {pull: ${failure}}}`));
		sim.at(2);
		expect(containerStatus(sim.pod('p'), 'app').state?.waiting).toEqual({reason, message: pullError('acme/app:1.0', failure)});
	});

	test('a pull that times out keeps the container creating for the 30 s it takes', () => {
		const sim = new SimHarness();
		sim.load(pod('p', `  - {name: app, image: 'acme/app:1.0', x-sim: {pull: timeout}}`));
		sim.at(30);
		expect(sim.row('p').status).toBe('ContainerCreating');
		sim.at(32);
		expect(containerStatus(sim.pod('p'), 'app').state?.waiting?.reason).toBe('ErrImagePull');
		expect(containerStatus(sim.pod('p'), 'app').state?.waiting?.message).toContain('i/o timeout');
	});

	test('an init container that cannot be pulled holds the pod: Init:ErrImagePull, Init:ImagePullBackOff', () => {
		const sim = new SimHarness();
		sim.load(
			pod(
				'p',
				'  - {name: app, image: nginx:1.25}',
				`  initContainers:
  - {name: migrate, image: 'registry.example.invalid/db/migrate:3'}
`,
			),
		);
		expect(statuses(sim, 'p', 30)).toEqual(['Pending', 'Init:0/1', 'Init:ErrImagePull', 'Init:ImagePullBackOff', 'Init:ErrImagePull']);
		expect(containerStatus(sim.pod('p'), 'app').state).toEqual({waiting: {reason: 'PodInitializing'}});
	});
});

describe('a pull that takes time', () => {
	const slow = (name: string) =>
		pod(
			name,
			`  - {name: app, image: 'acme/shop:4.2', x-sim: {pull: {seconds: 20, bytes: 123456789}}}
  - {name: proxy, image: 'envoyproxy/envoy:v1.28'}`,
		);

	test('ContainerCreating for the pull, then Pulled with both durations and the size; the next container waits for it', () => {
		const sim = new SimHarness();
		sim.load(slow('slow'));
		sim.at(19.9);
		expect(sim.row('slow')).toEqual({ready: '0/2', status: 'ContainerCreating', restarts: 0});
		sim.at(21);
		expect(sim.row('slow')).toEqual({ready: '2/2', status: 'Running', restarts: 0});
		const appStarted = sim.firstTime('slow', pod => findStatus(pod, 'app')?.state?.running !== undefined)!;
		const proxyStarted = sim.firstTime('slow', pod => findStatus(pod, 'proxy')?.state?.running !== undefined)!;
		expect(appStarted).toBeCloseTo(20.15, 2);
		// SyncPod starts containers one by one: the proxy's start waited for the app's pull.
		expect(proxyStarted).toBe(appStarted);
		expect(events(sim, 'slow').slice(1, 5)).toEqual([
			['Normal', 'Pulling', 'spec.containers{app}', 'Pulling image "acme/shop:4.2"', 1],
			['Normal', 'Pulled', 'spec.containers{app}', 'Successfully pulled image "acme/shop:4.2" in 20s (20s including waiting). Image size: 123456789 bytes.', 1],
			['Normal', 'Created', 'spec.containers{app}', 'Container created', 1],
			['Normal', 'Started', 'spec.containers{app}', 'Container started', 1],
		]);
		expect(containerStatus(sim.pod('slow'), 'app').image).toBe('docker.io/acme/shop:4.2');
	});

	test('the node pulls one image at a time; a pulled image is present for the pods after', () => {
		const sim = new SimHarness();
		sim.load(`${slow('first')}---${slow('second').replace('acme/shop:4.2', 'acme/shop:4.3')}`);
		sim.at(45);
		const pulled = (name: string) =>
			sim.events(name).find(event => event.reason === 'Pulled' && event.involvedObject.fieldPath === 'spec.containers{app}')?.message;
		expect(pulled('first')).toBe('Successfully pulled image "acme/shop:4.2" in 20s (20s including waiting). Image size: 123456789 bytes.');
		expect(pulled('second')).toBe('Successfully pulled image "acme/shop:4.3" in 20s (40s including waiting). Image size: 123456789 bytes.');
		expect(sim.row('second').status).toBe('Running');

		sim.load(slow('third'));
		sim.at(46);
		expect(pulled('third')).toBe('Container image "acme/shop:4.2" already present on machine and can be accessed by the pod');
		expect(sim.row('third').status).toBe('Running');
	});

	test('behind init containers, the app shows PodInitializing while its image comes', () => {
		const sim = new SimHarness();
		sim.load(
			pod(
				'p',
				`  - {name: app, image: 'acme/shop:4.2', x-sim: {pull: {seconds: 20}}}`,
				`  initContainers:
  - {name: setup, image: busybox:1.36, x-sim: {exit: {after: 1, code: 0}}}
`,
			),
		);
		sim.at(10);
		expect(sim.row('p').status).toBe('PodInitializing');
		expect(containerStatus(sim.pod('p'), 'app').state).toEqual({waiting: {reason: 'PodInitializing'}});
		sim.at(30);
		expect(sim.row('p').status).toBe('Running');
	});

	test('a pod deleted while its image is pulled goes', () => {
		const sim = new SimHarness();
		const [created] = sim.load(slow('gone'));
		sim.at(5);
		sim.cluster.deletePod('default', 'gone', 30);
		sim.at(10);
		expect(sim.cluster.pods.get('default', 'gone')).toBeUndefined();
		sim.at(30);
		expect(sim.cluster.worker(created as Pod)).toBeUndefined();
	});
});

describe('pull policy', () => {
	test('Never, and the image is not on the node: ErrImageNeverPull at every sync', () => {
		const sim = new SimHarness();
		sim.load(pod('never', `  - {name: app, image: 'example.com/not-here:1.0', imagePullPolicy: Never, x-sim: {pull: absent}}`));
		const message = 'Container image "example.com/not-here:1.0" is not present with pull policy of Never';
		sim.at(0.5);
		expect(sim.row('never').status).toBe('ContainerCreating');
		sim.at(2);
		expect(sim.row('never')).toEqual({ready: '0/1', status: 'ErrImageNeverPull', restarts: 0});
		expect(containerStatus(sim.pod('never'), 'app').state?.waiting).toEqual({reason: 'ErrImageNeverPull', message});
		// A real node, whose first sync came 2 s after the create: "(x4 over 40s)" for both events.
		// Syncs at 0.15 s (the first), 1.15 s (the sandbox's PLEG event), then every 12.5 s.
		sim.at(38);
		expect(events(sim, 'never').slice(1)).toEqual([
			['Warning', 'ErrImageNeverPull', 'spec.containers{app}', message, 4],
			['Warning', 'Failed', 'spec.containers{app}', 'Error: ErrImageNeverPull', 4],
		]);
		expect(sim.pod('never').status?.phase).toBe('Pending');
	});

	test('Never, and the image is there: it runs', () => {
		const sim = new SimHarness();
		sim.load(pod('never', `  - {name: app, image: 'busybox:1.36', imagePullPolicy: Never}`));
		sim.at(1);
		expect(sim.row('never').status).toBe('Running');
		expect(sim.events('never')[1]?.message).toBe('Container image "busybox:1.36" already present on machine and can be accessed by the pod');
	});

	test(':latest means Always: pulled at every start, even when present', () => {
		const sim = new SimHarness();
		sim.load(pod('latest', `  - {name: app, image: 'acme/app:latest', x-sim: {exit: {after: 1, code: 1}}}`));
		sim.at(5);
		expect(sim.pod('latest').spec.containers[0]!.imagePullPolicy).toBe('Always');
		const pulling = sim.events('latest').find(event => event.reason === 'Pulling');
		expect(pulling?.count).toBeGreaterThanOrEqual(2);
	});

	test('IfNotPresent, absent: pulled once, then present for the restarts', () => {
		const sim = new SimHarness();
		sim.load(pod('once', `  - {name: app, image: 'acme/app:2', x-sim: {pull: {seconds: 3}, exit: {after: 1, code: 1}}}`));
		sim.at(30);
		expect(sim.row('once').restarts).toBeGreaterThanOrEqual(2);
		const reasons = sim.events('once').filter(event => event.reason === 'Pulling' || event.reason === 'Pulled');
		expect(reasons.map(event => [event.reason, event.count, event.message?.slice(0, 26)])).toEqual([
			['Pulling', 1, 'Pulling image "acme/app:2"'],
			['Pulled', 1, 'Successfully pulled image '],
			['Pulled', reasons[2]!.count, 'Container image "acme/app:'],
		]);
	});
});
