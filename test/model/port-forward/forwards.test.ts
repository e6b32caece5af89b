import {describe, expect, it} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {forwardTarget, portChoices, portOfChoice} from '../../../source/model/port-forward/forwards.js';
import {bare, owned} from '../../fixtures/owned.js';
import {sidecarRunning} from '../../fixtures/pods.js';

// Which pod a TUI forward goes to as pods come and go, and what the port picker offers.

const web = (name: string, extra: Partial<Pod['metadata']> = {}, phase = 'Running'): Pod => {
	const pod = owned(sidecarRunning, name, 'ReplicaSet', 'web-7d4b9c8f6', '7d4b9c8f6');
	return {...pod, metadata: {...pod.metadata, ...extra}, status: {...pod.status, phase}};
};

describe('forwardTarget', () => {
	const row = {pod: 'web-7d4b9c8f6-a1b2c', owner: 'deploy/web'};

	it('keeps its pod while it runs', () => {
		expect(forwardTarget(row, [web('web-7d4b9c8f6-zzzzz'), web('web-7d4b9c8f6-a1b2c')])?.metadata.name).toBe('web-7d4b9c8f6-a1b2c');
	});

	it("moves to a running pod of the same workload when its pod is gone or deleting, never another workload's", () => {
		const other = owned(sidecarRunning, 'api-5c4d3-qqqqq', 'ReplicaSet', 'api-5c4d3', '5c4d3');
		expect(forwardTarget(row, [other, web('web-7d4b9c8f6-x2k9p')])?.metadata.name).toBe('web-7d4b9c8f6-x2k9p');
		expect(forwardTarget(row, [web('web-7d4b9c8f6-a1b2c', {deletionTimestamp: '2024-08-24T02:00:00Z'}), web('web-7d4b9c8f6-x2k9p')])?.metadata.name).toBe(
			'web-7d4b9c8f6-x2k9p',
		);
		expect(forwardTarget(row, [other, web('web-7d4b9c8f6-p0p0p', {}, 'Pending')])).toBeUndefined();
	});

	it('waits for the same name when the pod had no workload', () => {
		expect(forwardTarget({pod: 'lonely', owner: '-'}, [bare(sidecarRunning, 'other')])).toBeUndefined();
		expect(forwardTarget({pod: 'lonely', owner: '-'}, [bare(sidecarRunning, 'lonely')])?.metadata.name).toBe('lonely');
	});
});

describe('the picker', () => {
	it('lists TCP ports (protocol defaults to TCP) and reads the number back', () => {
		const pod: Pod = {
			...sidecarRunning,
			spec: {...sidecarRunning.spec, containers: [{name: 'api', image: 'x', ports: [{containerPort: 80}, {containerPort: 53, protocol: 'UDP'}]}]},
		};
		expect(portChoices(pod)).toEqual([{port: 80, container: 'api', name: undefined, protocol: 'TCP'}]);
		expect(portOfChoice('8080 http (api)')).toBe(8080);
		expect(portOfChoice('http')).toBeUndefined();
	});
});
