import type {IncomingMessage} from 'node:http';
import {applyJsonPatch, isObject, type Json, mergePatch, parsePatch, strategicMerge, toJson, unsupportedPatch} from '../patch.js';
import type {RequestContext} from '../server.js';
import type {ControllerManager} from '../workloads/controller-manager.js';
import {deleteWithPropagation, type Propagation} from '../workloads/garbage-collector.js';
import {selectorString} from '../workloads/label-selector.js';
import type {WorkloadResource} from '../workloads/resources.js';
import {readProtobufWorkload} from '../workloads/protobuf.js';
import {prepareCreate, prepareUpdate} from '../workloads/strategy.js';
import type {Workload} from '../workloads/types.js';
import {ApiError, badRequest, conflict, decode, invalid, negotiate, notFound, readBody, readObject, requestMediaType, sendBody, sendJson} from './respond.js';
import {isDryRun} from './write-options.js';

// The writes of the apps/v1 and batch/v1 resources: create, update and patch of the object and
// of its status, the scale subresource (autoscaling/v1 Scale), and delete with a propagation
// policy the garbage collector carries out.

type Target = {resource: WorkloadResource; namespace: string; name: string; subresource?: string};

const qualified = (resource: WorkloadResource) => `${resource.plural}.${resource.group}`;

export async function createWorkload(context: RequestContext, manager: ControllerManager, resource: WorkloadResource, namespace: string): Promise<void> {
	// kubectl's typed clients (create deployment, create job) send protobuf.
	const protobuf = requestMediaType(context.request) === 'application/vnd.kubernetes.protobuf';
	const body = protobuf ? await readProtobufWorkload(context.request, resource.kind) : await readObject<Workload>(context.request);
	create(context, manager, resource, namespace, body);
}

