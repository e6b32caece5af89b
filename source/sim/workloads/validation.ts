import type {Pod} from '../../model/k8s.js';
import {metadataErrors, podErrors, subdomain, subdomainMessage} from '../pod-defaults.js';
import type {FieldError} from '../routes/respond.js';
import {selectorMatches} from './label-selector.js';
import type {Workload} from './types.js';

// The main checks of ValidateDeployment, ValidateReplicaSet, ValidateStatefulSet,
// ValidateDaemonSet (pkg/apis/apps/validation/validation.go) and ValidateJob
// (pkg/apis/batch/validation/validation.go), with their field paths and texts.

const emptySelectorKinds: Record<string, string> = {Deployment: 'deployment', DaemonSet: 'daemonset', StatefulSet: 'statefulset'};

function selectorErrors(object: Workload): FieldError[] {
	const {spec} = object;
	const selector = spec.selector;
	// A Job's selector is generated unless manualSelector says otherwise (the job strategy).
	if (object.kind === 'Job' && !spec.manualSelector) return [];
	if (!selector) return [{field: 'spec.selector', type: 'Required'}];
	const errors: FieldError[] = [];
	const empty = Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
	const kind = emptySelectorKinds[object.kind];
	if (empty && kind) errors.push({field: 'spec.selector', type: 'Invalid', value: selector, detail: `empty selector is invalid for ${kind}`});
	if (!empty && !selectorMatches(selector, spec.template?.metadata?.labels)) {
		errors.push({
			field: 'spec.template.metadata.labels',
			type: 'Invalid',
			value: spec.template?.metadata?.labels ?? null,
			detail: '`selector` does not match template `labels`',
		});
	}
	return errors;
}

function templateErrors(object: Workload): FieldError[] {
	const template = object.spec.template;
	if (!template) return [{field: 'spec.template', type: 'Required'}];
	const pod = {metadata: {...(template.metadata ?? {}), name: 'template'}, spec: template.spec} as Pod;
	const errors = podErrors(pod)
		.filter(error => error.field !== 'metadata.name')
		.map(error => ({...error, field: `spec.template.${error.field}`}) as FieldError);
	const policy = template.spec?.restartPolicy;
	if (object.kind === 'Job') {
		if (policy === 'Always' || !policy)
			errors.push({field: 'spec.template.spec.restartPolicy', type: 'Required', detail: 'valid values: "OnFailure", "Never"'});
	} else if (policy !== 'Always') {
		errors.push({field: 'spec.template.spec.restartPolicy', type: 'NotSupported', value: policy, detail: 'supported values: "Always"'});
	}
	return errors;
}

const nonNegative = (field: string, value: number | undefined): FieldError[] =>
	value !== undefined && value < 0 ? [{field, type: 'Invalid', value, detail: 'must be greater than or equal to 0'}] : [];

/** Validation on create; `current` is the stored object on update. */
export function workloadErrors(object: Workload, current?: Workload): FieldError[] {
	const errors: FieldError[] = [];
	const name = object.metadata.name;
	if (!name && !object.metadata.generateName) errors.push({field: 'metadata.name', type: 'Required', detail: 'name or generateName is required'});
	else if (name && (name.length > 253 || !subdomain.test(name))) errors.push({field: 'metadata.name', type: 'Invalid', value: name, detail: subdomainMessage});
	errors.push(...(metadataErrors(object.metadata) as FieldError[]));
	if (!object.spec || typeof object.spec !== 'object') return [...errors, {field: 'spec.template', type: 'Required'}];
	errors.push(...nonNegative('spec.replicas', object.spec.replicas));
	errors.push(...nonNegative('spec.minReadySeconds', object.spec.minReadySeconds));
	errors.push(...nonNegative('spec.backoffLimit', object.spec.backoffLimit));
	errors.push(...nonNegative('spec.parallelism', object.spec.parallelism));
	errors.push(...nonNegative('spec.completions', object.spec.completions));
	errors.push(...selectorErrors(object));
	errors.push(...templateErrors(object));
	if (current && JSON.stringify(current.spec.selector) !== JSON.stringify(object.spec.selector)) {
		errors.push({field: 'spec.selector', type: 'Invalid', value: object.spec.selector ?? null, detail: 'field is immutable'});
	}
	return errors;
}
