import {describe, expect, it} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {inLoggingOrder} from '../../../source/model/logs/pod-order.js';

// kubectl logs TYPE/NAME reads the first pod of podutils.ByLogging: each rule in turn.

type Shape = {name: string; node?: string; phase?: string; readySince?: string; restarts?: number; sidecarRestarts?: number; created?: string};

function pod(shape: Shape): Pod {
	return {
		metadata: {name: shape.name, namespace: 'default', creationTimestamp: shape.created},
		spec: {
			nodeName: shape.node ?? 'node-1',
			initContainers: [{name: 'side', image: 'x', restartPolicy: 'Always'}],
			containers: [{name: 'app', image: 'x'}],
		},
		status: {
			phase: shape.phase ?? 'Running',
			conditions: shape.readySince ? [{type: 'Ready', status: 'True', lastTransitionTime: shape.readySince}] : [{type: 'Ready', status: 'False'}],
			containerStatuses: [{name: 'app', restartCount: shape.restarts ?? 0, ready: false, image: 'x', imageID: ''}],
			initContainerStatuses: [{name: 'side', restartCount: shape.sidecarRestarts ?? 0, ready: false, image: 'x', imageID: ''}],
		},
	} as Pod;
}

const order = (...shapes: Shape[]) => inLoggingOrder(shapes.map(pod)).map(p => p.metadata.name);

describe('inLoggingOrder', () => {
	it('assigned before unassigned', () => {
		expect(order({name: 'a', node: ''}, {name: 'b'})).toEqual(['b', 'a']);
	});
	it('Running, then Unknown, then Pending', () => {
		expect(order({name: 'p', phase: 'Pending'}, {name: 'u', phase: 'Unknown'}, {name: 'r', phase: 'Running'})).toEqual(['r', 'u', 'p']);
	});
	it('ready before not ready', () => {
		expect(order({name: 'n'}, {name: 'r', readySince: '2026-01-01T00:00:00Z'})).toEqual(['r', 'n']);
	});
	it('ready for longer first', () => {
		expect(order({name: 'new', readySince: '2026-01-02T00:00:00Z'}, {name: 'old', readySince: '2026-01-01T00:00:00Z'})).toEqual(['old', 'new']);
	});
	it('more restarts first, then more sidecar restarts', () => {
		expect(order({name: 'calm'}, {name: 'busy', restarts: 3})).toEqual(['busy', 'calm']);
		expect(order({name: 'calm'}, {name: 'side', sidecarRestarts: 2})).toEqual(['side', 'calm']);
	});
	it('older first, an empty creation time last', () => {
		expect(order({name: 'none'}, {name: 'young', created: '2026-01-02T00:00:00Z'}, {name: 'old', created: '2026-01-01T00:00:00Z'})).toEqual([
			'old',
			'young',
			'none',
		]);
	});
});
