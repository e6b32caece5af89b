import {describe, expect, test} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {deletesOnUpdate, kubeletGrace, newFinalizersError, planDelete} from '../../../source/sim/deletion.js';

// The API's delete of a pod, case by case as BeforeDelete, CheckGracefulDelete and the generic
// store decide it (pkg/registry/rest/delete.go, pkg/registry/core/pod/strategy.go,
// pkg/registry/generic/registry/store.go).

const now = Date.parse('2026-01-01T00:00:00Z');
const at = (seconds: number) => new Date(now + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pod(changes: {meta?: Partial<Pod['metadata']>; spec?: Partial<Pod['spec']>; phase?: string} = {}): Pod {
	return {
		metadata: {name: 'p', namespace: 'default', uid: 'u1', generation: 1, ...changes.meta},
		spec: {nodeName: 'node-1', terminationGracePeriodSeconds: 30, containers: [{name: 'app', image: 'busybox'}], ...changes.spec},
		status: {phase: changes.phase ?? 'Running'},
	};
}

describe('planDelete', () => {
	test('a running pod is marked with its grace period and a new generation, and stays', () => {
		const plan = planDelete(pod(), undefined, now);
		expect(plan.kind).toBe('update');
		expect(plan.pod.metadata).toMatchObject({deletionTimestamp: at(30), deletionGracePeriodSeconds: 30, generation: 2});
		expect(plan.kind === 'update' && plan.grace).toBe(30);
	});

	test('grace 0, an unscheduled pod and a finished pod go at once', () => {
		expect(planDelete(pod(), 0, now)).toMatchObject({kind: 'delete', pod: {metadata: {deletionGracePeriodSeconds: 0, deletionTimestamp: at(0)}}});
		expect(planDelete(pod({spec: {nodeName: undefined}}), undefined, now).kind).toBe('delete');
		expect(planDelete(pod({phase: 'Succeeded'}), 10, now).kind).toBe('delete');
		expect(planDelete(pod({phase: 'Failed'}), undefined, now).kind).toBe('delete');
	});

	test('a negative grace period is one second', () => {
		expect(planDelete(pod(), -5, now).pod.metadata.deletionGracePeriodSeconds).toBe(1);
	});

	test('finalizers keep a pod deleted with grace 0, marked deleting now', () => {
		const plan = planDelete(pod({meta: {finalizers: ['example.com/hold']}}), 0, now);
		expect(plan.kind).toBe('update');
		expect(plan.pod.metadata).toMatchObject({deletionTimestamp: at(0), deletionGracePeriodSeconds: 0});
		// The kubelet still gets a second (calculateEffectiveGracePeriod).
		expect(plan.kind === 'update' && plan.grace).toBe(1);
	});

	test('a second delete without a shorter grace period changes nothing', () => {
		const deleting = pod({meta: {deletionTimestamp: at(30), deletionGracePeriodSeconds: 30}});
		expect(planDelete(deleting, undefined, now)).toEqual({kind: 'pending', pod: deleting});
		expect(planDelete(deleting, 30, now).kind).toBe('pending');
		expect(planDelete(deleting, 45, now).kind).toBe('pending');
	});

	test('a shorter grace period moves the deletion timestamp back, never into the past', () => {
		// Deleted 10 s ago with 30 s of grace: 5 s more means 5 s after the first request.
		const deleting = pod({meta: {deletionTimestamp: at(20), deletionGracePeriodSeconds: 30, generation: 2}});
		expect(planDelete(deleting, 15, now).pod.metadata).toMatchObject({deletionTimestamp: at(5), deletionGracePeriodSeconds: 15, generation: 2});
		// A period already over is one second, from now.
		expect(planDelete(deleting, 5, now).pod.metadata).toMatchObject({deletionTimestamp: at(0), deletionGracePeriodSeconds: 1});
		// --force --grace-period=0 on a terminating pod deletes it.
		expect(planDelete(deleting, 0, now).kind).toBe('delete');
	});

	test("the kubelet's final delete (grace 0) removes a pod, or marks it with no grace left while finalizers remain", () => {
		const deleting = pod({meta: {deletionTimestamp: at(20), deletionGracePeriodSeconds: 30, finalizers: ['example.com/hold']}});
		const plan = planDelete(deleting, 0, now);
		expect(plan.kind).toBe('update');
		expect(plan.pod.metadata).toMatchObject({deletionTimestamp: at(0), deletionGracePeriodSeconds: 0});
		// And again: nothing changes.
		expect(planDelete(plan.pod, 0, now + 5000)).toMatchObject({kind: 'update', pod: {metadata: {deletionTimestamp: at(0), deletionGracePeriodSeconds: 0}}});
		expect(planDelete({...plan.pod, metadata: {...plan.pod.metadata, finalizers: []}}, 0, now).kind).toBe('delete');
	});
});

describe('updates of a pod being deleted', () => {
	const held = pod({meta: {deletionTimestamp: at(0), deletionGracePeriodSeconds: 0, finalizers: ['example.com/hold']}});
	const without = {...held, metadata: {...held.metadata, finalizers: undefined}};

	test('removing the last finalizer deletes a pod with no grace left (ShouldDeleteDuringUpdate)', () => {
		expect(deletesOnUpdate(held, without)).toBe(true);
		expect(deletesOnUpdate(held, held)).toBe(false);
		// Still in its grace period: the kubelet's own delete will remove it.
		const graceful = {...held, metadata: {...held.metadata, deletionGracePeriodSeconds: 30}};
		expect(deletesOnUpdate(graceful, without)).toBe(false);
		expect(deletesOnUpdate(pod(), pod())).toBe(false);
	});

	test('no new finalizers on a pod being deleted', () => {
		const added = {...held, metadata: {...held.metadata, finalizers: ['example.com/hold', 'b.example.com/x', 'a.example.com/y']}};
		expect(newFinalizersError(held, added)).toBe(
			'no new finalizers can be added if the object is being deleted, found new finalizers []string{"a.example.com/y", "b.example.com/x"}',
		);
		expect(newFinalizersError(held, without)).toBeUndefined();
		expect(newFinalizersError(pod(), added)).toBeUndefined();
	});

	test('the kubelet kills with at least a second', () => {
		expect(kubeletGrace(held)).toBe(1);
		expect(kubeletGrace({...held, metadata: {...held.metadata, deletionGracePeriodSeconds: 7}})).toBe(7);
	});
});
