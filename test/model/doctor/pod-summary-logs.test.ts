import {describe, expect, it} from 'vitest';
import {diagnose} from '../../../source/model/doctor/index.js';
import {diagnosePods, needsLogs} from '../../../source/model/doctor/pod-summary.js';
import {podLevelResources} from '../../fixtures/real-node/lifecycle.js';
import {sidecarCrashing} from '../../fixtures/real-node/probes.js';

// `podscope doctor` over many pods reads logs only for the pods whose containers have exited,
// and gives each pod the same findings as the one-pod doctor given the same logs.

describe('the doctor over many pods, with logs', () => {
	it('asks for logs only where a container has exited', () => {
		expect(needsLogs(sidecarCrashing.pod)).toBe(true);
		expect(needsLogs(podLevelResources.pod)).toBe(false);
		const failedOnce = structuredClone(podLevelResources.pod);
		const status = failedOnce.status!.containerStatuses![0]!;
		status.state = {terminated: {exitCode: 1, reason: 'Error'}};
		expect(needsLogs(failedOnce)).toBe(true);
		status.state = {terminated: {exitCode: 0, reason: 'Completed'}};
		expect(needsLogs(failedOnce)).toBe(false);
	});

	it('passes each pod its own logs, as diagnose() alone would see them', () => {
		const {pod, events, logs, now} = sidecarCrashing;
		const [withLogs] = diagnosePods([pod], events, now, undefined, item => (item === pod ? logs : undefined));
		expect(withLogs!.findings).toEqual(diagnose(sidecarCrashing));
		expect(withLogs!.worst!.evidence.join('\n')).toContain('proxy lost upstream');
		const [without] = diagnosePods([pod], events, now);
		expect(without!.worst!.evidence.join('\n')).not.toContain('proxy lost upstream');
	});
});
