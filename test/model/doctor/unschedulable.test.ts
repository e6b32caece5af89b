import {describe, expect, it} from 'vitest';
import {parseFitError, unschedulable} from '../../../source/model/doctor/unschedulable.js';
import {
	affinity,
	cordoned,
	cordonedNode,
	initBig,
	node,
	nodeSelector,
	schedulingGated,
	taintedNode,
	tooBig,
	untolerated,
	unschedulable as unschedulablePod,
	waiter,
} from '../../fixtures/real-node/scheduling.js';

describe('parseFitError', () => {
	it("splits kube-scheduler 1.35's message into its reasons and what preemption said", () => {
		expect(
			parseFitError(
				'0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
			),
		).toEqual({reasons: ['Insufficient cpu', 'Insufficient memory'], preemption: 'Preemption is not helpful for scheduling'});
		expect(parseFitError("0/3 nodes are available: 1 node(s) had untolerated taint(s), 2 node(s) didn't match Pod's node affinity/selector.").reasons).toEqual([
			'node(s) had untolerated taint(s)',
			"node(s) didn't match Pod's node affinity/selector",
		]);
	});
});

describe('unschedulable', () => {
	it('sets the total request against the largest allocatable when the nodes are known', () => {
		const [finding] = unschedulable.check(unschedulablePod([node]));
		expect(finding).toMatchObject({id: 'unschedulable', severity: 'error'});
		expect(finding!.title).toBe('the pod cannot be scheduled: it requests 512Gi memory, more than any node can allocate (23.4Gi)');
		expect(finding!.evidence).toEqual([
			'status.conditions{PodScheduled}: False, Unschedulable for 63s',
			'event Warning FailedScheduling ×2: 0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
			'spec.containers{app}.resources.requests.memory: 512Gi',
			'node podscope-node status.allocatable.memory: 24581348Ki (23.4Gi)',
			'preemption: evicting lower-priority pods would not make room',
		]);
		expect(finding!.fix).toContain('Lower spec.containers{app}.resources.requests.memory');
	});

	it('works without nodes (listing them forbidden), and says so', () => {
		const [finding] = unschedulable.check(unschedulablePod());
		expect(finding!.title).toBe('the pod cannot be scheduled: it requests 512Gi memory and no node has that much free');
		expect(finding!.evidence).toContain('nodes: not listed (no permission to list nodes?): compare with kubectl describe nodes');
	});

	it('explains each of two reasons', () => {
		const [finding] = unschedulable.check(tooBig([node]));
		expect(finding!.title).toBe(
			'the pod cannot be scheduled: it requests 3 cpu, more than any node can allocate (2); it requests 30Gi memory, more than any node can allocate (23.4Gi)',
		);
		expect(finding!.evidence).toContain('node podscope-node status.allocatable.cpu: 2');
	});

	it('blames the init phase when an init container beside the sidecars before it asks the most', () => {
		const [finding] = unschedulable.check(initBig([node]));
		expect(finding!.title).toBe('the pod cannot be scheduled: it requests 25Gi memory, more than any node can allocate (23.4Gi)');
		expect(finding!.evidence).toContain(
			'init container warm-cache with the native sidecars declared before it needs 25Gi, more than the containers that run after it',
		);
		expect(finding!.fix).toContain('spec.initContainers{warm-cache}.resources.requests.memory');
	});

	it('reads "No preemption victims" as: it would fit, other pods hold the room', () => {
		const [finding] = unschedulable.check(waiter([node]));
		expect(finding!.title).toBe('the pod cannot be scheduled: it requests 16Gi memory and no node has that much left unrequested');
		expect(finding!.evidence).toContain('preemption: it would fit if some pods were gone, but none has a lower priority it may preempt');
	});

	it('names the nodeSelector label the node lacks', () => {
		const [finding] = unschedulable.check(nodeSelector([node]));
		expect(finding!.title).toBe('the pod cannot be scheduled: no node has the labels of its nodeSelector (disktype=ssd)');
		expect(finding!.evidence).toEqual(expect.arrayContaining(['spec.nodeSelector.disktype: ssd', 'node podscope-node metadata.labels.disktype: <unset>']));
		expect(finding!.fix).toContain('kubectl label node NODE disktype=ssd');
	});

	it('names the required node affinity term no node matches', () => {
		const [finding] = unschedulable.check(affinity([node]));
		expect(finding!.title).toBe('the pod cannot be scheduled: no node matches its required node affinity');
		expect(finding!.evidence).toEqual(
			expect.arrayContaining([
				'spec.affinity.nodeAffinity.required…nodeSelectorTerms[0]: topology.kubernetes.io/zone In (eu-west-1a)',
				'node podscope-node: matches none of the required nodeSelectorTerms',
			]),
		);
	});

	it('names the taint the pod does not tolerate, and the toleration that would', () => {
		const [finding] = unschedulable.check(untolerated([taintedNode]));
		expect(finding!.title).toBe('the pod cannot be scheduled: the nodes carry taints it does not tolerate (dedicated=batch:NoSchedule)');
		expect(finding!.evidence).toContain('node podscope-node spec.taints: dedicated=batch:NoSchedule (not tolerated)');
		expect(finding!.fix).toContain('{key: dedicated, operator: Equal, value: batch, effect: NoSchedule}');
		expect(finding!.fix).toContain('kubectl taint node podscope-node dedicated=batch:NoSchedule-');
	});

	it('tells a cordoned node, by spec.unschedulable or by its taint', () => {
		const [first] = unschedulable.check(cordoned([cordonedNode]));
		expect(first!.title).toBe('the pod cannot be scheduled: the node is cordoned (spec.unschedulable)');
		expect(first!.fix).toContain('kubectl uncordon podscope-node');
		const later = cordoned([cordonedNode]);
		later.pod.status!.conditions![0]!.message =
			'0/1 nodes are available: 1 node(s) had untolerated taint(s). no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';
		const [second] = unschedulable.check({...later, events: []});
		expect(second!.title).toBe('the pod cannot be scheduled: the node is cordoned (taint node.kubernetes.io/unschedulable)');
	});

	it('stays quiet for a scheduled pod and for a gated one (its own rule)', () => {
		// A copy: the fixture's pod is shared with other files (the unit tier shares workers).
		const pending = unschedulablePod([node]);
		const scheduled = {...pending, pod: {...pending.pod, spec: {...pending.pod.spec, nodeName: 'podscope-node'}}};
		expect(unschedulable.check(scheduled)).toEqual([]);
		expect(unschedulable.check(schedulingGated)).toEqual([]);
	});
});
