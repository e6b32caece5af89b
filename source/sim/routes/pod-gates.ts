import type {Pod} from '../../model/k8s.js';
import {keyErrors} from '../pod-defaults.js';
import type {FieldError} from './respond.js';

// What ValidatePodUpdate (pkg/apis/core/validation/validation.go, v1.35.4) lets an update do
// to a pod's scheduling gates: remove them, never add one; and, while the pod is still gated,
// add to its nodeSelector (no change or removal of what is there).

const gated = (pod: Pod) => (pod.spec?.schedulingGates ?? []).length > 0;

/** On create: validateSchedulingGates (qualified names, no duplicates), and no node while gated (ValidatePodCreate). */
export function schedulingGateCreateErrors(pod: Pod): FieldError[] {
	const errors: FieldError[] = [];
	const seen = new Set<string>();
	for (const [index, gate] of (pod.spec?.schedulingGates ?? []).entries()) {
		const field = `spec.schedulingGates[${index}]`;
		const name = gate?.name ?? '';
		errors.push(...(keyErrors(name, field) as FieldError[]));
		if (seen.has(name)) errors.push({field, type: 'Duplicate', value: name});
		seen.add(name);
	}
	if (pod.spec?.nodeName && gated(pod)) {
		errors.push({field: 'spec.nodeName', type: 'Forbidden', detail: 'cannot be set until all schedulingGates have been cleared'});
	}
	return errors;
}

/** validateOnlyDeletedSchedulingGates and, for a gated pod, validateNodeSelectorMutation. */
export function schedulingGateErrors(current: Pod, next: Pod): FieldError[] {
	const errors: FieldError[] = [];
	const before = new Set((current.spec.schedulingGates ?? []).map(gate => gate.name));
	for (const [index, gate] of (next.spec?.schedulingGates ?? []).entries()) {
		if (before.has(gate?.name)) continue;
		errors.push({
			field: `spec.schedulingGates[${index}].name`,
			type: 'Forbidden',
			detail: `only deletion is allowed, but found new scheduling gate '${gate?.name}'`,
		});
	}
	if (gated(current)) {
		const selector = next.spec?.nodeSelector ?? {};
		const kept = Object.entries(current.spec.nodeSelector ?? {}).every(([key, value]) => selector[key] === value);
		if (!kept) {
			errors.push({
				field: 'spec.nodeSelector',
				type: 'Invalid',
				value: selector,
				detail: 'only additions to spec.nodeSelector are allowed (no mutations or deletions)',
			});
		}
	}
	return errors;
}

/** The fields this check owns, taken out before the rest of the spec is compared. */
export function withoutGateFields(current: Pod, spec: Record<string, unknown>): void {
	delete spec.schedulingGates;
	if (gated(current)) delete spec.nodeSelector;
}
