import {configError} from './config-error.js';
import {crashLoop} from './crash-loop.js';
import {evicted} from './evicted.js';
import {genericNames} from './generic-names.js';
import {imagePull} from './image-pull.js';
import {initBlocking} from './init-blocking.js';
import {livenessRestarts} from './liveness.js';
import {mountFailure} from './mount-failure.js';
import {oomKilled} from './oom-killed.js';
import {podRejected} from './pod-rejected.js';
import {portConflict} from './port-conflict.js';
import {missingProbes} from './probes.js';
import {readinessFailing} from './readiness.js';
import {resizePending} from './resize.js';
import {missingResources} from './resources.js';
import {schedulingGates} from './scheduling-gates.js';
import {unsharedVolume} from './shared-volume.js';
import {sidecarCrash} from './sidecar-crash.js';
import {regularSidecarDependency} from './sidecar-ordering.js';
import {startupProbe} from './startup-probe.js';
import {stuckTerminating} from './terminating.js';
import {unschedulable} from './unschedulable.js';
import type {DoctorInput, Finding, Rule, Severity} from './types.js';

export type {DoctorInput, Finding, Rule, Severity} from './types.js';

// The pod doctor: every rule over the pod, the specific diagnoses first, then the hygiene.
// What happened to the pod as a whole comes first (it explains every container: evicted,
// rejected, node lost, deleted, not scheduled), then what stops a container from starting,
// then what fails once it runs.

export const rules: Rule[] = [
	evicted,
	podRejected,
	stuckTerminating,
	schedulingGates,
	unschedulable,
	mountFailure,
	initBlocking,
	sidecarCrash,
	startupProbe,
	imagePull,
	configError,
	portConflict,
	regularSidecarDependency,
	oomKilled,
	livenessRestarts,
	readinessFailing,
	resizePending,
	crashLoop,
	unsharedVolume,
	missingProbes,
	missingResources,
	genericNames,
];

/** Errors before warnings before notes: the doctor's order, and the namespace report's. */
export const severityRank: Record<Severity, number> = {error: 0, warning: 1, info: 2};

export function diagnose(input: DoctorInput, ruleSet: Rule[] = rules): Finding[] {
	const specific: Finding[] = [];
	const generic: Finding[] = [];
	for (const rule of ruleSet) (rule.generic ? generic : specific).push(...rule.check(input));
	// A generic crash-loop finding adds nothing once a specific error explains that container.
	const explained = new Set(specific.filter(finding => finding.severity === 'error' && finding.container).map(finding => finding.container));
	const findings = [...specific, ...generic.filter(finding => !finding.container || !explained.has(finding.container))];
	return findings
		.map((finding, order) => ({finding, order}))
		.sort((a, b) => severityRank[a.finding.severity] - severityRank[b.finding.severity] || a.order - b.order)
		.map(entry => entry.finding);
}

/** 0 when nothing is above info, 1 otherwise: usable as a CI gate. */
export const doctorExitCode = (findings: Finding[]) => (findings.some(finding => finding.severity !== 'info') ? 1 : 0);

export function severityCounts(findings: Finding[]): Record<Severity, number> {
	const counts: Record<Severity, number> = {error: 0, warning: 0, info: 0};
	for (const finding of findings) counts[finding.severity]++;
	return counts;
}
