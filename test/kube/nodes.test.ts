import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {listNodes} from '../../source/kube/nodes.js';
import {sendJson, statusBody} from '../../source/sim/routes/respond.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';

// The doctor lists nodes to explain an unschedulable pod; a user who may not list them (a
// namespace-bound RoleBinding) gets 403, and the doctor works without.

let sim: TestSim;
let forbidding: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['best-practice']});
	forbidding = await startTestSim({
		scenarios: ['best-practice'],
		extensions: [
			({url, response}) => {
				if (url.pathname !== '/api/v1/nodes') return false;
				sendJson(
					response,
					403,
					statusBody(403, 'Forbidden', 'nodes is forbidden: User "dev" cannot list resource "nodes" in API group "" at the cluster scope', {kind: 'nodes'}),
				);
				return true;
			},
		],
	});
});
afterAll(async () => {
	await Promise.all([sim.close(), forbidding.close()]);
});

describe('listNodes', () => {
	it('returns the nodes with their allocatable', async () => {
		const nodes = await listNodes(new KubeHttp(loadKubeconfig({kubeconfig: sim.kubeconfigPath}).access));
		expect(nodes?.length).toBeGreaterThan(0);
		expect(nodes![0]!.status?.allocatable?.memory).toBeDefined();
	});

	it('is undefined, not an error, when listing nodes is forbidden', async () => {
		expect(await listNodes(new KubeHttp(loadKubeconfig({kubeconfig: forbidding.kubeconfigPath}).access))).toBeUndefined();
	});
});
