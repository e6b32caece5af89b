import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import type {KubeEvent, List, Pod} from '../../source/model/k8s.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {byName, conformance, kubectl, parseTable} from './kubectl.js';

// Deletion, eviction and pods/status with the real kubectl: a finalizer keeps a deleted pod
// (Terminating, then how it ended) until it is patched away; --force --grace-period=0; the
// Eviction API and kubectl drain; the kubelet's eviction as get, describe and events show it;
// a readiness gate set through pods/status.

let sim: TestSim;

const pods = `
apiVersion: v1
kind: Pod
metadata: {name: held, finalizers: [example.com/hold]}
spec:
  terminationGracePeriodSeconds: 300
  containers:
  - name: app
    image: busybox:1.36
    x-sim: {sigterm: ignore}
---
apiVersion: v1
kind: Pod
metadata: {name: plain}
spec:
  containers:
  - {name: app, image: busybox:1.36}
---
apiVersion: v1
kind: Pod
metadata: {name: victim}
spec:
  containers:
  - name: app
    image: busybox:1.36
    x-sim: {sigterm: ignore}
---
apiVersion: v1
kind: Pod
metadata: {name: drained, labels: {app: drained}}
spec:
  containers:
  - {name: app, image: busybox:1.36}
---
apiVersion: v1
kind: Pod
metadata: {name: gated}
spec:
  readinessGates:
  - conditionType: podscope.dev/load-balancer-ready
  containers:
  - {name: app, image: busybox:1.36}
`;

const getPod = async (name: string) => JSON.parse((await kubectl(sim, ['get', 'pod', name, '-o', 'json'])).stdout) as Pod;
const row = async (name: string) => byName(parseTable((await kubectl(sim, ['get', 'pods', '-o', 'wide'])).stdout)).get(name);
const condition = (pod: Pod, type: string) => pod.status?.conditions?.find(item => item.type === type);

