import {PassThrough} from 'node:stream';
import {ApiException, CoreV1Api, KubeConfig, Log, PatchStrategy, setHeaderOptions, Watch} from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fixedNano, type LogInstance} from '../../../source/sim/kubelet/log-store.js';
import {eventually, startTestSim, type TestSim} from '../../helpers/sim.js';
import {notFoundStatus} from '../../fixtures/status.js';

// @kubernetes/client-node 2 against the sim: the official client's list, get, patch, watch
// (resume, 410, bookmarks, initial events) and log follow must behave as against a cluster.

let sim: TestSim;

function config(context?: string): KubeConfig {
	const kc = new KubeConfig();
	kc.loadFromFile(sim.kubeconfigPath);
	if (context) kc.setCurrentContext(context);
	return kc;
}

const core = (context?: string) => config(context).makeApiClient(CoreV1Api);

type Event = {
	type: string;
	object: {
		kind?: string;
		metadata?: {name?: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string>};
		code?: number;
		reason?: string;
		message?: string;
	};
};

/** A watch whose events and end can be awaited. */
async function watching(path: string, query: Record<string, string | number | boolean | undefined>, context?: string) {
	const events: Event[] = [];
	let ended: unknown;
	let done = false;
	const controller = await new Watch(config(context)).watch(
		path,
		query,
		(type, object) => void events.push({type, object}),
		error => {
			done = true;
			ended = error;
		},
	);
	return {events, controller, ended: () => ended, done: () => done};
}

/** The Status an ApiException carries (the generated client keeps the body as text). */
function statusOf(error: unknown): {code?: number; reason?: string; message?: string} {
	expect(error).toBeInstanceOf(ApiException);
	const body = (error as ApiException<unknown>).body;
	return typeof body === 'string' ? (JSON.parse(body) as {code?: number}) : ((body ?? {}) as {code?: number});
}

