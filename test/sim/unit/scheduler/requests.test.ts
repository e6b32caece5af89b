import {describe, expect, it} from 'vitest';
import type {Container, Pod} from '../../../../source/model/k8s.js';
import {nodeFlagError, schedulerValue} from '../../../../source/sim/scheduler/quantity.js';
import {podRequests} from '../../../../source/sim/scheduler/requests.js';

// The request arithmetic of k8s.io/component-helpers resource/helpers.go PodRequests, with the
// cases of its own tests: sidecars run beside everything after them, init containers one at a time.

const container = (name: string, requests: Record<string, string>, restartPolicy?: string): Container => ({
	name,
	image: 'busybox',
	resources: {requests},
	...(restartPolicy ? {restartPolicy} : {}),
});

const pod = (spec: Partial<Pod['spec']>): Pod => ({metadata: {name: 'p'}, spec: {containers: [], ...spec}});

describe('schedulerValue', () => {
	it.each([
		['cpu', '100m', 100n],
		['cpu', '2', 2000n],
		['cpu', '0.5', 500n],
		['cpu', '1.0005', 1001n],
		['memory', '512Gi', 512n * 1024n ** 3n],
		['memory', '1.5Ki', 1536n],
		['memory', '1M', 1_000_000n],
		['memory', '1e3', 1000n],
		['memory', '100m', 1n],
		['pods', '110', 110n],
		['memory', 'lots', 0n],
	])('%s %s is %s', (resource, text, value) => {
		expect(schedulerValue(resource, text)).toBe(value);
	});
});

describe('podRequests', () => {
	it('adds the regular containers', () => {
		const requests = podRequests(pod({containers: [container('a', {cpu: '100m', memory: '64Mi'}), container('b', {cpu: '50m'})]}));
		expect(requests).toEqual({cpu: 150n, memory: 64n * 2n ** 20n});
	});

	it('takes the larger of the containers and the largest init container', () => {
		const requests = podRequests(
			pod({
				initContainers: [container('init-1', {cpu: '1', memory: '1G'}), container('init-2', {cpu: '2', memory: '3G'})],
				containers: [container('c1', {cpu: '2', memory: '1G'}), container('c2', {cpu: '1', memory: '1G'})],
			}),
		);
		expect(requests).toEqual({cpu: 3000n, memory: 3_000_000_000n});
	});

	it('runs each init container beside the sidecars started before it, and the sidecars beside the containers', () => {
		// The real node's init-big: a 15Gi sidecar, then a 10Gi init container, then a 1Gi app: 25Gi.
		const gi = 2n ** 30n;
		const requests = podRequests(
			pod({
				initContainers: [container('sidecar', {memory: '15Gi'}, 'Always'), container('init', {memory: '10Gi'})],
				containers: [container('app', {memory: '1Gi'})],
			}),
		);
		expect(requests.memory).toBe(25n * gi);
		// An init container before the sidecar does not run beside it.
		const before = podRequests(
			pod({
				initContainers: [container('init', {memory: '10Gi'}), container('sidecar', {memory: '15Gi'}, 'Always')],
				containers: [container('app', {memory: '1Gi'})],
			}),
		);
		expect(before.memory).toBe(16n * gi);
	});

	it('lets pod-level requests replace the containers’ cpu and memory, and adds the overhead', () => {
		const requests = podRequests(
			pod({
				resources: {requests: {cpu: '1', memory: '1Gi'}},
				overhead: {cpu: '250m', memory: '120Mi'},
				containers: [container('a', {cpu: '100m', memory: '64Mi', 'example.com/gpu': '1'})],
			}),
		);
		expect(requests).toEqual({cpu: 1250n, memory: 2n ** 30n + 120n * 2n ** 20n, 'example.com/gpu': 1n});
	});
});

describe('nodeFlagError', () => {
	it('accepts quantities and a whole pod count, and names the flag it refuses', () => {
		expect(nodeFlagError('4', '16Gi', 250)).toBeUndefined();
		expect(nodeFlagError('500m', '8029584Ki', 0)).toBeUndefined();
		expect(nodeFlagError('four', '16Gi', 110)).toBe('--node-cpu must be a quantity such as 4, 500m, 16Gi; got "four"');
		expect(nodeFlagError('4', '-1Gi', 110)).toBe('--node-memory must be a quantity such as 4, 500m, 16Gi; got "-1Gi"');
		expect(nodeFlagError('4', '16Gi', 1.5)).toBe('--node-max-pods must be a whole number, got 1.5');
	});
});
