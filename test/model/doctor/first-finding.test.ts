import {describe, expect, it} from 'vitest';
import {diagnose, doctorExitCode} from '../../../source/model/doctor/index.js';
import {findingLines} from '../../../source/model/doctor/text.js';
import type {DoctorInput} from '../../../source/model/doctor/types.js';
import {visibleWidth} from '../../../source/model/sanitize.js';
import * as containers from '../../fixtures/real-node/containers.js';
import * as lifecycle from '../../fixtures/real-node/lifecycle.js';
import * as probes from '../../fixtures/real-node/probes.js';
import * as scheduling from '../../fixtures/real-node/scheduling.js';

// Every failure of the real-node transcripts: the real problem is the first finding, above
// the hygiene, and the doctor exits 1.

const cases: Array<[string, DoctorInput, string, string?]> = [
	['unschedulable', scheduling.unschedulable([scheduling.node]), 'unschedulable'],
	['unschedulable, nodes forbidden', scheduling.unschedulable(), 'unschedulable'],
	['node-selector', scheduling.nodeSelector([scheduling.node]), 'unschedulable'],
	['untolerated taint', scheduling.untolerated([scheduling.taintedNode]), 'unschedulable'],
	['cordoned', scheduling.cordoned([scheduling.cordonedNode]), 'unschedulable'],
	['init-big', scheduling.initBig([scheduling.node]), 'unschedulable'],
	['scheduling-gated', scheduling.schedulingGated, 'scheduling-gates'],
	['image-pull', containers.imagePull(), 'image-pull', 'app'],
	['never-pull', containers.neverPull, 'image-pull', 'app'],
	['missing-secret', containers.missingSecret, 'config-error', 'app'],
	['missing-key', containers.missingKey, 'config-error', 'app'],
	['missing-configmap-volume', containers.missingConfigMapVolume, 'mount-failure', 'app'],
	['readiness-failing', probes.readinessFailing, 'readiness-failing', 'web'],
	['readiness-gate', probes.readinessGate, 'readiness-gate'],
	['liveness-restarts', probes.livenessRestarts, 'liveness-restarts', 'app'],
	['startup-main', probes.startupMain, 'startup-probe', 'app'],
	['sidecar-startup', probes.sidecarStartup, 'startup-probe', 'vault-agent'],
	['sidecar-crashing', probes.sidecarCrashing, 'sidecar-crash', 'proxy'],
	['finalizer', lifecycle.finalizerHeld, 'stuck-terminating'],
	['evicted-emptydir', lifecycle.evictedEmptyDir, 'evicted'],
	['evicted-ephemeral', lifecycle.evictedEphemeral, 'evicted'],
	['evicted by memory pressure', lifecycle.evictedMemory, 'evicted'],
	['NodeLost', lifecycle.nodeLost, 'node-lost'],
	['UnexpectedAdmissionError', lifecycle.unexpectedAdmission, 'pod-rejected'],
	['resize infeasible', lifecycle.resizeInfeasible, 'resize'],
	['resize deferred', lifecycle.resizeDeferred, 'resize'],
];

describe('the first finding is the real problem', () => {
	it.each(cases)('%s', (_name, input, id, container) => {
		const findings = diagnose(input);
		expect(findings[0]).toMatchObject({id, ...(container ? {container} : {})});
		expect(findings[0]!.severity).not.toBe('info');
		expect(doctorExitCode(findings)).toBe(1);
	});

	it('healthy pods stay clean', () => {
		expect(diagnose(lifecycle.succeededJob)).toEqual([]);
		expect(diagnose(lifecycle.podLevelResources)).toEqual([]);
	});
});

describe('cluster text is sanitised', () => {
	const hostile = '\x1b]0;pwned\x07\x1b[2J';
	it.each(cases)('%s renders within the width, without control characters', (_name, input) => {
		const evil = structuredClone(input);
		for (const event of evil.events) event.message = `${event.message ?? ''}${hostile}`;
		if (evil.pod.status?.message) evil.pod.status.message += hostile;
		for (const condition of evil.pod.status?.conditions ?? []) if (condition.message) condition.message += hostile;
		for (const status of [...(evil.pod.status?.containerStatuses ?? []), ...(evil.pod.status?.initContainerStatuses ?? [])])
			if (status.state?.waiting?.message) status.state.waiting.message += hostile;
		const lines = findingLines(diagnose(evil), 80, evil.pod.metadata.name);
		for (const line of lines) {
			expect(line.text).not.toMatch(/[\x00-\x1f\x7f]/);
			expect(visibleWidth(line.text)).toBeLessThanOrEqual(80);
		}
	});
});
