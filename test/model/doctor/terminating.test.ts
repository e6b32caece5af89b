import {describe, expect, it} from 'vitest';
import {stuckTerminating} from '../../../source/model/doctor/terminating.js';
import {finalizerHeld, nodeLost} from '../../fixtures/real-node/lifecycle.js';

describe('stuck-terminating', () => {
	it('names the finalizer that holds a deleted pod whose containers have stopped (kubectl: Completed)', () => {
		const [finding] = stuckTerminating.check(finalizerHeld);
		expect(finding).toMatchObject({severity: 'warning'});
		expect(finding!.title).toBe(
			'the pod was deleted 27s ago but finalizer podscope.dev/hold keeps it: its containers have stopped, the object stays until the list is empty',
		);
		expect(finding!.evidence).toEqual([
			'metadata.deletionTimestamp: 2026-12-05T12:51:57Z (deleted 27s ago, grace period 5s)',
			'metadata.finalizers[0]: podscope.dev/hold',
			'status.phase: Succeeded (every container has stopped)',
		]);
		expect(finding!.fix).toContain(`kubectl patch pod finalizer --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'`);
	});

	it('waits out the grace period of a pod still stopping', () => {
		const stopping = structuredClone(finalizerHeld);
		stopping.pod.status!.phase = 'Running';
		stopping.now = Date.parse('2026-12-05T12:51:55Z');
		expect(stuckTerminating.check(stopping)).toEqual([]);
	});

	it('without finalizers, past the grace period: the kubelet has not confirmed', () => {
		const input = structuredClone(finalizerHeld);
		input.pod.metadata.finalizers = [];
		input.pod.status!.phase = 'Running';
		input.now = Date.parse('2026-12-05T12:57:52Z');
		const [finding] = stuckTerminating.check(input);
		expect(finding!.title).toBe(
			'the pod has been Terminating for 6m, past its 5s grace period: the kubelet on podscope-node has not confirmed that its containers stopped',
		);
	});

	it('leaves NodeLost to its own rule', () => {
		expect(stuckTerminating.check(nodeLost)).toEqual([]);
	});
});
