import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import {planDelete} from '../deletion.js';
import {statusTime} from '../kubelet/pod-worker.js';
import {canonical} from '../patch.js';
import {applyPodDefaults, generatedName, podErrors} from '../pod-defaults.js';
import {appArmorVersionSkew} from '../pod-warnings/app-armor.js';
import {podCreateWarnings} from '../pod-warnings/on-create.js';
import {schedulingGateCreateErrors, schedulingGateErrors, withoutGateFields} from './pod-gates.js';
import {ApiError, badRequest, conflict, decode, type FieldError, invalid, notFound, readBody, requestMediaType, sendJson} from './respond.js';
import {addWarnings} from './warnings.js';
import {decodePodFields, isDryRun} from './write-options.js';

// What is particular to Pods among the writes: create (with NamespaceLifecycle admission and
// the kubelet taking the new pod), graceful delete with preconditions, and the few spec
// fields an update may change.

export function createPod(cluster: Cluster, raw: Pod, namespace: string, query: URLSearchParams, response: ServerResponse): Pod {
	if (!raw || typeof raw !== 'object') throw badRequest("Object 'Kind' is missing in 'null'");
	const body = decodePodFields(raw, query, response, true);
	if (body.kind !== undefined && body.kind !== 'Pod') {
		throw badRequest(`the API version in the data (${body.apiVersion ?? ''}) does not match the expected API version (v1)`);
	}
	if (body.metadata?.namespace && body.metadata.namespace !== namespace) {
		throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
	}
	const dryRun = isDryRun(query);
	// NamespaceLifecycle admission runs after authorization.
	const home = cluster.namespaces.get(undefined, namespace);
	if (!home) throw notFound('namespaces', namespace);
	if (home.metadata.deletionTimestamp) {
		throw new ApiError(
			403,
			'Forbidden',
			`pods "${body.metadata?.name ?? ''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
			{
				name: body.metadata?.name,
				kind: 'pods',
				causes: [{reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace'}],
			},
		);
	}
	// The store's BeforeCreate: PrepareForCreate (AppArmor annotations become fields, with a
	// warning), validation, then the strategy's warnings, all before the write that may find
	// the name taken; the warnings go out with whatever the answer is.
	const {pod: input, warnings: prepared} = appArmorVersionSkew({...body, metadata: {...body.metadata, namespace}} as Pod);
	addWarnings(response, prepared);
	const errors = [...(podErrors(input) as FieldError[]), ...schedulingGateCreateErrors(input)];
	if (errors.length > 0) throw invalid('Pod', input.metadata.name ?? '', errors);
	// The name is generated before BeforeCreate, so the hostname warning reads the real one.
	if (!input.metadata.name && input.metadata.generateName) input.metadata = {...input.metadata, name: generatedName(input.metadata.generateName)};
	addWarnings(response, podCreateWarnings(input));
	if (input.metadata.name && cluster.pods.get(namespace, input.metadata.name)) {
		throw new ApiError(409, 'AlreadyExists', `pods "${input.metadata.name}" already exists`, {name: input.metadata.name, kind: 'pods'});
	}
	const {status: _status, ...withoutStatus} = input;
	let created: Pod;
	if (dryRun) {
		created = applyPodDefaults(withoutStatus as Pod, namespace, statusTime(cluster.clock.now()));
	} else {
		try {
			created = cluster.createPod(withoutStatus as Pod, {}, namespace);
		} catch (error) {
			const message = (error as Error).message;
			if (message.includes('already exists')) throw new ApiError(409, 'AlreadyExists', message, {name: input.metadata.name, kind: 'pods'});
			throw new ApiError(422, 'Invalid', `Pod "${input.metadata.name ?? ''}" is invalid: ${message}`, {name: input.metadata.name, kind: 'Pod'});
		}
	}
	sendJson(response, 201, created);
	return created;
}

export async function deletePod(cluster: Cluster, pod: Pod, request: IncomingMessage, response: ServerResponse, query: URLSearchParams): Promise<void> {
	const text = await readBody(request);
	type DeleteOptions = {gracePeriodSeconds?: number | null; preconditions?: {uid?: string; resourceVersion?: string}; dryRun?: string[]};
	const options: DeleteOptions = text.trim() ? (decode<DeleteOptions>(text, requestMediaType(request) === 'application/yaml' ? 'yaml' : 'json') ?? {}) : {};
	const name = pod.metadata.name;
	const {uid, resourceVersion} = options.preconditions ?? {};
	if (uid && uid !== pod.metadata.uid) {
		throw conflict('pods', name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`);
	}
	if (resourceVersion && resourceVersion !== pod.metadata.resourceVersion) {
		throw conflict(
			'pods',
			name,
			`Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion}`,
		);
	}
	const graceQuery = query.get('gracePeriodSeconds');
	let grace = graceQuery !== null && graceQuery !== '' ? Number(graceQuery) : (options.gracePeriodSeconds ?? undefined);
	if (grace !== undefined && !Number.isInteger(grace)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(graceQuery)}: invalid syntax`);
	// CheckGracefulDelete: a negative grace period means one second.
	if (grace !== undefined && grace < 0) grace = 1;
	const dryRun = isDryRun(query) || (options.dryRun ?? []).includes('All');
	let result: Pod | undefined;
	if (dryRun) {
		result = planDelete(pod, grace, cluster.clock.now()).pod;
	} else {
		result = cluster.deletePod(pod.metadata.namespace!, name, grace);
	}
	if (!result) throw notFound('pods', name);
	sendJson(response, 200, result);
}

/** ValidatePodUpdate: only images, activeDeadlineSeconds and added tolerations may change. */
export function checkPodSpec(current: Pod, next: Pod): void {
	const loose = (spec: Pod['spec'] | undefined) => {
		if (!spec) return spec;
		const copy = JSON.parse(JSON.stringify(spec)) as Record<string, unknown> & Pod['spec'];
		for (const container of [...(copy.containers ?? []), ...(copy.initContainers ?? [])]) container.image = '';
		delete copy.activeDeadlineSeconds;
		delete copy.tolerations;
		withoutGateFields(current, copy);
		return copy;
	};
	const sameTolerations = () => {
		const before = current.spec.tolerations ?? [];
		const after = (next.spec?.tolerations ?? []).map(canonical);
		return before.every(toleration => after.includes(canonical(toleration)));
	};
	const imagesSet = [...(next.spec?.containers ?? []), ...(next.spec?.initContainers ?? [])].every(container => container.image);
	const errors = schedulingGateErrors(current, next);
	if (canonical(loose(current.spec)) !== canonical(loose(next.spec)) || !sameTolerations() || !imagesSet) {
		errors.push({
			field: 'spec',
			type: 'Forbidden',
			detail:
				'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
		});
	}
	if (errors.length > 0) throw invalid('Pod', current.metadata.name, errors);
}