conformance('kubectl: deletion, eviction, pods/status', () => {
	beforeAll(async () => {
		// Five times real time: the evicted scenario's eviction comes 22 s in.
		sim = await startTestSim({scenarios: ['evicted'], speed: 5});
		const file = path.join(sim.dir, 'pods.yaml');
		writeFileSync(file, pods);
		const {createScenarioPods, loadScenario} = await import('../../source/sim/scenario.js');
		createScenarioPods(sim.cluster, loadScenario(file));
		await eventually(async () =>
			['held', 'plain', 'victim', 'drained', 'gated'].every(name => sim.cluster.pods.get('default', name)?.status?.phase === 'Running'),
		);
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('keeps a deleted pod with a finalizer: Terminating, force-deleted, then gone once the finalizer is patched away', async () => {
		expect(await kubectl(sim, ['delete', 'pod', 'held', '--wait=false'])).toEqual({code: 0, stdout: 'pod "held" deleted\n', stderr: ''});
		expect((await row('held'))?.STATUS).toBe('Terminating');
		const describe = (await kubectl(sim, ['describe', 'pod', 'held'])).stdout;
		// kubectl measures "lasts" since the deletion timestamp, which is still ahead: <invalid>.
		expect(describe).toMatch(/^Status:\s+Terminating \(lasts <invalid>\)$/m);
		expect(describe).toMatch(/^Termination Grace Period:\s+300s$/m);
		expect(describe).toMatch(/Normal\s+Killing\s+\S+\s+kubelet\s+Stopping container app/);

		// --force --grace-period=0: the API marks it with no grace left, and the finalizer keeps it.
		expect(await kubectl(sim, ['delete', 'pod', 'held', '--grace-period=0', '--force', '--wait=false'])).toEqual({
			code: 0,
			stdout: 'pod "held" force deleted\n',
			stderr:
				'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
		});
		const forced = await getPod('held');
		expect(forced.metadata).toMatchObject({deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold']});
		// The kubelet kills it (SIGTERM ignored: SIGKILL after two seconds); the status it wrote stays.
		await eventually(async () => (await row('held'))?.STATUS === 'Error', 15_000);
		const stopped = await getPod('held');
		expect(stopped.status?.phase).toBe('Failed');
		expect(stopped.status?.containerStatuses?.[0]?.state?.terminated).toMatchObject({exitCode: 137, reason: 'Error'});
		expect((await kubectl(sim, ['describe', 'pod', 'held'])).stdout).toMatch(/^Status:\s+Failed$/m);

		expect(await kubectl(sim, ['patch', 'pod', 'held', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]'])).toEqual({
			code: 0,
			stdout: 'pod/held patched\n',
			stderr: '',
		});
		expect((await kubectl(sim, ['get', 'pod', 'held'])).stderr).toBe('Error from server (NotFound): pods "held" not found\n');
	});

	it('refuses a new finalizer on a pod being deleted', async () => {
		await kubectl(sim, ['run', 'going', '--image=busybox:1.36', '--overrides', '{"metadata":{"finalizers":["example.com/a"]}}']);
		await eventually(async () => (await row('going'))?.STATUS === 'Running');
		await kubectl(sim, ['delete', 'pod', 'going', '--wait=false']);
		const result = await kubectl(sim, ['patch', 'pod', 'going', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/a","example.com/b"]}}']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			'The Pod "going" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/b"}\n',
		);
		await kubectl(sim, ['patch', 'pod', 'going', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
		await eventually(async () => (await kubectl(sim, ['get', 'pod', 'going'])).code === 1);
	});

	it('keeps a namespace Terminating while a pod in it has a finalizer, and says why', async () => {
		await kubectl(sim, ['create', 'namespace', 'team-b']);
		await kubectl(sim, ['run', 'keeper', '-n', 'team-b', '--image=busybox:1.36', '--overrides', '{"metadata":{"finalizers":["example.com/keep"]}}']);
		await eventually(() => sim.cluster.pods.get('team-b', 'keeper')?.status?.phase === 'Running');
		expect((await kubectl(sim, ['delete', 'namespace', 'team-b', '--wait=false'])).stdout).toBe('namespace "team-b" deleted\n');
		// The pod is stopped and stays; so does the namespace, with the namespace controller's conditions.
		await eventually(async () => (await kubectl(sim, ['get', 'pod', 'keeper', '-n', 'team-b', '-o', 'jsonpath={.status.phase}'])).stdout === 'Succeeded');
		const namespace = async () =>
			JSON.parse((await kubectl(sim, ['get', 'namespace', 'team-b', '-o', 'json'])).stdout) as {
				status: {phase: string; conditions?: Array<{type: string; status: string; reason: string; message: string}>};
			};
		await eventually(async () => (await namespace()).status.conditions?.find(item => item.type === 'NamespaceFinalizersRemaining')?.status === 'True');
		const {status} = await namespace();
		expect(status.phase).toBe('Terminating');
		expect(status.conditions?.find(item => item.type === 'NamespaceContentRemaining')).toMatchObject({
			status: 'True',
			reason: 'SomeResourcesRemain',
			message: 'Some resources are remaining: pods. has 1 resource instances',
		});
		expect(status.conditions?.find(item => item.type === 'NamespaceFinalizersRemaining')).toMatchObject({
			reason: 'SomeFinalizersRemain',
			message: 'Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances',
		});
		expect((await kubectl(sim, ['patch', 'pod', 'keeper', '-n', 'team-b', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'])).code).toBe(0);
		await eventually(async () => (await kubectl(sim, ['get', 'namespace', 'team-b'])).code === 1);
	});

	it('force-deletes a pod without finalizers at once', async () => {
		expect((await kubectl(sim, ['delete', 'pod', 'plain', '--grace-period=0', '--force'])).stdout).toBe('pod "plain" force deleted\n');
		expect(sim.cluster.pods.get('default', 'plain')).toBeUndefined();
	});

	it('lists pods/eviction in discovery, as kubectl drain looks for it', async () => {
		const list = JSON.parse((await kubectl(sim, ['get', '--raw', '/api/v1'])).stdout) as {resources: Array<Record<string, unknown>>};
		expect(list.resources.find(resource => resource.name === 'pods/eviction')).toEqual({
			name: 'pods/eviction',
			singularName: '',
			namespaced: true,
			group: 'policy',
			version: 'v1',
			kind: 'Eviction',
			verbs: ['create'],
		});
	});

	it('evicts through the Eviction API: 201 Success, DisruptionTarget, then a graceful delete', async () => {
		// The pod ignores SIGTERM, so the kubelet takes its whole grace period (600 s here) to kill it.
		const eviction = (grace: number) =>
			JSON.stringify({apiVersion: 'policy/v1', kind: 'Eviction', metadata: {name: 'victim', namespace: 'default'}, deleteOptions: {gracePeriodSeconds: grace}});
		const path = '/api/v1/namespaces/default/pods/victim/eviction';
		const result = await kubectl(sim, ['create', '--raw', path, '-f', '-'], {input: eviction(600)});
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual({kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201});
		const evicted = await getPod('victim');
		expect(evicted.metadata).toMatchObject({deletionGracePeriodSeconds: 600});
		expect((await row('victim'))?.STATUS).toBe('Terminating');
		expect(condition(evicted, 'DisruptionTarget')).toMatchObject({status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting'});
		// Evicting a pod being deleted deletes it again: grace 0 removes it now.
		expect((await kubectl(sim, ['create', '--raw', path, '-f', '-'], {input: eviction(0)})).code).toBe(0);
		expect((await kubectl(sim, ['get', 'pod', 'victim'])).stderr).toBe('Error from server (NotFound): pods "victim" not found\n');
		const mismatch = await kubectl(sim, ['create', '--raw', '/api/v1/namespaces/default/pods/gated/eviction', '-f', '-'], {input: eviction(0)});
		expect(mismatch.stderr).toBe('Error from server (BadRequest): name in URL does not match name in Eviction object\n');
	});

	it('takes a policy/v1beta1 Eviction too, and refuses other versions', async () => {
		await kubectl(sim, ['run', 'old-client', '--image=busybox:1.36']);
		const eviction = (apiVersion: string) =>
			JSON.stringify({apiVersion, kind: 'Eviction', metadata: {name: 'old-client'}, deleteOptions: {gracePeriodSeconds: 0}});
		const path = '/api/v1/namespaces/default/pods/old-client/eviction';
		const wrong = await kubectl(sim, ['create', '--raw', path, '-f', '-'], {input: eviction('v1')});
		expect(wrong.stderr).toBe(
			'Error from server (BadRequest): Eviction in version "v1" cannot be handled as a Eviction: no kind "Eviction" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"\n',
		);
		expect((await kubectl(sim, ['create', '--raw', path, '-f', '-'], {input: eviction('policy/v1beta1')})).code).toBe(0);
		// Grace 0: gone at once.
		expect(sim.cluster.pods.get('default', 'old-client')).toBeUndefined();
		const missing = await kubectl(sim, ['create', '--raw', path, '-f', '-'], {input: eviction('policy/v1')});
		expect(missing.stderr).toBe('Error from server (NotFound): pods "old-client" not found\n');
	});

	it('drains with kubectl drain, which evicts through the API', async () => {
		const result = await kubectl(
			sim,
			['drain', 'sim-node-1', '--pod-selector=app=drained', '--force', '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=30s'],
			{
				timeout: 40_000,
			},
		);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('node/sim-node-1 cordoned');
		expect(result.stdout).toContain('evicting pod default/drained');
		expect(result.stdout).toContain('pod/drained evicted');
		expect(result.stdout).toContain('node/sim-node-1 drained');
		expect(sim.cluster.pods.get('default', 'drained')).toBeUndefined();
		expect((await kubectl(sim, ['uncordon', 'sim-node-1'])).stdout).toBe('node/sim-node-1 uncordoned\n');
	});

	it("shows the kubelet's eviction in get, describe and events", async () => {
		await eventually(async () => (await row('evicted'))?.STATUS === 'ContainerStatusUnknown', 40_000);
		expect(await row('evicted')).toMatchObject({READY: '0/2', RESTARTS: '2'});
		const describe = (await kubectl(sim, ['describe', 'pod', 'evicted'])).stdout;
		expect(describe).toMatch(/^Status:\s+Failed$/m);
		expect(describe).toMatch(/^Reason:\s+Evicted$/m);
		expect(describe).toMatch(/^Message:\s+Usage of EmptyDir volume "scratch" exceeds the limit "10Mi"\. $/m);
		expect(describe).toMatch(/^ {6}Reason:\s+ContainerStatusUnknown$/m);
		expect(describe).toMatch(/Warning\s+Evicted\s+\S+\s+kubelet\s+Usage of EmptyDir volume "scratch" exceeds the limit "10Mi"\./);
		const events = JSON.parse(
			(await kubectl(sim, ['get', 'events', '--field-selector', 'involvedObject.name=evicted', '-o', 'json'])).stdout,
		) as List<KubeEvent>;
		expect(events.items.find(event => event.reason === 'Evicted')).toMatchObject({
			type: 'Warning',
			message: 'Usage of EmptyDir volume "scratch" exceeds the limit "10Mi". ',
			source: {component: 'kubelet'},
		});
	});

	it('sets a readiness gate through pods/status with --subresource=status: the pod becomes Ready', async () => {
		expect((await row('gated'))?.['READINESS GATES']).toBe('0/1');
		const before = await getPod('gated');
		expect(condition(before, 'Ready')).toMatchObject({
			status: 'False',
			reason: 'ReadinessGatesNotReady',
			message: 'corresponding condition of pod readiness gate "podscope.dev/load-balancer-ready" does not exist.',
		});
		// A spec change through pods/status is dropped; the status one is kept.
		const patched = await kubectl(sim, [
			'patch',
			'pod',
			'gated',
			'--subresource=status',
			'--type=merge',
			'-p',
			'{"spec":{"activeDeadlineSeconds":5},"status":{"conditions":[{"type":"podscope.dev/load-balancer-ready","status":"False"}]}}',
		]);
		expect(patched).toEqual({code: 0, stdout: 'pod/gated patched\n', stderr: ''});
		const gateFalse = await getPod('gated');
		expect((gateFalse.spec as {activeDeadlineSeconds?: number}).activeDeadlineSeconds).toBeUndefined();
		// The kubelet puts back the conditions it owns and keeps the gate's.
		await eventually(
			async () =>
				condition(await getPod('gated'), 'Ready')?.message === 'the status of pod readiness gate "podscope.dev/load-balancer-ready" is not "True", but False',
		);
		expect((await getPod('gated')).status?.conditions?.map(item => item.type)).toEqual([
			'podscope.dev/load-balancer-ready',
			'PodReadyToStartContainers',
			'Initialized',
			'Ready',
			'ContainersReady',
			'PodScheduled',
		]);

		const result = await kubectl(sim, [
			'patch',
			'pod',
			'gated',
			'--subresource=status',
			'--type=strategic',
			'-p',
			'{"status":{"conditions":[{"type":"podscope.dev/load-balancer-ready","status":"True"}]}}',
		]);
		expect(result).toEqual({code: 0, stdout: 'pod/gated patched\n', stderr: ''});
		await eventually(async () => condition(await getPod('gated'), 'Ready')?.status === 'True');
		expect((await row('gated'))?.['READINESS GATES']).toBe('1/1');
		const status = JSON.parse((await kubectl(sim, ['get', 'pod', 'gated', '--subresource=status', '-o', 'json'])).stdout) as Pod;
		expect(condition(status, 'podscope.dev/load-balancer-ready')).toMatchObject({status: 'True', lastProbeTime: null});
	});

	it('replaces the status with PUT (kubectl replace --subresource=status), keeping the spec', async () => {
		const pod = await getPod('gated');
		const gate = pod.status!.conditions!.find(item => item.type === 'podscope.dev/load-balancer-ready')!;
		gate.status = 'False';
		pod.spec.containers[0]!.image = 'busybox:1.37';
		const replaced = await kubectl(sim, ['replace', '--subresource=status', '-f', '-'], {input: JSON.stringify(pod)});
		expect(replaced).toEqual({code: 0, stdout: 'pod/gated replaced\n', stderr: ''});
		await eventually(async () => condition(await getPod('gated'), 'Ready')?.reason === 'ReadinessGatesNotReady');
		expect((await getPod('gated')).spec.containers[0]!.image).toBe('busybox:1.36');
		expect((await row('gated'))?.['READINESS GATES']).toBe('0/1');
	});

	it('validates what pods/status takes', async () => {
		const result = await kubectl(sim, [
			'patch',
			'pod',
			'gated',
			'--subresource=status',
			'--type=merge',
			'-p',
			'{"status":{"qosClass":"Guaranteed","conditions":[{"type":"bad type!","status":"True"}]}}',
		]);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('status.conditions[0].Type: Invalid value: "bad type!"');
		expect(result.stderr).toContain('status.qosClass: Invalid value: "Guaranteed": field is immutable');
	});
});
