import {describe, expect, it} from 'vitest';
import {containerRows} from '../../source/model/containers.js';
import type {Pod} from '../../source/model/k8s.js';
import {startOrder} from '../../source/model/start-order.js';
import * as f from '../fixtures/pods.js';

// The container panel's "order" line: init containers block, native sidecars do not once
// started, and a sidecar with a startupProbe holds back what follows until it passes.

const orderOf = (pod: Pod, name: string) => {
	const rows = containerRows(pod);
	return startOrder(rows, rows.find(row => row.name === name)!);
};

describe('startOrder', () => {
	it('a running init container holds back the next one and the app, which says what it waits for', () => {
		expect(orderOf(f.initPending, 'migrate')).toBe('must exit 0 before seed and api can start');
		expect(orderOf(f.initPending, 'api')).toBe('api waits for init container migrate to exit 0');
		expect(orderOf(f.initCrashLoop, 'migrate')).toBe('done: exited 0, so seed and api could start');
		expect(orderOf(f.initCrashLoop, 'api')).toBe('api waits for init container seed to exit 0');
	});

	it('a native sidecar whose startup probe has not passed holds back the app', () => {
		expect(orderOf(f.sidecarStarting, 'log-shipper')).toBe('native sidecar: api waits until its startup probe passes');
		expect(orderOf(f.sidecarStarting, 'api')).toBe("api waits for native sidecar log-shipper's startup probe to pass");
	});

	it("a started native sidecar blocks nothing and runs for the pod's life", () => {
		expect(orderOf(f.sidecarRunning, 'log-shipper')).toBe(
			"native sidecar: startup probe passed, so api could start; keeps running beside the app for the pod's life, restarted with back-off if it exits",
		);
		expect(orderOf(f.sidecarRunning, 'api')).toBeUndefined();
	});

	it('a crash-looping native sidecar without a startup probe still let the app start', () => {
		const pod = f.variant(f.sidecarRunning, p => {
			p.spec.initContainers![1] = {...p.spec.initContainers![1]!, startupProbe: undefined};
			p.status!.initContainerStatuses![1] = f.status('log-shipper', f.waiting('CrashLoopBackOff'), {restartCount: 3, lastState: f.terminated('Error', 1, 5)});
		});
		expect(orderOf(pod, 'log-shipper')).toBe(
			"native sidecar: api started once it ran; keeps running beside the app for the pod's life, restarted with back-off if it exits",
		);
		expect(orderOf(pod, 'api')).toBeUndefined();
	});
});