async function label(name: string, labels: Record<string, string | null>) {
	return core().patchNamespacedPod({name, namespace: 'default', body: {metadata: {labels}}}, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}

describe('@kubernetes/client-node against the sim', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['crashloop', 'web-with-logging', 'multi-init-pod'], speed: 4, bookmarkSeconds: 0.2});
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('lists and reads pods from a kubeconfig file', async () => {
		const api = core();
		const list = await api.listNamespacedPod({namespace: 'default'});
		expect(list.items.map(pod => pod.metadata?.name)).toEqual(['crashloop', 'multi-init-pod', 'web-with-logging']);
		expect(Number(list.metadata?.resourceVersion)).toBeGreaterThan(0);
		const pod = await api.readNamespacedPod({name: 'web-with-logging', namespace: 'default'});
		expect(pod.spec?.containers.map(container => container.name)).toEqual(['web-app', 'log-shipper']);
		expect(pod.metadata?.creationTimestamp).toBeInstanceOf(Date);
		const error = await api.readNamespacedPod({name: 'nope', namespace: 'default'}).catch((caught: unknown) => caught);
		expect((error as ApiException<unknown>).code).toBe(404);
		expect(statusOf(error)).toEqual(notFoundStatus('pods', 'nope'));
	});

	it('pages a list with limit and continue', async () => {
		const api = core();
		const first = await api.listNamespacedPod({namespace: 'default', limit: 2});
		expect(first.items).toHaveLength(2);
		expect(first.metadata?.remainingItemCount).toBe(1);
		const second = await api.listNamespacedPod({namespace: 'default', limit: 2, _continue: first.metadata!._continue});
		expect(second.items.map(pod => pod.metadata?.name)).toEqual(['web-with-logging']);
		expect(second.metadata?._continue).toBeUndefined();
		expect(second.metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);
	});

	it("lists a pod's events with a field selector", async () => {
		await eventually(async () => {
			const events = await core().listNamespacedEvent({namespace: 'default', fieldSelector: 'involvedObject.name=crashloop,type=Warning'});
			return (
				events.items.length > 0 &&
				events.items.every(event => event.involvedObject.name === 'crashloop' && event.type === 'Warning' && event.reason === 'BackOff')
			);
		}, 20_000);
		const scheduled = await core().listNamespacedEvent({namespace: 'default', fieldSelector: 'reason=Scheduled,involvedObject.name=web-with-logging'});
		expect(scheduled.items).toHaveLength(1);
		expect(scheduled.items[0]).toMatchObject({reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-sim-node-1'});
		// A MicroTime: RFC 3339 with microseconds.
		expect(String(scheduled.items[0]!.eventTime)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
		expect(scheduled.items[0]!.firstTimestamp).toBeFalsy();
		const bad = await core()
			.listNamespacedEvent({namespace: 'default', fieldSelector: 'spec.nope=1'})
			.catch((caught: unknown) => caught);
		expect((bad as ApiException<unknown>).code).toBe(400);
		expect(statusOf(bad)).toMatchObject({reason: 'BadRequest', message: 'field label not supported: spec.nope'});
	});

	it("watches from a list's resourceVersion and sees a change", async () => {
		const list = await core().listNamespacedPod({namespace: 'default', fieldSelector: 'metadata.name=web-with-logging'});
		const watch = await watching('/api/v1/namespaces/default/pods', {
			fieldSelector: 'metadata.name=web-with-logging',
			resourceVersion: list.metadata!.resourceVersion,
		});
		try {
			await label('web-with-logging', {watched: 'yes'});
			await eventually(() => watch.events.some(event => event.type === 'MODIFIED' && event.object.metadata?.labels?.watched === 'yes'), 5000, 20);
			expect(watch.events.every(event => event.object.metadata?.name === 'web-with-logging')).toBe(true);
		} finally {
			watch.controller.abort();
		}
	});

	it('resumes a watch from a resourceVersion: the changes after it are replayed, in order', async () => {
		const from = (await core().readNamespacedPod({name: 'web-with-logging', namespace: 'default'})).metadata!.resourceVersion!;
		await label('web-with-logging', {step: 'one'});
		await label('web-with-logging', {step: 'two'});
		const watch = await watching('/api/v1/namespaces/default/pods', {fieldSelector: 'metadata.name=web-with-logging', resourceVersion: from});
		try {
			await eventually(() => watch.events.filter(event => event.object.metadata?.labels?.step).length >= 2, 5000, 20);
			const steps = watch.events.map(event => [event.type, event.object.metadata?.labels?.step]);
			expect(steps.slice(0, 2)).toEqual([
				['MODIFIED', 'one'],
				['MODIFIED', 'two'],
			]);
			const versions = watch.events.map(event => Number(event.object.metadata!.resourceVersion));
			expect(versions.every(version => version > Number(from))).toBe(true);
			expect([...versions].sort((a, b) => a - b)).toEqual(versions);
		} finally {
			watch.controller.abort();
		}
	});

	it('answers a watch from a compacted resourceVersion with an ERROR event, 410 Expired', async () => {
		const from = (await core().listNamespacedPod({namespace: 'default'})).metadata!.resourceVersion!;
		await label('crashloop', {compact: 'me'});
		sim.cluster.pods.compact();
		const watch = await watching('/api/v1/namespaces/default/pods', {resourceVersion: from});
		await eventually(() => watch.done(), 5000, 20);
		expect(watch.events).toHaveLength(1);
		expect(watch.events[0]!.type).toBe('ERROR');
		expect(watch.events[0]!.object).toMatchObject({kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410});
		expect(watch.events[0]!.object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
		// The client relists and watches from the new resourceVersion: that works.
		const fresh = await core().listNamespacedPod({namespace: 'default'});
		const again = await watching('/api/v1/namespaces/default/pods', {resourceVersion: fresh.metadata!.resourceVersion!, timeoutSeconds: 1});
		await eventually(() => again.done(), 5000, 20);
		expect(again.events.every(event => event.type !== 'ERROR')).toBe(true);
	});

	it('sends bookmarks when allowed, carrying a resourceVersion to resume from', async () => {
		const watch = await watching('/api/v1/namespaces/default/pods', {
			fieldSelector: 'metadata.name=multi-init-pod',
			allowWatchBookmarks: true,
			resourceVersion: '0',
		});
		try {
			await eventually(() => watch.events.filter(event => event.type === 'BOOKMARK').length >= 2, 5000, 20);
		} finally {
			watch.controller.abort();
		}
		const bookmark = watch.events.find(event => event.type === 'BOOKMARK')!;
		expect(bookmark.object.kind).toBe('Pod');
		expect(Number(bookmark.object.metadata!.resourceVersion)).toBeGreaterThan(0);
		expect(watch.events[0]!.type).toBe('ADDED');
		const plain = await watching('/api/v1/namespaces/default/pods', {fieldSelector: 'metadata.name=web-with-logging', timeoutSeconds: 1});
		await eventually(() => plain.done(), 5000, 20);
		expect(plain.events.map(event => event.type)).toEqual(['ADDED']);
	});

	it('streams initial events, then the initial-events-end bookmark (sendInitialEvents)', async () => {
		const watch = await watching('/api/v1/namespaces/default/pods', {sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan', allowWatchBookmarks: true});
		try {
			await eventually(() => watch.events.some(event => event.type === 'BOOKMARK'), 5000, 20);
		} finally {
			watch.controller.abort();
		}
		const end = watch.events.findIndex(event => event.type === 'BOOKMARK');
		expect(watch.events.slice(0, end).map(event => [event.type, event.object.metadata?.name])).toEqual([
			['ADDED', 'crashloop'],
			['ADDED', 'multi-init-pod'],
			['ADDED', 'web-with-logging'],
		]);
		expect(watch.events[end]!.object.metadata?.annotations).toEqual({'k8s.io/initial-events-end': 'true'});
	});

	it("follows the crash-looping container's log across restarts: each stream ends with its instance", async () => {
		// Every instance the runtime ran, by containerID, to tell which one a stream read.
		const instances = new Map<string, LogInstance>();
		const recorder = setInterval(() => {
			const pod = sim.cluster.pods.get('default', 'crashloop');
			const slot = pod ? sim.cluster.worker(pod)?.slot('payments') : undefined;
			for (const instance of [slot?.previous, slot?.current]) if (instance) instances.set(instance.containerID, instance);
		}, 5);
		const read = async (options: {follow?: boolean; previous?: boolean}) => {
			const sink = new PassThrough();
			let text = '';
			sink.on('data', chunk => (text += String(chunk)));
			const finished = new Promise<void>(resolve => sink.on('end', () => resolve()));
			await new Log(config()).log('default', 'crashloop', 'payments', sink, {...options, timestamps: true});
			await finished;
			const lines = text.replace(/\n$/, '').split('\n');
			const stamps = lines.map(line => line.slice(0, line.indexOf(' ')));
			const source = [...instances.values()].find(instance => fixedNano(instance.read(0)[0]?.stamp ?? '') === stamps[0]);
			return {lines, stamps, source};
		};
		try {
			const first = await read({follow: true});
			expect(first.lines.at(-1)).toMatch(/ \t\/src\/payments\/main\.go:17 \+0x25$/);
			expect(first.source).toBeDefined();
			expect(first.source!.ended).toBe(true);
			expect(first.stamps).toEqual(first.source!.read(0).map(line => fixedNano(line.stamp)));
			// A new request after the restart reads the new instance.
			await eventually(
				() => [...instances.values()].some(instance => instance.read(0)[0] && instance.read(0)[0]!.ms > first.source!.read(0).at(-1)!.ms),
				20_000,
				20,
			);
			const second = await read({follow: true});
			expect(second.source).toBeDefined();
			expect(second.source).not.toBe(first.source);
			expect(second.source!.read(0)[0]!.ms).toBeGreaterThan(first.source!.read(0).at(-1)!.ms);
			// previous=true reads the instance the status names as the last termination.
			const previous = await eventually(async () => {
				const before = (await core().readNamespacedPod({name: 'crashloop', namespace: 'default'})).status!.containerStatuses![0]!.lastState!.terminated!
					.containerID;
				const result = await read({previous: true});
				const after = (await core().readNamespacedPod({name: 'crashloop', namespace: 'default'})).status!.containerStatuses![0]!.lastState!.terminated!
					.containerID;
				return before === after && result.source?.containerID === after ? result : undefined;
			}, 20_000);
			expect(previous.lines.map(line => line.slice(line.indexOf(' ') + 1)).slice(0, 2)).toEqual([
				'payments-api 1.4.2 starting',
				'loading config from /etc/payments/config.yaml',
			]);
		} finally {
			clearInterval(recorder);
		}
	});

	it("authenticates the token context and applies the viewer's RBAC", async () => {
		expect((await core('podscope-sim-token').listNamespacedPod({namespace: 'default'})).items).toHaveLength(3);
		const viewer = core('podscope-sim-viewer');
		expect((await viewer.listNamespacedPod({namespace: 'default'})).items).toHaveLength(3);
		const denied = await viewer.deleteNamespacedPod({name: 'crashloop', namespace: 'default'}).catch((caught: unknown) => caught);
		expect((denied as ApiException<unknown>).code).toBe(403);
		expect(statusOf(denied)).toMatchObject({
			reason: 'Forbidden',
			message: 'pods "crashloop" is forbidden: User "viewer" cannot delete resource "pods" in API group "" in the namespace "default"',
		});
		const watch = await watching('/api/v1/namespaces/default/pods', {timeoutSeconds: 1}, 'podscope-sim-viewer');
		await eventually(() => watch.done(), 5000, 20);
		expect(watch.events.filter(event => event.type === 'ADDED')).toHaveLength(3);
	});

	it('gets 401 with a bad token, and its watch fails with the status code', async () => {
		const kc = config();
		const cluster = kc.getCurrentCluster()!;
		const bad = new KubeConfig();
		bad.loadFromOptions({
			clusters: [cluster],
			users: [{name: 'bad', token: 'not-a-token'}],
			contexts: [{name: 'bad', cluster: cluster.name, user: 'bad'}],
			currentContext: 'bad',
		});
		const error = await bad
			.makeApiClient(CoreV1Api)
			.listNamespacedPod({namespace: 'default'})
			.catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(ApiException);
		expect((error as ApiException<unknown>).code).toBe(401);
		let failure: {statusCode?: number} | undefined;
		await new Watch(bad).watch(
			'/api/v1/namespaces/default/pods',
			{},
			() => {},
			caught => (failure = caught as {statusCode?: number}),
		);
		await eventually(() => failure !== undefined, 5000, 20);
		expect(failure!.statusCode).toBe(401);
	});
});
