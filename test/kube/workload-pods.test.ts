import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {WorkloadError, workloadPods} from '../../source/kube/workload-pods.js';
import {resourceOf} from '../../source/model/logs/workload-resource.js';
import type {RequestContext} from '../../source/sim/server.js';
import {eventually, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';

// `podscope logs TYPE/NAME` finds a workload's pods as kubectl does: the type in discovery,
// the object's selector, the pods in ByLogging order. The workloads are the sim's own, with
// no replicas, so the pods their selectors match are the hand-made ones below.

const workloads = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: busybox:1.36}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: fronts}
spec:
  replicas: 0
  selector: {matchExpressions: [{key: tier, operator: In, values: [front]}]}
  template:
    metadata: {labels: {tier: front}}
    spec: {containers: [{name: app, image: busybox:1.36}]}
`;

const pods = `
apiVersion: v1
kind: Pod
metadata: {name: web-pending, labels: {app: web, tier: front}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    resources: {requests: {memory: "512Gi"}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-not-ready, labels: {app: web, tier: front}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    readinessProbe: {httpGet: {path: /healthz, port: 8080}}
    x-sim: {listen: [8080], readyAfter: never, readyFailure: "HTTP probe failed with statuscode: 404"}
---
apiVersion: v1
kind: Pod
metadata: {name: web-ready, labels: {app: web, tier: front}}
spec:
  containers:
  - name: app
    image: busybox:1.36
---
apiVersion: v1
kind: Pod
metadata: {name: other, labels: {app: other, tier: front}}
spec:
  containers:
  - name: app
    image: busybox:1.36
`;

let sim: TestSim;
let http: KubeHttp;
beforeAll(async () => {
	const file = path.join(mkdtempSync(path.join(tmpdir(), 'podscope-workloads-')), 'web.yaml');
	writeFileSync(file, pods);
	sim = await startTestSim({scenarios: [file], speed: 5});
	expect((await kubectl(sim, ['apply', '-f', '-'], {input: workloads})).code).toBe(0);
	http = new KubeHttp(loadKubeconfig({kubeconfig: sim.kubeconfigPath}).access);
	await eventually(() => sim.cluster.pods.get('default', 'web-ready')?.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True'));
	await eventually(() => sim.cluster.pods.get('default', 'web-not-ready')?.status?.phase === 'Running');
}, 30_000);
afterAll(async () => {
	await sim?.close();
});

const names = (found: {pods: Array<{metadata: {name: string}}>}) => found.pods.map(pod => pod.metadata.name);

describe('workloadPods', () => {
	it("lists the selector's pods in ByLogging order: ready, then not ready, then unassigned", async () => {
		const found = await workloadPods(http, 'default', 'deploy', 'web', resourceOf('deploy'));
		expect(found.selector).toBe('app=web');
		expect(names(found)).toEqual(['web-ready', 'web-not-ready', 'web-pending']);
	});

	it('sends matchExpressions as kubectl writes them', async () => {
		const found = await workloadPods(http, 'default', 'deployment.apps', 'fronts', resourceOf('deployment.apps'));
		expect(found.selector).toBe('tier in (front)');
		expect(names(found).sort()).toEqual(['other', 'web-not-ready', 'web-pending', 'web-ready']);
		expect(names(found).at(-1)).toBe('web-pending');
	});

	it.each([
		['deploy', 'nope', 'error from server (NotFound): deployments.apps "nope" not found in namespace "default"'],
		['jobs', 'web', 'error from server (NotFound): jobs.batch "web" not found in namespace "default"'],
		['widgets', 'web', 'the server doesn\'t have a resource type "widgets"'],
		['cm', 'nope', 'error from server (NotFound): configmaps "nope" not found in namespace "default"'],
	])("%s/%s: kubectl's error", async (type, name, text) => {
		const error = await workloadPods(http, 'default', type, name, resourceOf(type)).catch(caught => caught);
		expect(error).toBeInstanceOf(WorkloadError);
		expect((error as Error).message).toBe(text);
	});

	it('says the type is not served when the group is not (a cluster without apps/v1)', async () => {
		// A cluster that serves no apps/v1: a stand-in answers its discovery as kube-apiserver
		// answers a group it does not have.
		const noApps = ({url, response}: RequestContext) => {
			if (!url.pathname.startsWith('/apis/apps')) return false;
			response.writeHead(404, {'content-type': 'text/plain'}).end('404 page not found\n');
			return true;
		};
		const bare = await startTestSim({scenarios: ['best-practice'], extensions: [noApps]});
		try {
			const plain = new KubeHttp(loadKubeconfig({kubeconfig: bare.kubeconfigPath}).access);
			const error = await workloadPods(plain, 'default', 'sts', 'web', resourceOf('sts')).catch(caught => caught);
			expect((error as Error).message).toBe('the server doesn\'t have a resource type "sts"');
		} finally {
			await bare.close();
		}
	});
});
