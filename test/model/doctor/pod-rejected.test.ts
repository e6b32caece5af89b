import {describe, expect, it} from 'vitest';
import {diagnose} from '../../../source/model/doctor/index.js';
import {podRejected} from '../../../source/model/doctor/pod-rejected.js';
import {nodeLost, unexpectedAdmission} from '../../fixtures/real-node/lifecycle.js';

describe('pod-rejected', () => {
	it('NodeLost: the node, since when, and why the deleted pod stays (kubectl: Unknown)', () => {
		const [finding] = podRejected.check(nodeLost);
		expect(finding).toMatchObject({id: 'node-lost', severity: 'error'});
		expect(finding!.title).toBe(
			"node worker-2 stopped responding 20m ago: the pod's state is unknown, and it cannot finish terminating (kubectl shows Unknown)",
		);
		expect(finding!.evidence).toContain('status.message: Node worker-2 which was running pod web-7d9f8-lost is unresponsive');
		expect(finding!.fix).toContain('kubectl delete node worker-2');
		expect(diagnose(nodeLost)[0]!.id).toBe('node-lost');
	});

	it('UnexpectedAdmissionError: the device the plugin could not give, and that the pod is never retried', () => {
		const [finding] = podRejected.check(unexpectedAdmission);
		expect(finding).toMatchObject({id: 'pod-rejected', severity: 'error'});
		expect(finding!.title).toBe('the kubelet on worker-2 rejected the pod (UnexpectedAdmissionError): no free nvidia.com/gpu (requested 1, available 0)');
		expect(finding!.evidence).toContain('spec.containers{trainer}.resources.limits.nvidia.com/gpu: 1');
		expect(finding!.fix).toContain('A rejected pod is Failed and never retried');
	});

	it('other admission rejections, with their message', () => {
		const input = structuredClone(unexpectedAdmission);
		input.pod.status!.reason = 'OutOfmemory';
		input.pod.status!.message = "Pod was rejected: Node didn't have enough resource: memory, requested: 2147483648, used: 24000000000, capacity: 25170300928";
		expect(podRejected.check(input)[0]!.title).toBe(
			"the kubelet on worker-2 rejected the pod (OutOfmemory): Pod was rejected: Node didn't have enough resource: memory, requested: 2147483648, used: 24000000000, capacity: 25170300928",
		);
	});

	it('stays quiet for a running pod and an evicted one', () => {
		const running = structuredClone(nodeLost);
		delete running.pod.status!.reason;
		expect(podRejected.check(running)).toEqual([]);
		const evicted = structuredClone(unexpectedAdmission);
		evicted.pod.status!.reason = 'Evicted';
		expect(podRejected.check(evicted)).toEqual([]);
	});
});
