import {describe, expect, it} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {inAttachOrder} from '../../../source/model/port-forward/pod-order.js';

// The pod kubectl port-forward TYPE/NAME picks: the first in Reverse(ActivePods) order.

const pod = (name: string, extra: {node?: string; phase?: string; ready?: string; deleting?: string; restarts?: number; created?: string}): Pod => ({
	metadata: {name, creationTimestamp: extra.created ?? '2024-01-01T00:00:00Z', ...(extra.deleting ? {deletionTimestamp: extra.deleting} : {})},
	spec: {containers: [{name: 'c', image: 'i'}], nodeName: extra.node ?? 'node-1'},
	status: {
		phase: extra.phase ?? 'Running',
		conditions: extra.ready ? [{type: 'Ready', status: 'True', lastTransitionTime: extra.ready}] : [],
		containerStatuses: [{name: 'c', image: 'i', imageID: '', ready: Boolean(extra.ready), restartCount: extra.restarts ?? 0, state: {}}],
	},
});

const first = (...pods: Pod[]) => inAttachOrder(pods)[0]!.metadata.name;

describe('inAttachOrder', () => {
	it('assigned over unassigned, Running over Pending, ready over not ready, not deleting over deleting', () => {
		expect(first(pod('a', {node: ''}), pod('b', {}))).toBe('b');
		expect(first(pod('a', {phase: 'Pending'}), pod('b', {}))).toBe('b');
		expect(first(pod('a', {}), pod('b', {ready: '2024-01-01T00:01:00Z'}))).toBe('b');
		expect(first(pod('a', {deleting: '2024-01-01T00:05:00Z'}), pod('b', {}))).toBe('b');
	});

	it('ready for longer, fewer restarts, then older first', () => {
		expect(first(pod('a', {ready: '2024-01-01T00:09:00Z'}), pod('b', {ready: '2024-01-01T00:01:00Z'}))).toBe('b');
		expect(first(pod('a', {restarts: 3}), pod('b', {restarts: 1}))).toBe('b');
		expect(first(pod('a', {created: '2024-01-02T00:00:00Z'}), pod('b', {created: '2024-01-01T00:00:00Z'}))).toBe('b');
	});
});
