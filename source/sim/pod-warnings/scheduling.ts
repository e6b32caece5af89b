import type {PodAffinity, PodSpec} from '../../model/k8s.js';
import {nodeLabelDeprecation, nodeSelectorTermWarnings} from './node-labels.js';

// The scheduling constraints kubernetes pkg/api/pod/warnings.go (v1.35.4) checks: deprecated
// node labels in nodeSelector, node affinity and topology spread keys (checked first), and
// null label selectors, which match no pod, in topology spread and pod (anti-)affinity terms
// (checked near the end: the two groups are separate so the caller keeps Go's order).

/** Deprecated node labels, and a topology spread constraint's null labelSelector. */
export function nodeLabelWarnings(spec: PodSpec): string[] {
	const warnings: string[] = [];
	// Go ranges over the map in random order; the sim keeps the document's.
	for (const key of Object.keys(spec.nodeSelector ?? {})) {
		const message = nodeLabelDeprecation(key);
		if (message) warnings.push(`spec.nodeSelector[${key}]: ${message}`);
	}
	const nodeAffinity = spec.affinity?.nodeAffinity;
	if (nodeAffinity != null) {
		const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
		const requiredPath = 'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
		for (const [index, term] of (required?.nodeSelectorTerms ?? []).entries()) {
			warnings.push(...nodeSelectorTermWarnings(term, false, `${requiredPath}[${index}]`));
		}
		const preferredPath = 'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution';
		for (const [index, term] of (nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).entries()) {
			warnings.push(...nodeSelectorTermWarnings(term?.preference, true, `${preferredPath}[${index}].preference`));
		}
	}
	for (const [index, constraint] of (spec.topologySpreadConstraints ?? []).entries()) {
		const path = `spec.topologySpreadConstraints[${index}]`;
		const message = nodeLabelDeprecation(constraint?.topologyKey ?? '');
		if (message) warnings.push(`${path}.topologyKey: ${constraint.topologyKey} is ${message}`);
		if (constraint?.labelSelector == null) warnings.push(`${path}.labelSelector: a null labelSelector results in matching no pod`);
	}
	return warnings;
}

function affinityTermWarnings(affinity: PodAffinity, path: string): string[] {
	const warnings: string[] = [];
	const required = `${path}.requiredDuringSchedulingIgnoredDuringExecution`;
	for (const [index, term] of (affinity.requiredDuringSchedulingIgnoredDuringExecution ?? []).entries()) {
		if (term?.labelSelector == null) warnings.push(`${required}[${index}].labelSelector: a null labelSelector results in matching no pod`);
	}
	const preferred = `${path}.preferredDuringSchedulingIgnoredDuringExecution`;
	for (const [index, term] of (affinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).entries()) {
		if (term?.podAffinityTerm?.labelSelector == null) {
			warnings.push(`${preferred}[${index}].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod`);
		}
	}
	return warnings;
}

/** warningsForPodAffinityTerms and warningsForWeightedPodAffinityTerms, affinity then anti-affinity. */
export function podAffinityWarnings(spec: PodSpec): string[] {
	const {podAffinity, podAntiAffinity} = spec.affinity ?? {};
	return [
		...(podAffinity != null ? affinityTermWarnings(podAffinity, 'spec.affinity.podAffinity') : []),
		...(podAntiAffinity != null ? affinityTermWarnings(podAntiAffinity, 'spec.affinity.podAntiAffinity') : []),
	];
}
