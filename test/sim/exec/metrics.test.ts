import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, startTestSim, type TestSim} from '../../helpers/sim.js';
import {api} from './client.js';

// metrics.k8s.io as metrics-server serves it, and the sim's request log endpoint.

let sim: TestSim;

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-app-complete']});
	sim.cluster.createPod(
		{metadata: {name: 'done'}, spec: {restartPolicy: 'Never', containers: [{name: 'job', image: 'busybox:1.36'}]}},
		{job: {exit: {after: 0.1, code: 0}}},
	);
	await eventually(() => sim.cluster.pods.get('default', 'web-app-complete')?.status?.containerStatuses?.every(status => status.state?.running));
});

afterAll(async () => {
	await sim?.close();
});

describe('metrics.k8s.io/v1beta1', () => {
	test('discovery lists the group and its resources', async () => {
		const groups = await api(sim, 'GET', '/apis');
		expect(groups.body.groups.map((group: {name: string}) => group.name)).toContain('metrics.k8s.io');
		const resources = await api(sim, 'GET', '/apis/metrics.k8s.io/v1beta1');
		expect(resources.body).toMatchObject({kind: 'APIResourceList', groupVersion: 'metrics.k8s.io/v1beta1'});
		expect(resources.body.resources.map((resource: {name: string; kind: string}) => `${resource.name}:${resource.kind}`)).toEqual([
			'nodes:NodeMetrics',
			'pods:PodMetrics',
		]);
	});

	test("PodMetrics carry each running container's usage from its behaviour", async () => {
		const answer = await api(sim, 'GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/web-app-complete');
		expect(answer.status).toBe(200);
		expect(answer.body).toMatchObject({
			kind: 'PodMetrics',
			apiVersion: 'metrics.k8s.io/v1beta1',
			metadata: {name: 'web-app-complete', namespace: 'default'},
			window: '15s',
		});
		expect(answer.body.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		expect(answer.body.containers).toEqual([
			{name: 'nginx', usage: {cpu: '12000000n', memory: '43008Ki'}},
			{name: 'log-shipper', usage: {cpu: '4000000n', memory: '59392Ki'}},
			{name: 'nginx-exporter', usage: {cpu: '1000000n', memory: '11264Ki'}},
		]);
	});

	test('lists by namespace and label selector, skipping pods with nothing running', async () => {
		await eventually(() => sim.cluster.pods.get('default', 'done')?.status?.containerStatuses?.[0]?.state?.terminated);
		const all = await api(sim, 'GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods');
		expect(all.body.kind).toBe('PodMetricsList');
		expect(all.body.items.map((item: {metadata: {name: string}}) => item.metadata.name)).toEqual(['web-app-complete']);
		const none = await api(sim, 'GET', '/apis/metrics.k8s.io/v1beta1/pods?labelSelector=app%3Dnothing');
		expect(none.body.items).toEqual([]);
		const missing = await api(sim, 'GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/done');
		expect(missing.status).toBe(404);
		expect(missing.body.message).toBe('podmetrics.metrics.k8s.io "done" not found');
	});

	test('NodeMetrics add the node’s own use to the pods’', async () => {
		const answer = await api(sim, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes');
		expect(answer.body.kind).toBe('NodeMetricsList');
		expect(answer.body.items[0]).toMatchObject({metadata: {name: 'sim-node-1'}, usage: {cpu: `${(180 + 17) * 1_000_000}n`, memory: `${(720 + 111) * 1024}Ki`}});
	});

	test('the viewer may read metrics', async () => {
		const answer = await api(sim, 'GET', '/apis/metrics.k8s.io/v1beta1/namespaces/default/pods', {context: 'podscope-sim-viewer'});
		expect(answer.status).toBe(200);
	});
});

describe('/_sim/requests', () => {
	test('admins read the request log, filtered by user if they like', async () => {
		await api(sim, 'GET', '/api/v1/namespaces/default/pods', {context: 'podscope-sim-viewer'});
		const log = await api(sim, 'GET', '/_sim/requests?user=viewer');
		expect(log.status).toBe(200);
		expect(log.body.kind).toBe('RequestLog');
		expect(log.body.items.at(-1)).toMatchObject({verb: 'list', method: 'GET', path: '/api/v1/namespaces/default/pods', user: 'viewer', code: 200});
		expect(log.body.items.every((record: {user: string}) => record.user === 'viewer')).toBe(true);
	});

	test('others are forbidden the path', async () => {
		const answer = await api(sim, 'GET', '/_sim/requests', {context: 'podscope-sim-viewer'});
		expect(answer.status).toBe(403);
		expect(answer.body.message).toBe('forbidden: User "viewer" cannot get path "/_sim/requests"');
	});

	test('DELETE starts a fresh log', async () => {
		await api(sim, 'DELETE', '/_sim/requests');
		const log = await api(sim, 'GET', '/_sim/requests');
		expect(log.body.items.map((record: {method: string}) => record.method)).toEqual(['DELETE']);
	});
});
