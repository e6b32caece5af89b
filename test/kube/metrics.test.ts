import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {KubeError, KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {getPodMetrics} from '../../source/kube/metrics.js';
import type {Pod} from '../../source/model/k8s.js';
import {addSample, containerUsage, emptyUsage} from '../../source/model/usage.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

describe('metrics.k8s.io', () => {
	it('reports "metrics unavailable" on 404 and 503, never an error', async () => {
		for (const code of [404, 503]) {
			const http = {
				json: async () => Promise.reject(new KubeError('the server could not find the requested resource', code, 'NotFound')),
			} as unknown as KubeHttp;
			expect(await getPodMetrics(http, 'default', 'p')).toEqual({available: false, reason: 'metrics unavailable'});
		}
	});

	describe('against the sim', () => {
		let sim: TestSim;
		beforeAll(async () => {
			sim = await startTestSim({scenarios: ['best-practice']});
		});
		afterAll(async () => {
			await sim.close();
		});

		it('reads per-container usage when the sim serves metrics, else says unavailable', async () => {
			const http = new KubeHttp(loadKubeconfig({kubeconfig: sim.kubeconfigPath}).access);
			const result = await eventually(
				async () => {
					const answer = await getPodMetrics(http, 'default', 'best-practice');
					return answer.available && answer.metrics.containers.length < 3 ? undefined : answer;
				},
				15_000,
				250,
			);
			if (!result.available) {
				expect(result.reason).toBe('metrics unavailable');
				return;
			}
			const history = addSample(emptyUsage(), result.metrics, Date.now());
			const podObject = await http.json<Pod>('/api/v1/namespaces/default/pods/best-practice');
			const rows = containerUsage(podObject, history);
			expect(rows.map(row => row.name)).toEqual(['envoy-proxy', 'web-server', 'log-shipper']);
			for (const row of rows) {
				expect(row.cpu.usage).toBeGreaterThan(0);
				expect(row.memory.usage).toBeGreaterThan(0);
			}
		});
	});
});
