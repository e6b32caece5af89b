import {describe, expect, test} from 'vitest';
import {namespaceConditions} from '../../../source/sim/namespace-conditions.js';
import {quantityString} from '../../../source/sim/kubelet/quantity-string.js';
import {prepareStatusUpdate} from '../../../source/sim/routes/pod-status-update.js';
import {SimHarness, containerStatus} from './harness.js';

// A deleted pod's end in the kubelet and the API: the stuck-terminating scenario, a kill cut
// short by --force, and the small pieces they use.

describe('stuck-terminating', () => {
	test('deleted 5 s in: Terminating, then Completed with its deletion timestamp, held by its finalizer', () => {
		const sim = new SimHarness();
		sim.load('stuck-terminating');
		sim.at(4.9);
		expect(sim.pod('stuck-terminating').metadata.deletionTimestamp).toBeUndefined();
		sim.at(5.1);
		expect(sim.row('stuck-terminating').status).toBe('Terminating');
		expect(sim.pod('stuck-terminating').metadata).toMatchObject({deletionGracePeriodSeconds: 5, generation: 2});
		sim.at(60);
		const pod = sim.pod('stuck-terminating');
		expect(sim.row('stuck-terminating')).toEqual({ready: '0/1', status: 'Completed', restarts: 0});
		expect(pod.status?.phase).toBe('Succeeded');
		// The kubelet's final delete (grace 0) found the finalizer: no grace left, still there.
		expect(pod.metadata).toMatchObject({deletionGracePeriodSeconds: 0, finalizers: ['ledger.example.com/archive']});
		expect(containerStatus(pod, 'app').state?.terminated).toMatchObject({exitCode: 0, reason: 'Completed'});
		// Nothing is killed twice.
		expect(sim.events('stuck-terminating').filter(event => event.reason === 'Killing')).toHaveLength(1);
	});

	test('a shorter grace period cuts the kill short (--force on a pod that ignores SIGTERM)', () => {
		const sim = new SimHarness();
		sim.load(`
apiVersion: v1
kind: Pod
metadata: {name: stubborn, finalizers: [example.com/hold]}
spec:
  terminationGracePeriodSeconds: 300
  containers:
  - {name: app, image: busybox:1.36, x-sim: {sigterm: ignore}}
`);
		sim.at(1);
		sim.cluster.deletePod('default', 'stubborn');
		sim.at(30);
		expect(containerStatus(sim.pod('stubborn'), 'app').state?.running).toBeDefined();
		sim.cluster.deletePod('default', 'stubborn', 0);
		expect(sim.pod('stubborn').metadata.deletionGracePeriodSeconds).toBe(0);
		// SIGKILL at the runtime's two-second minimum.
		sim.at(31.9);
		expect(containerStatus(sim.pod('stubborn'), 'app').state?.running).toBeDefined();
		sim.at(32.2);
		expect(containerStatus(sim.pod('stubborn'), 'app').state?.terminated).toMatchObject({exitCode: 137, reason: 'Error'});
		expect(sim.pod('stubborn').status?.phase).toBe('Failed');
	});

	test('a pod without finalizers is gone once the kubelet has stopped it', () => {
		const sim = new SimHarness();
		sim.load('crashloop');
		sim.at(1);
		sim.cluster.deletePod('default', 'crashloop');
		sim.at(2);
		expect(sim.cluster.pods.get('default', 'crashloop')).toBeUndefined();
		expect(sim.versions('crashloop').at(-1)?.type).toBe('DELETED');
	});
});

describe('pieces', () => {
	test("Quantity's canonical strings", () => {
		expect(quantityString(10 * 2 ** 20)).toBe('10Mi');
		expect(quantityString(2 ** 30)).toBe('1Gi');
		expect(quantityString(91_684_864)).toBe('89536Ki');
		expect(quantityString(1500)).toBe('1500');
		expect(quantityString(10_000_000, 'decimal')).toBe('10M');
		expect(quantityString(0)).toBe('0');
	});

	test("the namespace controller's conditions while a pod with finalizers remains", () => {
		const pod = {metadata: {name: 'p', finalizers: ['b.example.com/x', 'a.example.com/y']}, spec: {containers: []}};
		const conditions = namespaceConditions(undefined, [pod], 'T1');
		expect(conditions.map(condition => [condition.type, condition.status, condition.reason])).toEqual([
			['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
			['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
			['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
			['NamespaceContentRemaining', 'True', 'SomeResourcesRemain'],
			['NamespaceFinalizersRemaining', 'True', 'SomeFinalizersRemain'],
		]);
		expect(conditions[4]!.message).toBe(
			'Some content in the namespace has finalizers remaining: a.example.com/y in 1 resource instances, b.example.com/x in 1 resource instances',
		);
		const later = namespaceConditions(conditions, [], 'T2');
		expect(later[3]).toMatchObject({status: 'False', reason: 'ContentRemoved', lastTransitionTime: 'T2'});
		expect(later[0]!.lastTransitionTime).toBe('T1');
	});

	test('pods/status keeps the spec, the owner references and the observed generations', () => {
		const current = {
			metadata: {name: 'p', ownerReferences: [{apiVersion: 'v1', kind: 'X', name: 'x', uid: 'u'}]},
			spec: {containers: [{name: 'a', image: 'busybox'}]},
			status: {qosClass: 'BestEffort', observedGeneration: 3, conditions: [{type: 'Ready', status: 'True' as const, observedGeneration: 3}]},
		};
		const next = {
			metadata: {name: 'p'},
			spec: {containers: [{name: 'a', image: 'nginx'}]},
			status: {
				conditions: [
					{type: 'Ready', status: 'False' as const},
					{type: 'example.com/gate', status: 'True' as const},
				],
			},
		};
		prepareStatusUpdate(current, next);
		expect(next.spec).toBe(current.spec);
		expect(next.metadata).toEqual(current.metadata);
		expect(next.status).toMatchObject({qosClass: 'BestEffort', observedGeneration: 3});
		expect(next.status.conditions).toEqual([
			{type: 'Ready', status: 'False', observedGeneration: 3, lastProbeTime: null, lastTransitionTime: null},
			{type: 'example.com/gate', status: 'True', lastProbeTime: null, lastTransitionTime: null},
		]);
	});
});
