import {describe, expect, it} from 'vitest';
import {diagnose, doctorExitCode} from '../../../source/model/doctor/index.js';
import {missingProbes} from '../../../source/model/doctor/probes.js';
import {missingResources} from '../../../source/model/doctor/resources.js';
import {podLevelResources, succeededJob} from '../../fixtures/real-node/lifecycle.js';

// Pods that are fine must stay clean: the doctor is a CI gate (exit 1 above info).

describe('healthy pods', () => {
	it('pod-level spec.resources count as requests and limits for every container', () => {
		expect(missingResources.check(podLevelResources)).toEqual([]);
		expect(diagnose(podLevelResources)).toEqual([]);
		const bare = structuredClone(podLevelResources);
		delete bare.pod.spec.resources;
		expect(missingResources.check(bare).map(finding => finding.title)).toEqual([
			'web-server has no resource requests or limits',
			'log-shipper has no resource requests or limits',
		]);
		const noMemoryLimit = structuredClone(podLevelResources);
		noMemoryLimit.pod.spec.resources = {requests: {cpu: '500m', memory: '256Mi'}, limits: {cpu: '500m'}};
		expect(missingResources.check(noMemoryLimit).map(finding => finding.severity)).toEqual(['info', 'info']);
	});

	it('a finished Job pod is healthy: no probe advice for a pod that runs to completion', () => {
		expect(diagnose(succeededJob)).toEqual([]);
		expect(doctorExitCode(diagnose(succeededJob))).toBe(0);
		const running = structuredClone(succeededJob);
		running.pod.status!.phase = 'Running';
		expect(missingProbes.check(running)).toEqual([]);
		running.pod.spec.restartPolicy = 'Always';
		expect(missingProbes.check(running).map(finding => finding.container)).toEqual(['report']);
	});
});
