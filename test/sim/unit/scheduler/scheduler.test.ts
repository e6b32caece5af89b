import {describe, expect, it} from 'vitest';
import type {Pod} from '../../../../source/model/k8s.js';
import {podStatusReason} from '../../../../source/model/pod-status.js';
import {ManualClock} from '../../../../source/sim/clock.js';
import {Cluster, type Node, nodeName} from '../../../../source/sim/cluster.js';
import {parseScenario} from '../../../../source/sim/scenario.js';

// The scheduler in the cluster on a hand-driven clock: what it binds, what it writes for what
// it cannot, and which changes make it try again (pkg/scheduler, v1.35.4).

const notHelpful = 'no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';

function cluster(resources = {cpu: '2', memory: '4Gi', pods: '110'}) {
	const clock = new ManualClock();
	const sim = new Cluster(clock, resources);
	const create = (yaml: string) => parseScenario(yaml).map(({pod, behaviours}) => sim.createPod(pod, behaviours))[0]!;
	const pod = (name: string) => sim.pods.get('default', name)!;
	const events = (name: string) => sim.events.list().filter(event => event.involvedObject.name === name);
	const reasons = (name: string) => events(name).map(event => `${event.reason}: ${event.message}`);
	const scheduled = (name: string) => pod(name).status?.conditions?.find(condition => condition.type === 'PodScheduled');
	const node = () => sim.nodes.get(undefined, nodeName)!;
	const updateNode = (change: (node: Node) => Node) => sim.nodes.update(change(node()));
	return {clock, sim, create, pod, events, reasons, scheduled, node, updateNode};
}

