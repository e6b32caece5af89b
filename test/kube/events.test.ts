import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {watchPodEvents} from '../../source/kube/events.js';
import {KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {lastWarningByContainer} from '../../source/model/events.js';
import type {KubeEvent} from '../../source/model/k8s.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

describe('watchPodEvents against the sim', () => {
	let sim: TestSim;
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['crashloop', 'web-with-logging']});
	});
	afterAll(async () => {
		await sim.close();
	});

	it("delivers only the pod's events and follows new ones live", async () => {
		const http = new KubeHttp(loadKubeconfig({kubeconfig: sim.kubeconfigPath}).access);
		let latest: KubeEvent[] = [];
		const handle = watchPodEvents(http, 'default', 'crashloop', events => {
			latest = events;
		});
		try {
			await eventually(() => latest.some(item => item.reason === 'Scheduled'));
			expect(latest.every(item => item.involvedObject.name === 'crashloop')).toBe(true);
			// The crash loop's back-off Warning is recorded after the first restart: it must arrive by watch.
			await eventually(() => latest.some(item => item.type === 'Warning' && item.reason === 'BackOff'), 20_000);
			expect(lastWarningByContainer(latest, Date.now()).get('payments')?.reason).toBe('BackOff');
		} finally {
			handle.stop();
		}
	});
});
