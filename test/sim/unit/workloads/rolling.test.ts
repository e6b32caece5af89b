import {describe, expect, test} from 'vitest';
import {
	availableCount,
	deploymentComplete,
	maxSurge,
	maxUnavailable,
	newRSNewReplicas,
	oldReplicaSetTargets,
	proportionalSizes,
	replicaCount,
	resolveFenceposts,
} from '../../../../source/sim/workloads/rolling.js';
import type {Workload} from '../../../../source/sim/workloads/types.js';

const deployment = (replicas: number, surge: number | string = '25%', unavailable: number | string = '25%'): Workload => ({
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: {name: 'web', generation: 1},
	spec: {replicas, strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: surge, maxUnavailable: unavailable}}, template: {spec: {containers: []}}},
});

let created = 0;
const replicaSet = (name: string, replicas: number, available = replicas): Workload => ({
	apiVersion: 'apps/v1',
	kind: 'ReplicaSet',
	metadata: {name, creationTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, created++)).toISOString()},
	spec: {replicas, template: {spec: {containers: []}}},
	status: {replicas, availableReplicas: available},
});

describe('rolling update arithmetic', () => {
	test('fenceposts: surge rounds up, unavailable down, never both zero', () => {
		expect(resolveFenceposts('25%', '25%', 3)).toEqual([1, 0]);
		expect(resolveFenceposts('25%', '25%', 10)).toEqual([3, 2]);
		expect(resolveFenceposts(0, 0, 3)).toEqual([0, 1]);
		expect(resolveFenceposts(2, '50%', 5)).toEqual([2, 2]);
		expect(maxUnavailable(deployment(3, 0, 5))).toBe(3);
		expect(maxSurge(deployment(3))).toBe(1);
	});

	test('a new ReplicaSet grows to replicas + maxSurge in all', () => {
		const d = deployment(3);
		const next = replicaSet('web-new', 0);
		expect(newRSNewReplicas(d, [next], next)).toBe(3);
		expect(newRSNewReplicas(d, [replicaSet('web-old', 3), next], next)).toBe(1);
		expect(newRSNewReplicas(d, [replicaSet('web-old', 4), next], next)).toBe(0);
	});

	test('a rollout of 3 replicas, 25%/25%, steps within surge and availability until complete', () => {
		const d = deployment(3);
		let old = replicaSet('web-old', 3);
		let next = replicaSet('web-new', 0);
		const steps: Array<[number, number]> = [];
		for (let step = 0; step < 10 && !(old.spec.replicas === 0 && next.spec.replicas === 3); step++) {
			next = {...next, spec: {...next.spec, replicas: newRSNewReplicas(d, [old, next], next)}};
			// The kubelet makes the new pods available before the next pass.
			next = {...next, status: {replicas: next.spec.replicas, availableReplicas: next.spec.replicas}};
			expect(replicaCount([old, next])).toBeLessThanOrEqual(3 + maxSurge(d));
			const target = oldReplicaSetTargets(d, [old], next).get(old);
			if (target !== undefined) old = {...old, spec: {...old.spec, replicas: target}, status: {replicas: target, availableReplicas: target}};
			expect(availableCount([old, next])).toBeGreaterThanOrEqual(3 - maxUnavailable(d));
			steps.push([old.spec.replicas!, next.spec.replicas!]);
		}
		expect(steps).toEqual([
			[2, 1],
			[1, 2],
			[0, 3],
		]);
	});

	test('old pods go only as far as availability allows: unavailable new pods hold them back', () => {
		const d = deployment(3);
		const old = replicaSet('web-old', 3);
		const next = replicaSet('web-new', 1, 0);
		expect(oldReplicaSetTargets(d, [old], next).size).toBe(0);
		// With room for one unavailable pod, an unhealthy old pod goes first (cleanupUnhealthyReplicas).
		const sick = replicaSet('web-sick', 3, 1);
		expect(oldReplicaSetTargets(deployment(3, 1, 1), [sick], replicaSet('web-new2', 1, 0)).get(sick)).toBe(2);
	});

	test('complete: every replica updated and available, the newest generation observed', () => {
		const d = deployment(3);
		expect(deploymentComplete(d, {replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1})).toBe(true);
		expect(deploymentComplete(d, {replicas: 4, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1})).toBe(false);
		expect(
			deploymentComplete({...d, metadata: {...d.metadata, generation: 2}}, {replicas: 3, updatedReplicas: 3, availableReplicas: 3, observedGeneration: 1}),
		).toBe(false);
	});

	test('a scale in the middle of a rollout is shared by size (the documented 10 → 15 example)', () => {
		const d = deployment(15, 3, 2);
		const annotate = (rs: Workload) => ({...rs, metadata: {...rs.metadata, annotations: {'deployment.kubernetes.io/max-replicas': '13'}}});
		const old = annotate(replicaSet('web-old', 8));
		const next = annotate(replicaSet('web-new', 5));
		const sizes = proportionalSizes(d, [next, old]);
		expect([sizes.get(old), sizes.get(next)]).toEqual([11, 7]);
		// Scaling down to 5 (8 with surge): the larger, older ReplicaSet takes the rounding.
		const down = proportionalSizes(deployment(5, 3, 2), [next, old]);
		expect(down.get(old)! + down.get(next)!).toBe(8);
		expect([down.get(old), down.get(next)]).toEqual([5, 3]);
	});
});