const podYaml = (name: string, extra = '', requests = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${extra}
  containers:
  - name: app
    image: busybox:1.36
${requests ? `    resources: {requests: ${requests}}` : ''}
`;

describe('the scheduler', () => {
	it('binds a pod that fits, and the kubelet starts it', () => {
		const {clock, create, pod, reasons, scheduled} = cluster();
		create(podYaml('fits', '', '{cpu: 100m}'));
		expect(pod('fits').spec.nodeName).toBeUndefined();
		expect(pod('fits').status).toEqual({phase: 'Pending', qosClass: 'Burstable'});
		clock.advance(1);
		expect(pod('fits').spec.nodeName).toBe(nodeName);
		expect(scheduled('fits')?.status).toBe('True');
		expect(podStatusReason(pod('fits'))).toBe('Running');
		expect(reasons('fits')[0]).toBe(`Scheduled: Successfully assigned default/fits to ${nodeName}`);
	});

	it('leaves a pod that does not fit Pending, with the reason in its condition and a FailedScheduling event', () => {
		const {clock, create, pod, events, scheduled} = cluster();
		create(podYaml('big', '', '{memory: 512Gi, cpu: 100m}'));
		clock.advance(10);
		const message = `0/1 nodes are available: 1 Insufficient memory. ${notHelpful}`;
		expect(pod('big').spec.nodeName).toBeUndefined();
		expect(pod('big').status?.phase).toBe('Pending');
		expect(podStatusReason(pod('big'))).toBe('Pending');
		expect(pod('big').status?.containerStatuses).toBeUndefined();
		expect(scheduled('big')).toMatchObject({type: 'PodScheduled', observedGeneration: 1, status: 'False', reason: 'Unschedulable', message});
		expect(events('big')).toHaveLength(1);
		expect(events('big')[0]).toMatchObject({
			type: 'Warning',
			reason: 'FailedScheduling',
			message,
			action: 'Scheduling',
			source: {},
			reportingComponent: 'default-scheduler',
			firstTimestamp: null,
		});
		// An events.k8s.io event has no core/v1 count.
		expect(events('big')[0]?.count).toBeUndefined();
	});

	it('tries again every five minutes, folding the repeats into a series as client-go does', () => {
		const {clock, create, events} = cluster();
		create(podYaml('big', '', '{memory: 512Gi}'));
		clock.advance(299);
		expect(events('big')).toHaveLength(1);
		clock.advance(32);
		// The second attempt saw the pod after its status was written: another resourceVersion, another event.
		expect(events('big')).toHaveLength(2);
		expect(events('big')[1]?.series).toBeUndefined();
		clock.advance(330);
		expect(events('big')).toHaveLength(2);
		expect(events('big')[1]?.series?.count).toBe(2);
	});

	it('schedules a waiting pod once a deleted pod has freed what it needs, not while it terminates', () => {
		const {clock, sim, create, pod, reasons} = cluster();
		create(podYaml('hog', '', '{memory: 3Gi}'));
		clock.advance(1);
		create(podYaml('waiter', '', '{memory: 2Gi}'));
		clock.advance(1);
		expect(reasons('waiter')).toEqual([
			'FailedScheduling: 0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
		]);
		sim.deletePod('default', 'hog');
		clock.advance(0.1);
		expect(pod('hog').metadata.deletionTimestamp).toBeDefined();
		expect(pod('waiter').spec.nodeName).toBeUndefined();
		clock.advance(2);
		expect(sim.pods.get('default', 'hog')).toBeUndefined();
		expect(pod('waiter').spec.nodeName).toBe(nodeName);
		expect(podStatusReason(pod('waiter'))).toBe('Running');
	});

	it('frees what a finished pod held', () => {
		const {clock, create, pod} = cluster();
		create(`${podYaml('job', '  restartPolicy: Never', '{memory: 3Gi}')}    x-sim: {exit: {after: 5, code: 0}}\n`);
		clock.advance(1);
		create(podYaml('next', '', '{memory: 2Gi}'));
		clock.advance(1);
		expect(pod('next').spec.nodeName).toBeUndefined();
		clock.advance(10);
		expect(pod('job').status?.phase).toBe('Succeeded');
		expect(pod('next').spec.nodeName).toBe(nodeName);
	});

	it('counts pods against the node’s pod capacity', () => {
		const {clock, create, pod, reasons} = cluster({cpu: '2', memory: '4Gi', pods: '2'});
		for (const name of ['one', 'two', 'three']) create(podYaml(name));
		clock.advance(1);
		expect(pod('two').spec.nodeName).toBe(nodeName);
		expect(pod('three').spec.nodeName).toBeUndefined();
		expect(reasons('three')[0]).toContain('1 Too many pods.');
	});

	it('keeps a gated pod SchedulingGated, without an event, until its gates are gone', () => {
		const {clock, sim, create, pod, events, scheduled} = cluster();
		create(podYaml('gated', '  schedulingGates: [{name: example.com/quota}]'));
		const gatedAt = scheduled('gated')?.lastTransitionTime;
		expect(scheduled('gated')).toEqual({
			type: 'PodScheduled',
			status: 'False',
			lastProbeTime: null,
			lastTransitionTime: gatedAt,
			reason: 'SchedulingGated',
			message: 'Scheduling is blocked due to non-empty scheduling gates',
		});
		expect(podStatusReason(pod('gated'))).toBe('SchedulingGated');
		clock.advance(600);
		expect(events('gated')).toEqual([]);
		const {schedulingGates: _gates, ...spec} = pod('gated').spec;
		sim.pods.update({...pod('gated'), spec});
		clock.advance(1);
		expect(pod('gated').spec.nodeName).toBe(nodeName);
		expect(events('gated').map(event => event.reason)[0]).toBe('Scheduled');
	});

	it('tries a pod again when the node is labelled, untainted or uncordoned, not on an unrelated change', () => {
		const {clock, create, pod, reasons, updateNode} = cluster();
		create(podYaml('picky', '  nodeSelector: {disktype: ssd}'));
		clock.advance(1);
		expect(reasons('picky')).toEqual([`FailedScheduling: 0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. ${notHelpful}`]);
		updateNode(node => ({...node, metadata: {...node.metadata, labels: {...node.metadata.labels, unrelated: 'yes'}}}));
		clock.advance(1);
		expect(reasons('picky')).toHaveLength(1);
		updateNode(node => ({...node, spec: {...node.spec, unschedulable: true}}));
		updateNode(node => ({...node, metadata: {...node.metadata, labels: {...node.metadata.labels, disktype: 'ssd'}}}));
		clock.advance(1);
		// Cordoned: the node lifecycle controller has tainted it too, and NodeUnschedulable speaks first.
		expect(reasons('picky')[1]).toBe(`FailedScheduling: 0/1 nodes are available: 1 node(s) were unschedulable. ${notHelpful}`);
		updateNode(node => ({...node, spec: {...node.spec, unschedulable: false}}));
		clock.advance(1);
		expect(pod('picky').spec.nodeName).toBe(nodeName);
	});

	it('lets a pod that tolerates a taint on the node, and keeps one that does not off it', () => {
		const {clock, create, pod, reasons, updateNode} = cluster();
		updateNode(node => ({...node, spec: {...node.spec, taints: [{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]}}));
		create(podYaml('tolerant', '  tolerations: [{key: dedicated, operator: Equal, value: gpu, effect: NoSchedule}]'));
		create(podYaml('intolerant'));
		clock.advance(1);
		expect(pod('tolerant').spec.nodeName).toBe(nodeName);
		expect(reasons('intolerant')).toEqual([`FailedScheduling: 0/1 nodes are available: 1 node(s) had untolerated taint(s). ${notHelpful}`]);
		updateNode(node => ({...node, spec: {...node.spec, taints: []}}));
		clock.advance(1);
		expect(pod('intolerant').spec.nodeName).toBe(nodeName);
	});

	it('preempts a lower-priority pod for a higher-priority one', () => {
		const {clock, create, pod, reasons, sim} = cluster();
		create(podYaml('low', '  priority: -10', '{memory: 3Gi}'));
		clock.advance(1);
		create(podYaml('high', '  priority: 1000', '{memory: 3Gi}'));
		clock.advance(0.1);
		const low: Pod = pod('low');
		expect(low.metadata.deletionTimestamp).toBeDefined();
		expect(low.status?.conditions?.find(condition => condition.type === 'DisruptionTarget')).toMatchObject({
			status: 'True',
			reason: 'PreemptionByScheduler',
			message: 'default-scheduler: preempting to accommodate a higher priority pod',
		});
		expect(reasons('low')).toContain(`Preempted: Preempted by pod ${pod('high').metadata.uid} on node ${nodeName}`);
		expect(pod('high').status?.nominatedNodeName).toBe(nodeName);
		expect(reasons('high')).toEqual(['FailedScheduling: 0/1 nodes are available: 1 Insufficient memory.']);
		clock.advance(2);
		expect(sim.pods.get('default', 'low')).toBeUndefined();
		expect(pod('high').spec.nodeName).toBe(nodeName);
		expect(pod('high').status?.nominatedNodeName).toBeUndefined();
	});
});
