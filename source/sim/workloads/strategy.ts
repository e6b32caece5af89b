import {randomUUID} from 'node:crypto';
import {canonical} from '../patch.js';
import {badRequest, invalid} from '../routes/respond.js';
import {applyWorkloadDefaults} from './defaults.js';
import {randomString} from './hash.js';
import type {Workload, WorkloadKind} from './types.js';
import {workloadErrors} from './validation.js';

// The registry strategies of the workloads (pkg/registry/apps/*/strategy.go,
// pkg/registry/batch/job/strategy.go): what create and update keep, reset and count.

const groupOf = (kind: WorkloadKind) => (kind === 'Job' ? 'batch' : 'apps');

/** The job strategy's generateSelector: the template labelled with the job's name and uid, selected by the uid. */
function generateJobSelector(job: Workload): Workload {
	if (job.spec.manualSelector) return job;
	const {name, uid} = job.metadata;
	const labels = {...(job.spec.template.metadata?.labels ?? {})};
	for (const key of ['job-name', 'batch.kubernetes.io/job-name']) labels[key] ??= name;
	for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) labels[key] ??= uid!;
	const matchLabels = {...(job.spec.selector?.matchLabels ?? {})};
	matchLabels['batch.kubernetes.io/controller-uid'] ??= uid!;
	return {
		...job,
		spec: {
			...job.spec,
			selector: {...(job.spec.selector ?? {}), matchLabels},
			template: {...job.spec.template, metadata: {...job.spec.template.metadata!, labels}},
		},
	};
}

const templateGeneration = 'deprecated.daemonset.template.generation';

/**
 * What kube-apiserver adds as it stores and reads a workload: a Job without labels shows its
 * template's (pkg/apis/batch/v1/defaults.go SetDefaults_Job, applied again on every read, so
 * after generateSelector labelled the template); a DaemonSet carries its templateGeneration as
 * an annotation (pkg/apis/apps/v1/conversion.go), 1 on create, one more per template change.
 */
function storedForm(object: Workload, current?: Workload): Workload {
	if (object.kind === 'Job') {
		const labels = object.spec?.template?.metadata?.labels;
		if (labels && Object.keys(object.metadata.labels ?? {}).length === 0) return {...object, metadata: {...object.metadata, labels: {...labels}}};
	}
	if (object.kind === 'DaemonSet') {
		const previous = Number(current?.metadata.annotations?.[templateGeneration] ?? 0);
		const changed = !current || canonical(object.spec?.template) !== canonical(current.spec?.template);
		const generation = String(Math.max(1, changed ? previous + 1 : previous));
		return {...object, metadata: {...object.metadata, annotations: {...object.metadata.annotations, [templateGeneration]: generation}}};
	}
	return object;
}

/** A create: decoded with defaults, named, validated, its status cleared, generation 1. */
export function prepareCreate(body: Workload, kind: WorkloadKind, namespace: string, now: string): Workload {
	if (!body || typeof body !== 'object') throw badRequest("Object 'Kind' is missing in 'null'");
	const apiVersion = `${groupOf(kind)}/v1`;
	if ((body.kind !== undefined && body.kind !== kind) || (body.apiVersion !== undefined && body.apiVersion !== apiVersion)) {
		throw badRequest(`the API version in the data (${body.apiVersion ?? ''}) does not match the expected API version (${apiVersion})`);
	}
	const metadata = body.metadata ?? {name: ''};
	if (metadata.namespace && metadata.namespace !== namespace)
		throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
	const name = metadata.name || (metadata.generateName ? `${metadata.generateName}${randomString(5)}` : '');
	let object = applyWorkloadDefaults({
		...body,
		apiVersion,
		kind,
		metadata: {...metadata, name, namespace, uid: randomUUID(), creationTimestamp: now, generation: 1},
		spec: body.spec,
	});
	if (kind === 'Job' && object.spec?.template) object = generateJobSelector(object);
	object = storedForm(object);
	const errors = workloadErrors(object);
	if (errors.length > 0) throw invalid(kind, name, errors, groupOf(kind));
	const {resourceVersion: _rv, deletionTimestamp: _dt, deletionGracePeriodSeconds: _grace, ...clean} = object.metadata;
	return {...object, metadata: clean, status: {}};
}

/**
 * An update of the object (status kept) or of its status (all else kept). A changed spec is
 * a new generation; the update's validation includes the immutable selector.
 */
export function prepareUpdate(current: Workload, next: Workload, statusOnly: boolean): Workload {
	if (statusOnly) return {...current, status: next.status ?? {}};
	const merged = applyWorkloadDefaults({...next, apiVersion: current.apiVersion, kind: current.kind, status: current.status});
	const errors = workloadErrors(merged, current);
	if (errors.length > 0) throw invalid(current.kind, current.metadata.name, errors, groupOf(current.kind));
	const generation = current.metadata.generation ?? 1;
	merged.metadata = {...merged.metadata, generation: canonical(merged.spec) === canonical(current.spec) ? generation : generation + 1};
	return storedForm(merged, current);
}
