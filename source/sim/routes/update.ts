import type {ServerResponse} from 'node:http';
import type {ObjectMeta, Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import {metadataErrors} from '../pod-defaults.js';
import {applyJsonPatch, canonical, isObject, type Json, mergePatch, parsePatch, strategicMerge, toJson, unsupportedPatch} from '../patch.js';
import type {RequestContext} from '../server.js';
import type {Resource} from './collection.js';
import {checkConfigFields, configKinds, createConfig, prepareConfigUpdate} from './config-objects.js';
import {deletesOnUpdate} from '../deletion.js';
import {checkFinalizers, prepareStatusUpdate} from './pod-status-update.js';
import {checkPodSpec, createPod} from './pods.js';
import type {Stored} from './resources.js';
import {badRequest, conflict, decode, type FieldError, invalid, negotiate, notFound, readBody, readObject, requestMediaType, sendBody} from './respond.js';
import {addWarnings} from './warnings.js';
import {decodePodFields, isDryRun} from './write-options.js';

// Update and patch: PUT of a whole object, PATCH in each patch type (JSON, merge, strategic
// merge, server-side apply), and the update path both end in.

/**
 * The update path shared by PUT and PATCH: preconditions, immutable metadata, what each
 * strategy lets a client change, validation, and no write when nothing changed.
 */
function update(
	cluster: Cluster,
	resource: Resource<Stored>,
	plural: string,
	current: Stored,
	next: Stored,
	dryRun: boolean,
	status: boolean,
	response: ServerResponse,
): Stored {
	const name = current.metadata.name;
	const kind = resource.kind;
	if (!next || typeof next !== 'object' || Array.isArray(next)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(next)}'`);
	const metadata = (next.metadata ?? {}) as ObjectMeta;
	if (metadata.namespace !== undefined && metadata.namespace !== '' && metadata.namespace !== current.metadata.namespace) {
		throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
	}
	if (metadata.name !== undefined && metadata.name !== name) {
		throw badRequest(`the name of the object (${metadata.name}) does not match the name on the URL (${name})`);
	}
	if (metadata.resourceVersion && metadata.resourceVersion !== current.metadata.resourceVersion) {
		throw conflict(plural, name, 'the object has been modified; please apply your changes to the latest version and try again');
	}
	if (metadata.uid && metadata.uid !== current.metadata.uid) {
		throw conflict(plural, name, `Precondition failed: UID in precondition: ${metadata.uid}, UID in object meta: ${current.metadata.uid}`);
	}
	const errors = metadataErrors(metadata) as FieldError[];
	if (errors.length > 0) throw invalid(kind, name, errors);

	// What only the system sets survives any update.
	let merged: Stored = {
		...next,
		apiVersion: current.apiVersion,
		kind: current.kind,
		metadata: {
			...metadata,
			name,
			namespace: current.metadata.namespace,
			uid: current.metadata.uid,
			creationTimestamp: current.metadata.creationTimestamp,
			resourceVersion: current.metadata.resourceVersion,
			...(current.metadata.deletionTimestamp
				? {deletionTimestamp: current.metadata.deletionTimestamp, deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds}
				: {}),
			...(current.metadata.generation !== undefined ? {generation: current.metadata.generation} : {}),
		},
	};
	for (const key of Object.keys(merged.metadata) as Array<keyof ObjectMeta>) {
		if (merged.metadata[key] === undefined) delete merged.metadata[key];
	}
	if (plural === 'pods' && status) {
		// WarningsOnUpdate runs once the update validated, whether or not it changes anything.
		addWarnings(response, prepareStatusUpdate(current as unknown as Pod, merged as unknown as Pod));
	} else if (plural === 'pods') {
		merged.status = current.status;
		checkPodSpec(current as unknown as Pod, merged as unknown as Pod);
		// updatePodGeneration (pkg/registry/core/pod/strategy.go, 1.35): a changed spec is a new generation.
		if (canonical(merged.spec) !== canonical(current.spec)) merged.metadata.generation = (current.metadata.generation ?? 0) + 1;
	} else if (plural === 'namespaces') {
		merged.spec = current.spec;
		merged.status = current.status;
	} else if (plural === 'nodes') {
		merged.status = current.status;
	} else if (configKinds[plural]) {
		merged = prepareConfigUpdate(configKinds[plural], current, merged);
	}
	if (plural === 'pods') checkFinalizers(current as unknown as Pod, merged as unknown as Pod);
	if (canonical(merged) === canonical(current)) return current;
	if (dryRun) return merged;
	// The last finalizer gone from a pod whose deletion has no grace left: the store deletes it.
	if (plural === 'pods' && deletesOnUpdate(current as unknown as Pod, merged as unknown as Pod)) {
		cluster.removePod(current as unknown as Pod);
		return merged;
	}
	const updated = resource.store.update(merged);
	if (plural === 'pods') {
		const worker = cluster.worker(updated as unknown as Pod);
		worker?.adopt(updated as unknown as Pod);
		// The kubelet syncs a pod whose spec changed and reports the generation it saw; a status
		// written by someone else is reconciled with what the kubelet owns (statusWritten).
		if (updated.metadata.generation !== current.metadata.generation) worker?.resync();
		else if (status) worker?.statusWritten();
	}
	return updated;
}

/** PUT: the whole object, named as on the URL. */
export async function replace(
	cluster: Cluster,
	resource: Resource<Stored>,
	plural: string,
	name: string,
	current: Stored,
	context: RequestContext,
	subresource?: string,
): Promise<void> {
	const {request, response, url} = context;
	const query = url.searchParams;
	let body = await readObject<Stored>(request);
	if (plural === 'pods' && body && typeof body === 'object') body = decodePodFields(body, query, response, true);
	if (configKinds[plural] && body && typeof body === 'object')
		body = checkConfigFields(configKinds[plural], body as never, query, response) as unknown as Stored;
	if (body.metadata?.name !== undefined && body.metadata.name !== name) {
		throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
	}
	const updated = update(
		cluster,
		resource,
		plural,
		current,
		{...body, metadata: {...body.metadata, name}},
		isDryRun(query),
		subresource === 'status',
		response,
	);
	sendBody(response, 200, updated, negotiate(request.headers.accept, {table: false, partial: false}).format);
}

export async function patch(
	cluster: Cluster,
	resource: Resource<Stored>,
	plural: string,
	namespace: string | undefined,
	name: string,
	current: Stored | undefined,
	context: RequestContext,
	subresource?: string,
): Promise<void> {
	const {request, response, url} = context;
	const query = url.searchParams;
	const type = requestMediaType(request);
	const text = await readBody(request);
	const dryRun = isDryRun(query);
	const accept = negotiate(request.headers.accept, {table: false, partial: false}).format;
	let next: Json;
	switch (type) {
		case 'application/merge-patch+json':
			if (!current) throw notFound(plural, name);
			next = mergePatch(toJson(current), parsePatch(text));
			break;
		case 'application/strategic-merge-patch+json':
			if (!current) throw notFound(plural, name);
			next = strategicMerge(toJson(current), parsePatch(text), '');
			break;
		case 'application/json-patch+json':
			if (!current) throw notFound(plural, name);
			next = applyJsonPatch(toJson(current), parsePatch(text));
			break;
		case 'application/apply-patch+yaml':
		case 'application/apply-patch+cbor': {
			if (type !== 'application/apply-patch+yaml') throw unsupportedPatch();
			if (!query.get('fieldManager')) {
				throw invalid('PatchOptions', '', [{field: 'fieldManager', type: 'Required', detail: 'is required for apply patch'}], 'meta.k8s.io');
			}
			const applied = decode<Json>(text, 'yaml');
			if (!isObject(applied)) throw badRequest("Object 'Kind' is missing in applied configuration");
			if (!current) {
				// Server-side apply creates what does not exist yet (not through a subresource).
				if ((plural !== 'pods' && !configKinds[plural]) || !namespace || subresource) throw notFound(plural, name);
				context.authorize({verb: 'create', resource: plural, namespace});
				const body = {...applied, metadata: {...(isObject(applied.metadata) ? applied.metadata : {}), name}} as unknown as Pod;
				if (plural === 'pods') createPod(cluster, body, namespace, query, response);
				else createConfig(cluster, configKinds[plural]!, body as never, namespace, query, response);
				return;
			}
			next = strategicMerge(toJson(current), applied, '');
			break;
		}
		default:
			throw unsupportedPatch();
	}
	if (plural === 'pods') next = decodePodFields(next, query, response, false);
	const updated = update(cluster, resource, plural, current!, next as unknown as Stored, dryRun, subresource === 'status', context.response);
	sendBody(response, 200, updated, accept);
}
