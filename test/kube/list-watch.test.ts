import {createServer} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {ClusterAccess} from '../../source/kube/access.js';
import {KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {type ConnectionState, ListWatch} from '../../source/kube/list-watch.js';
import type {Pod} from '../../source/model/k8s.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging', 'pod-with-init']});
});
afterAll(async () => {
	await sim.close();
});

function informer(options: {labelSelector?: string} = {}) {
	const http = new KubeHttp(loadKubeconfig({kubeconfig: sim.kubeconfigPath}).access);
	const states: ConnectionState[] = [];
	let changes = 0;
	const watch = new ListWatch<Pod>(http, '/api/v1/namespaces/default/pods', {
		...options,
		onChange: () => changes++,
		onState: state => states.push(state),
		backoff: {initialMs: 50, maxMs: 200},
	}).start();
	return {watch, states, changes: () => changes};
}

const names = (watch: ListWatch<Pod>) => [...watch.objects.values()].map(pod => pod.metadata.name).sort();
const truth = () =>
	sim.cluster.pods
		.list()
		.filter(pod => pod.metadata.namespace === 'default')
		.map(pod => pod.metadata.name)
		.sort();

describe('ListWatch', () => {
	it('keeps what its transform returns, for listed and watched objects alike', async () => {
		const http = new KubeHttp(loadKubeconfig({kubeconfig: sim.kubeconfigPath}).access);
		const watch = new ListWatch<Pod>(http, '/api/v1/namespaces/default/pods', {
			transform: pod => ({metadata: {name: pod.metadata.name, namespace: pod.metadata.namespace, labels: {kept: 'yes'}}, spec: {containers: []}}),
			onChange: () => {},
		}).start();
		try {
			await eventually(() => names(watch).length >= 2);
			sim.cluster.createPod({metadata: {name: 'transformed'}, spec: {containers: [{name: 'c', image: 'busybox:1.36'}]}});
			await eventually(() => names(watch).includes('transformed'));
			expect([...watch.objects.values()].every(pod => pod.metadata.labels?.kept === 'yes' && pod.spec.containers.length === 0)).toBe(true);
		} finally {
			watch.stop();
			sim.cluster.deletePod('default', 'transformed', 0);
		}
	});

	it('lists, then follows additions and deletions without polling', async () => {
		const {watch, states} = informer();
		try {
			await eventually(() => names(watch).length === 2);
			await eventually(() => sim.server.requests.some(request => request.verb === 'watch' && request.path.includes('/namespaces/default/pods')));
			expect(states[0]).toEqual({phase: 'connecting'});
			expect(states.at(-1)).toEqual({phase: 'live'});
			const before = sim.server.requests.length;
			sim.cluster.createPod({metadata: {name: 'added'}, spec: {containers: [{name: 'c', image: 'busybox:1.36'}]}});
			await eventually(() => names(watch).includes('added'));
			sim.cluster.deletePod('default', 'added', 0);
			await eventually(() => !names(watch).includes('added'));
			// One watch request carried all of that: no list or watch was issued meanwhile.
			expect(sim.server.requests.slice(before).filter(r => r.path.includes('/pods'))).toHaveLength(0);
		} finally {
			watch.stop();
		}
	});

	it('resumes from its resourceVersion after the connection drops, missing nothing', async () => {
		const {watch} = informer();
		try {
			await eventually(() => names(watch).length >= 2);
			const relists = watch.relists;
			sim.server.dropConnections();
			sim.cluster.createPod({metadata: {name: 'while-away'}, spec: {containers: [{name: 'c', image: 'busybox:1.36'}]}});
			await eventually(() => names(watch).includes('while-away'));
			// A cut stream may end cleanly or with an error; either way it resumes, no relist.
			expect(watch.relists).toBe(relists);
			expect(names(watch)).toEqual(truth());
		} finally {
			watch.stop();
			sim.cluster.deletePod('default', 'while-away', 0);
		}
	});

	it('relists on 410 Gone and drops ghosts', async () => {
		const {watch} = informer();
		try {
			sim.cluster.createPod({metadata: {name: 'ghost'}, spec: {containers: [{name: 'c', image: 'busybox:1.36'}]}});
			await eventually(() => names(watch).includes('ghost'));
			sim.server.dropConnections();
			// While it is away the pod goes, and the history that recorded it going is compacted:
			// only a relist can tell.
			sim.cluster.pods.delete('default', 'ghost');
			sim.cluster.pods.compact();
			await eventually(() => watch.relists > 0);
			await eventually(() => JSON.stringify(names(watch)) === JSON.stringify(truth()));
			expect(names(watch)).not.toContain('ghost');
		} finally {
			watch.stop();
		}
	});

	it('applies a label selector on the server', async () => {
		const {watch} = informer({labelSelector: 'app=web-with-logging'});
		try {
			await eventually(() => watch.resourceVersion !== undefined);
			expect(names(watch)).toEqual(['web-with-logging']);
		} finally {
			watch.stop();
		}
	});

	it('reports reconnecting with a retry time while the server is unreachable', async () => {
		// A port with nothing listening: take one and close it.
		const port = await new Promise<number>(resolve => {
			const server = createServer().listen(0, '127.0.0.1', () => {
				const address = server.address();
				server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
			});
		});
		const access = new ClusterAccess({server: `https://127.0.0.1:${port}`}, {}, {});
		const states: ConnectionState[] = [];
		const watch = new ListWatch<Pod>(new KubeHttp(access), '/api/v1/pods', {
			onChange: () => {},
			onState: state => states.push(state),
			backoff: {initialMs: 20, maxMs: 100},
		}).start();
		try {
			await eventually(() => states.filter(state => state.phase === 'reconnecting').length >= 3);
			const reconnecting = states.find(state => state.phase === 'reconnecting') as Extract<ConnectionState, {phase: 'reconnecting'}>;
			expect(reconnecting.error).toContain(`Unable to connect to the server: dial tcp 127.0.0.1:${port}: connect: connection refused`);
			expect(reconnecting.retryAt).toBeGreaterThan(0);
		} finally {
			watch.stop();
		}
	});

	it('stops on a 401 instead of hammering the server, and tries again on reconnect()', async () => {
		const access = new ClusterAccess({...loadKubeconfig({kubeconfig: sim.kubeconfigPath}).access.cluster}, {token: 'revoked'}, {});
		const states: ConnectionState[] = [];
		const watch = new ListWatch<Pod>(new KubeHttp(access), '/api/v1/namespaces/default/pods', {
			onChange: () => {},
			onState: state => states.push(state),
			// A timer-driven retry would make dozens of requests in the time the checks below take.
			backoff: {initialMs: 1, maxMs: 1},
		}).start();
		try {
			await eventually(() => states.some(state => state.phase === 'error'));
			expect(states.at(-1)).toEqual({phase: 'error', error: 'Unauthorized', code: 401});
			const refused = sim.server.requests.filter(request => request.code === 401).length;
			// A round trip to the server, then look again: still the one refused request.
			await new KubeHttp(loadKubeconfig({kubeconfig: sim.kubeconfigPath}).access).json('/version');
			expect(sim.server.requests.filter(request => request.code === 401).length).toBe(refused);
			watch.reconnect();
			await eventually(() => sim.server.requests.filter(request => request.code === 401).length === refused + 1);
			await eventually(() => states.at(-1)?.phase === 'error');
		} finally {
			watch.stop();
		}
	});
});
