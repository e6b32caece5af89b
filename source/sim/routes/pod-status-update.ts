import type {Pod, PodCondition} from '../../model/k8s.js';
import {newFinalizersError} from '../deletion.js';
import {keyErrors, subdomain, subdomainMessage} from '../pod-defaults.js';
import {completeContainerStatuses, convertPodIPs, ipErrors, stateTransitionErrors, statusIPWarnings} from '../pod-status-validation.js';
import {type FieldError, invalid} from './respond.js';

// Writes through pods/status: the pod status strategy's PrepareForUpdate and
// ValidatePodStatusUpdate (pkg/registry/core/pod/strategy.go, pkg/apis/core/validation/
// validation.go). The spec stays as stored; metadata may change as on the pod itself (labels,
// annotations, finalizers), but not its owner references; the status is the client's.

/** The conditions the kubelet alone sets: their types are not validated as qualified names. */
const systemConditions = new Set(['PodScheduled', 'Ready', 'Initialized']);

/**
 * Mutates `next` (the merged object of update.ts) as PrepareForUpdate does, then validates it.
 * Returns the warnings of WarningsOnUpdate.
 */
export function prepareStatusUpdate(current: Pod, next: Pod): string[] {
	next.spec = current.spec;
	if (current.metadata.ownerReferences) next.metadata.ownerReferences = current.metadata.ownerReferences;
	else delete next.metadata.ownerReferences;
	next.status ??= {};
	const status = next.status;
	// The QoS class is set at creation: an old kubelet that dropped it gets it back.
	if (!status.qosClass && current.status?.qosClass) status.qosClass = current.status.qosClass;
	preserveObservedGeneration(current, next);
	// Times a client left out are Go's zero time, which the API writes as null.
	for (const condition of status.conditions ?? []) {
		condition.type ??= '';
		condition.status ??= '' as PodCondition['status'];
		condition.lastProbeTime ??= null;
		condition.lastTransitionTime ??= null as unknown as string;
	}
	convertPodIPs(status);
	for (const statuses of [status.initContainerStatuses, status.containerStatuses, status.ephemeralContainerStatuses]) completeContainerStatuses(statuses);
	const errors = statusErrors(current, next);
	if (errors.length > 0) throw invalid('Pod', current.metadata.name, errors);
	return statusIPWarnings(status);
}

/** preserveOldObservedGeneration: a client that leaves observedGeneration out does not clear it. */
function preserveObservedGeneration(current: Pod, next: Pod): void {
	const status = next.status!;
	if (!status.observedGeneration && current.status?.observedGeneration) status.observedGeneration = current.status.observedGeneration;
	const old = new Map<string, number[]>();
	for (const condition of current.status?.conditions ?? []) old.set(condition.type, [...(old.get(condition.type) ?? []), condition.observedGeneration ?? 0]);
	for (const condition of status.conditions ?? []) {
		const generations = old.get(condition.type) ?? [];
		const previous = generations.shift() ?? 0;
		if (!condition.observedGeneration && previous) condition.observedGeneration = previous;
	}
}

function statusErrors(current: Pod, next: Pod): FieldError[] {
	const errors: FieldError[] = [];
	const status = next.status!;
	for (const [index, condition] of (status.conditions ?? []).entries()) {
		const field = `status.conditions[${index}]`;
		if ((condition.observedGeneration ?? 0) < 0) {
			errors.push({field: `${field}.observedGeneration`, type: 'Invalid', value: condition.observedGeneration, detail: 'must be a non-negative integer'});
		}
		if (systemConditions.has(condition.type)) continue;
		// validatePodConditions names the field `Type`, capitalised.
		errors.push(...(keyErrors(condition.type ?? '', `${field}.Type`) as FieldError[]));
	}
	const nominated = status.nominatedNodeName ?? '';
	if (nominated && nominated !== (current.status?.nominatedNodeName ?? '')) {
		if (nominated.length > 253)
			errors.push({field: 'status.nominatedNodeName', type: 'Invalid', value: nominated, detail: 'must be no more than 253 characters'});
		if (!subdomain.test(nominated)) errors.push({field: 'status.nominatedNodeName', type: 'Invalid', value: nominated, detail: subdomainMessage});
	}
	if ((status.observedGeneration ?? 0) < 0) {
		errors.push({field: 'status.observedGeneration', type: 'Invalid', value: status.observedGeneration, detail: 'must be a non-negative integer'});
	}
	if ((status.qosClass ?? '') !== (current.status?.qosClass ?? '')) {
		errors.push({field: 'status.qosClass', type: 'Invalid', value: status.qosClass ?? '', detail: 'field is immutable'});
	}
	const old = current.status ?? {};
	errors.push(
		...stateTransitionErrors('status.containerStatuses', status.containerStatuses, old.containerStatuses, current.spec.containers, current),
		...stateTransitionErrors(
			'status.initContainerStatuses',
			status.initContainerStatuses,
			old.initContainerStatuses,
			current.spec.initContainers ?? [],
			current,
		),
		// An ephemeral container never restarts: no spec to look up.
		...stateTransitionErrors('status.ephemeralContainerStatuses', status.ephemeralContainerStatuses, old.ephemeralContainerStatuses, [], current),
		...ipErrors(status, old),
	);
	return errors;
}

/** ValidateObjectMetaUpdate: a pod being deleted takes no new finalizers. */
export function checkFinalizers(current: Pod, next: Pod): void {
	const forbidden = newFinalizersError(current, next);
	if (forbidden) throw invalid('Pod', current.metadata.name, [{field: 'metadata.finalizers', type: 'Forbidden', detail: forbidden}]);
}
