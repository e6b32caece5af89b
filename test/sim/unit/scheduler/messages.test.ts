import {describe, expect, it} from 'vitest';
import type {Pod} from '../../../../source/model/k8s.js';
import type {Node} from '../../../../source/sim/cluster.js';
import {nodeInfo, runFilters} from '../../../../source/sim/scheduler/filters.js';
import {fitErrorMessage, truncateMessage} from '../../../../source/sim/scheduler/messages.js';
import {postFilterMessage, preempt} from '../../../../source/sim/scheduler/preemption.js';

// FitError.Error() (pkg/scheduler/framework/types.go) and the PostFilter part, checked against
// what a real 1.35.4 node wrote (/work/reference/real-node/scheduling-fixes.txt).

const node: Node = {apiVersion: 'v1', kind: 'Node', metadata: {name: 'node-1'}, spec: {}, status: {allocatable: {cpu: '2', memory: '4Gi', pods: '110'}}};

let serial = 0;
const pod = (requests: Record<string, string>, extra: Partial<Pod['spec']> = {}): Pod => ({
	metadata: {name: `p${++serial}`, uid: `uid-${serial}`, creationTimestamp: `2026-01-01T00:00:${String(serial).padStart(2, '0')}Z`},
	spec: {nodeName: 'node-1', containers: [{name: 'app', image: 'busybox', resources: {requests}}], ...extra},
});

/** The whole FailedScheduling text for a pod on the node with these pods. */
function failedScheduling(incoming: Pod, running: Pod[]): string {
	const info = nodeInfo(node, running);
	const status = runFilters(incoming, info);
	if (!status) throw new Error('the pod fits');
	return fitErrorMessage({numAllNodes: 1, nodeReasons: [status.reasons], postFilterMsg: postFilterMessage(preempt(incoming, info, status))});
}

describe('fitErrorMessage', () => {
	it('counts each reason over the nodes and sorts them bytewise, as sort.Strings does', () => {
		expect(fitErrorMessage({numAllNodes: 12, nodeReasons: [['Insufficient memory'], ['Too many pods', 'Insufficient memory']], absentReasons: ['x']})).toBe(
			'0/12 nodes are available: 1 Too many pods, 10 x, 2 Insufficient memory.',
		);
		expect(fitErrorMessage({numAllNodes: 1, preFilterMsg: 'pod affinity terms conflict', nodeReasons: [], postFilterMsg: 'not found'})).toBe(
			'0/1 nodes are available: pod affinity terms conflict. not found',
		);
	});

	it('cuts a note past 1024 characters as truncateMessage does', () => {
		const long = 'x'.repeat(2000);
		expect(truncateMessage(long)).toHaveLength(1024);
		expect(truncateMessage(long).endsWith('x ...')).toBe(true);
		expect(truncateMessage('short')).toBe('short');
	});
});

describe('the FailedScheduling text', () => {
	it('says preemption cannot help when the node could never hold the pod', () => {
		expect(failedScheduling(pod({memory: '512Gi', cpu: '100m'}), [])).toBe(
			'0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
		);
		expect(failedScheduling(pod({memory: '5Gi', cpu: '3'}), [])).toBe(
			'0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
		);
	});

	it('says no victims when only pods of the same priority hold what it needs', () => {
		expect(failedScheduling(pod({memory: '3Gi'}), [pod({memory: '3Gi'})])).toBe(
			'0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
		);
	});

	it('says a pod that may not preempt is not eligible', () => {
		expect(failedScheduling(pod({memory: '3Gi'}, {preemptionPolicy: 'Never', priority: 10}), [pod({memory: '3Gi'})])).toBe(
			'0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: not eligible due to preemptionPolicy=Never.',
		);
	});

	it('gives the filters’ reasons when even the lower-priority pods gone would not make room', () => {
		const incoming = pod({memory: '3Gi'}, {priority: 10});
		expect(failedScheduling(incoming, [pod({memory: '2Gi'}), pod({memory: '2Gi'}, {priority: 10})])).toBe(
			'0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 Insufficient memory.',
		);
	});
});

describe('preempt', () => {
	it('picks the fewest lower-priority victims, reprieving the most important first', () => {
		const older = pod({memory: '1Gi'});
		const newer = pod({memory: '1Gi'});
		const low = pod({memory: '1Gi'}, {priority: -5});
		const incoming = pod({memory: '2Gi'}, {priority: 10});
		const info = nodeInfo(node, [older, newer, low]);
		const result = preempt(incoming, info, runFilters(incoming, info)!);
		// 3Gi used of 4Gi: one of them must go; the least important one does.
		expect(result.victims?.map(victim => victim.metadata.name)).toEqual([low.metadata.name]);
		expect(postFilterMessage(result)).toBe('');
	});
});