/** The create path: admission, defaults, validation, the write; 201 with the object. */
function create(context: RequestContext, manager: ControllerManager, resource: WorkloadResource, namespace: string, body: Workload): void {
	const object = prepareCreate(body, resource.kind, namespace, manager.context.stamp());
	if (resource.store.get(namespace, object.metadata.name)) {
		throw new ApiError(409, 'AlreadyExists', `${qualified(resource)} "${object.metadata.name}" already exists`, {
			name: object.metadata.name,
			group: resource.group,
			kind: resource.plural,
		});
	}
	// NamespaceLifecycle admission, as for pods.
	const home = context.cluster.namespaces.get(undefined, namespace);
	if (!home) throw notFound('namespaces', namespace);
	if (home.metadata.deletionTimestamp) {
		throw new ApiError(
			403,
			'Forbidden',
			`${qualified(resource)} "${object.metadata.name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
			{
				name: object.metadata.name,
				group: resource.group,
				kind: resource.plural,
				causes: [{reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace'}],
			},
		);
	}
	const created = isDryRun(context.url.searchParams) ? object : resource.store.create(object);
	sendJson(context.response, 201, created);
}

/** autoscaling/v1 Scale of a workload (scaleFromDeployment and friends, pkg/registry/apps/*). */
function scaleOf(object: Workload) {
	return {
		kind: 'Scale',
		apiVersion: 'autoscaling/v1',
		metadata: {
			name: object.metadata.name,
			namespace: object.metadata.namespace,
			uid: object.metadata.uid,
			resourceVersion: object.metadata.resourceVersion,
			creationTimestamp: object.metadata.creationTimestamp,
		},
		spec: {replicas: object.spec.replicas ?? 0},
		status: {replicas: object.status?.replicas ?? 0, selector: selectorString(object.spec.selector)},
	};
}

/** A patch of any type applied to a JSON document. */
async function patched(request: IncomingMessage, document: unknown): Promise<Json> {
	const type = requestMediaType(request);
	const text = await readBody(request);
	switch (type) {
		case 'application/merge-patch+json':
			return mergePatch(toJson(document), parsePatch(text));
		case 'application/strategic-merge-patch+json':
			return strategicMerge(toJson(document), parsePatch(text), '');
		case 'application/json-patch+json':
			return applyJsonPatch(toJson(document), parsePatch(text));
		case 'application/apply-patch+yaml': {
			const applied = decode<Json>(text, 'yaml');
			if (!isObject(applied)) throw badRequest("Object 'Kind' is missing in applied configuration");
			return strategicMerge(toJson(document), applied, '');
		}
		default:
			throw unsupportedPatch();
	}
}

function checkPreconditions(resource: WorkloadResource, current: Workload, next: {metadata?: {resourceVersion?: string; name?: string; uid?: string}}): void {
	const metadata = next.metadata ?? {};
	const name = current.metadata.name;
	if (metadata.name !== undefined && metadata.name !== name)
		throw badRequest(`the name of the object (${metadata.name}) does not match the name on the URL (${name})`);
	if (metadata.resourceVersion && metadata.resourceVersion !== current.metadata.resourceVersion) {
		throw conflict(qualified(resource), name, 'the object has been modified; please apply your changes to the latest version and try again');
	}
	if (metadata.uid && metadata.uid !== current.metadata.uid) {
		throw conflict(qualified(resource), name, `Precondition failed: UID in precondition: ${metadata.uid}, UID in object meta: ${current.metadata.uid}`);
	}
}

/** The scale subresource: GET, PUT and PATCH of a Scale, written through to spec.replicas. */
async function writeScale(context: RequestContext, resource: WorkloadResource, current: Workload, method: string): Promise<void> {
	const scale = scaleOf(current);
	const next =
		(method === 'PUT' ? await readObject<typeof scale>(context.request) : ((await patched(context.request, scale)) as unknown as typeof scale)) ?? scale;
	checkPreconditions(resource, current, next);
	const replicas = next.spec?.replicas ?? 0;
	if (!Number.isInteger(replicas) || replicas < 0) {
		throw invalid(
			'Scale',
			current.metadata.name,
			[{field: 'spec.replicas', type: 'Invalid', value: replicas, detail: 'must be greater than or equal to 0'}],
			'autoscaling',
		);
	}
	const updated = prepareUpdate(current, {...current, spec: {...current.spec, replicas}}, false);
	const saved = isDryRun(context.url.searchParams) ? updated : resource.store.update(updated);
	sendJson(context.response, 200, scaleOf(saved));
}

/** GET, PUT or PATCH of the object, its status or its scale. */
export async function writeWorkload(context: RequestContext, manager: ControllerManager, target: Target, method: string): Promise<void> {
	const {resource, namespace, name, subresource} = target;
	const current = resource.store.get(namespace, name);
	const apply = method === 'PATCH' && requestMediaType(context.request) === 'application/apply-patch+yaml';
	if (apply && !context.url.searchParams.get('fieldManager')) {
		throw invalid('PatchOptions', '', [{field: 'fieldManager', type: 'Required', detail: 'is required for apply patch'}], 'meta.k8s.io');
	}
	if (!current && apply && !subresource) {
		// Server-side apply creates what does not exist yet.
		context.authorize({verb: 'create', resource: resource.plural, namespace, group: resource.group});
		const applied = decode<Workload>(await readBody(context.request), 'yaml');
		if (!applied || typeof applied !== 'object') throw badRequest("Object 'Kind' is missing in applied configuration");
		create(context, manager, resource, namespace, {...applied, metadata: {...applied.metadata, name}});
		return;
	}
	if (!current) throw notFound(resource.plural, name, resource.group);
	if (subresource === 'scale') {
		if (!resource.scalable) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
		if (method === 'GET') sendJson(context.response, 200, scaleOf(current));
		else await writeScale(context, resource, current, method);
		return;
	}
	const next = method === 'PUT' ? await readObject<Workload>(context.request) : ((await patched(context.request, current)) as unknown as Workload);
	if (!next || typeof next !== 'object' || Array.isArray(next)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(next)}'`);
	checkPreconditions(resource, current, next);
	if (next.metadata?.namespace && next.metadata.namespace !== namespace)
		throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
	const merged: Workload = {
		...next,
		metadata: {
			...next.metadata,
			name,
			namespace,
			uid: current.metadata.uid,
			creationTimestamp: current.metadata.creationTimestamp,
			resourceVersion: current.metadata.resourceVersion,
			generation: current.metadata.generation,
			...(current.metadata.deletionTimestamp ? {deletionTimestamp: current.metadata.deletionTimestamp} : {}),
		},
	};
	const updated = prepareUpdate(current, merged, subresource === 'status');
	const saved = isDryRun(context.url.searchParams) ? updated : resource.store.update(updated);
	sendBody(context.response, 200, saved, negotiate(context.request.headers.accept, {table: false, partial: false}).format);
}

/** DELETE: DeleteOptions from the body or the query; the answer is the object as it was last written. */
export async function deleteWorkloadRequest(context: RequestContext, manager: ControllerManager, target: Target): Promise<void> {
	const {resource, namespace, name} = target;
	const current = resource.store.get(namespace, name);
	if (!current) throw notFound(resource.plural, name, resource.group);
	const text = await readBody(context.request);
	type DeleteOptions = {propagationPolicy?: string; orphanDependents?: boolean; preconditions?: {uid?: string; resourceVersion?: string}; dryRun?: string[]};
	const options: DeleteOptions = text.trim()
		? (decode<DeleteOptions>(text, requestMediaType(context.request) === 'application/yaml' ? 'yaml' : 'json') ?? {})
		: {};
	checkPreconditions(resource, current, {metadata: options.preconditions});
	const query = context.url.searchParams;
	const requested = query.get('propagationPolicy') ?? options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : undefined);
	if (requested !== undefined && !['Background', 'Foreground', 'Orphan'].includes(requested)) {
		throw invalid(
			'DeleteOptions',
			'',
			[{field: 'propagationPolicy', type: 'NotSupported', value: requested, detail: 'supported values: "Foreground", "Background", "Orphan", "nil"'}],
			'meta.k8s.io',
		);
	}
	// batch/v1 Jobs orphan their pods unless told otherwise (the job strategy's DefaultGarbageCollectionPolicy).
	const policy = (requested ?? (resource.kind === 'Job' ? 'Orphan' : 'Background')) as Propagation;
	if (isDryRun(query) || (options.dryRun ?? []).includes('All')) {
		sendJson(context.response, 200, current);
		return;
	}
	sendJson(context.response, 200, deleteWithPropagation(manager.context, manager.collector, current, policy));
}
