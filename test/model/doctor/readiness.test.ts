import {describe, expect, it} from 'vitest';
import {readinessFailing} from '../../../source/model/doctor/readiness.js';
import {readinessFailing as readinessPod, readinessGate} from '../../fixtures/real-node/probes.js';

describe('readiness-failing', () => {
	it('names the probe, its last failure, since when, and what it costs', () => {
		const [finding] = readinessFailing.check(readinessPod);
		expect(finding).toMatchObject({id: 'readiness-failing', severity: 'error', container: 'web'});
		expect(finding!.title).toBe(
			'web is running but not ready: its readiness probe has failed 24 times over 45s (HTTP probe failed with statuscode: 404); the pod gets no Service traffic',
		);
		expect(finding!.evidence).toEqual([
			'spec.containers{web}.readinessProbe: httpGet :8080/healthz, every 2s, failureThreshold 3',
			'status.containerStatuses{web}.ready: false',
			'event Warning Unhealthy ×24: Readiness probe failed: HTTP probe failed with statuscode: 404',
			'status.conditions{Ready}: False, ContainersNotReady for 46s',
		]);
		expect(finding!.fix).toContain('/healthz does not exist on :8080 (404): point spec.containers{web}.readinessProbe.httpGet.path');
	});

	it('advises by the failure: connection refused, timeout', () => {
		const refused = structuredClone(readinessPod);
		refused.events[1]!.message = 'Readiness probe failed: Get "http://10.42.0.5:8080/healthz": dial tcp 10.42.0.5:8080: connect: connection refused';
		expect(readinessFailing.check(refused)[0]!.fix).toContain('Nothing listens on :8080');
		const slow = structuredClone(readinessPod);
		slow.events[1]!.message =
			'Readiness probe failed: Get "http://10.42.0.5:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)';
		expect(readinessFailing.check(slow)[0]!.fix).toContain('raise spec.containers{web}.readinessProbe.timeoutSeconds');
	});

	it('waits for failureThreshold failures over failureThreshold periods: a probe failing once at start-up is not a failure', () => {
		const blip = structuredClone(readinessPod);
		Object.assign(blip.events[1]!, {count: 1, firstTimestamp: '2026-12-05T12:51:37Z', lastTimestamp: '2026-12-05T12:51:37Z'});
		expect(readinessFailing.check(blip)).toEqual([]);
		Object.assign(blip.events[1]!, {count: 3, lastTimestamp: '2026-12-05T12:51:41Z'});
		expect(readinessFailing.check(blip)).toHaveLength(1);
		const previousRun = structuredClone(blip);
		previousRun.pod.status!.containerStatuses![0]!.state = {running: {startedAt: '2026-12-05T12:52:00Z'}};
		expect(readinessFailing.check(previousRun)).toEqual([]);
	});

	it('stays quiet once ready, and without a failure to show', () => {
		const ready = structuredClone(readinessPod);
		ready.pod.status!.containerStatuses![0]!.ready = true;
		expect(readinessFailing.check(ready)).toEqual([]);
		expect(readinessFailing.check({...readinessPod, events: []})).toEqual([]);
	});

	it('names a readiness gate whose condition nobody sets', () => {
		const [finding] = readinessFailing.check(readinessGate);
		expect(finding).toMatchObject({id: 'readiness-gate', severity: 'warning'});
		expect(finding!.title).toBe('the pod is not Ready for 20s: readiness gate podscope.dev/load-balancer-ready is not True, so Services send it no traffic');
		expect(finding!.evidence).toContain(
			'status.conditions{Ready}: False, ReadinessGatesNotReady: corresponding condition of pod readiness gate "podscope.dev/load-balancer-ready" does not exist.',
		);
	});
});
