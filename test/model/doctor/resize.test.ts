import {describe, expect, it} from 'vitest';
import {resizePending} from '../../../source/model/doctor/resize.js';
import {resizeDeferred, resizeInfeasible} from '../../fixtures/real-node/lifecycle.js';

describe('resize', () => {
	it('Infeasible: the kubelet message, and what the container runs with meanwhile', () => {
		const [finding] = resizePending.check(resizeInfeasible);
		expect(finding).toMatchObject({severity: 'warning'});
		expect(finding!.title).toBe(
			"the resize cannot be done on this node (Infeasible): Node didn't have enough capacity: memory, requested: 68719476736 (64Gi), capacity: 25170300928 (23.4Gi)",
		);
		expect(finding!.evidence).toContain('spec.containers{web}.resources.requests.memory: 64Gi (running with 128Mi, status.containerStatuses{web}.resources)');
	});

	it('Deferred: waiting for room, since when', () => {
		const [finding] = resizePending.check(resizeDeferred);
		expect(finding!.title).toMatch(/^the resize waits for room on the node \(Deferred for 60s\): Node didn't have enough resource: memory/);
		expect(finding!.fix).toContain('as soon as the node has room');
	});

	it('an error while applying, and a resize in progress', () => {
		const failing = structuredClone(resizeDeferred);
		failing.pod.status!.conditions = [{type: 'PodResizeInProgress', status: 'True', reason: 'Error', message: 'failed to update container resources'}];
		expect(resizePending.check(failing).map(finding => [finding.severity, finding.title])).toEqual([
			['warning', 'applying the resize failed: failed to update container resources'],
		]);
		failing.pod.status!.conditions = [{type: 'PodResizeInProgress', status: 'True'}];
		expect(resizePending.check(failing).map(finding => finding.severity)).toEqual(['info']);
		failing.pod.status!.conditions = [];
		expect(resizePending.check(failing)).toEqual([]);
	});
});
