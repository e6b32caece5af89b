import type {Container, Pod, Status} from '../../model/k8s.js';
import {applyJsonPatch, type Json, mergePatch, patchTypes, strategicMerge, toJson, unsupportedPatch} from '../patch.js';
import type {RequestContext} from '../server.js';
import {ApiError, badRequest, notFound, readJson, sendJson} from './respond.js';

// pods/ephemeralcontainers: GET, PATCH (the strategic merge patch kubectl debug sends, JSON
// merge and JSON patches) and PUT. Only spec.ephemeralContainers changes; existing ones may
// not be changed or removed; each new one is defaulted, validated and started by the kubelet.

type FieldError = {type: 'FieldValueRequired' | 'FieldValueDuplicate' | 'FieldValueNotFound' | 'FieldValueForbidden'; field: string; detail: string};

const describe = (error: FieldError) => `${error.field}: ${error.detail}`;

/** Key-order independent equality, as apiequality.Semantic.DeepEqual compares. */
const canonical = (value: unknown): string =>
	JSON.stringify(value, (_, item: unknown) =>
		item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))) : item,
	);

const forbiddenFields = ['ports', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'] as const;

function validate(pod: Pod, next: Container[]): FieldError[] {
	const errors: FieldError[] = [];
	const previous = pod.spec.ephemeralContainers ?? [];
	const byName = new Map(next.map(container => [container.name, container]));
	for (const old of previous) {
		const now = byName.get(old.name);
		if (!now)
			errors.push({
				type: 'FieldValueForbidden',
				field: 'spec.ephemeralContainers',
				detail: `Forbidden: existing ephemeral containers "${old.name}" may not be removed\n`,
			});
		else if (canonical(now) !== canonical(old))
			errors.push({
				type: 'FieldValueForbidden',
				field: 'spec.ephemeralContainers',
				detail: `Forbidden: existing ephemeral containers "${old.name}" may not be changed\n`,
			});
	}
	const names = new Set([...(pod.spec.initContainers ?? []), ...pod.spec.containers].map(container => container.name));
	const targets = new Set(names);
	next.forEach((container, index) => {
		const path = `spec.ephemeralContainers[${index}]`;
		if (!container.name) errors.push({type: 'FieldValueRequired', field: `${path}.name`, detail: 'Required value'});
		else if (names.has(container.name)) errors.push({type: 'FieldValueDuplicate', field: `${path}.name`, detail: `Duplicate value: "${container.name}"`});
		names.add(container.name);
		if (!container.image) errors.push({type: 'FieldValueRequired', field: `${path}.image`, detail: 'Required value'});
		for (const field of forbiddenFields) {
			if (container[field] !== undefined)
				errors.push({type: 'FieldValueForbidden', field: `${path}.${field}`, detail: 'Forbidden: cannot be set for an Ephemeral Container'});
		}
		const resources = container.resources;
		if (resources && (Object.keys(resources.limits ?? {}).length > 0 || Object.keys(resources.requests ?? {}).length > 0)) {
			errors.push({type: 'FieldValueForbidden', field: `${path}.resources`, detail: 'Forbidden: cannot be set for an Ephemeral Container'});
		}
		if (container.targetContainerName && !targets.has(container.targetContainerName)) {
			errors.push({type: 'FieldValueNotFound', field: `${path}.targetContainerName`, detail: `Not found: "${container.targetContainerName}"`});
		}
	});
	return errors;
}

function invalid(pod: Pod, errors: FieldError[]): ApiError {
	const summary = errors.length === 1 ? describe(errors[0]!) : `[${errors.map(describe).join(', ')}]`;
	const causes: NonNullable<Status['details']>['causes'] = errors.map(error => ({reason: error.type, message: error.detail, field: error.field}));
	return new ApiError(422, 'Invalid', `Pod "${pod.metadata.name}" is invalid: ${summary}`, {name: pod.metadata.name, kind: 'Pod', causes});
}

function withDefaults(container: Container): Container {
	const tag = /:([^/]+)$/.exec(container.image ?? '')?.[1];
	return {
		...container,
		imagePullPolicy: container.imagePullPolicy ?? (!tag || tag === 'latest' ? 'Always' : 'IfNotPresent'),
		terminationMessagePath: container.terminationMessagePath ?? '/dev/termination-log',
		terminationMessagePolicy: container.terminationMessagePolicy ?? 'File',
	};
}

async function requestedContainers(context: RequestContext, pod: Pod): Promise<Container[]> {
	const {request} = context;
	const current = toJson(pod);
	if (request.method === 'PUT') {
		const body = await readJson<Pod>(request);
		if (body.metadata?.name !== pod.metadata.name)
			throw badRequest(`the name of the object (${body.metadata?.name ?? ''}) does not match the name on the URL (${pod.metadata.name})`);
		const version = body.metadata.resourceVersion;
		if (version && version !== pod.metadata.resourceVersion) {
			throw new ApiError(
				409,
				'Conflict',
				`Operation cannot be fulfilled on pods "${pod.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
				{name: pod.metadata.name, kind: 'pods'},
			);
		}
		return body.spec?.ephemeralContainers ?? [];
	}
	const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim();
	if (!patchTypes.includes(type)) throw unsupportedPatch();
	const patch = await readJson<Json>(request);
	const patched =
		type === 'application/json-patch+json'
			? applyJsonPatch(current, patch)
			: type === 'application/merge-patch+json'
				? mergePatch(current, patch)
				: strategicMerge(current, patch, '');
	const list = (patched as unknown as Pod).spec?.ephemeralContainers ?? [];
	if (!Array.isArray(list)) throw badRequest('spec.ephemeralContainers: must be a list');
	return list;
}

export async function ephemeralRoutes(context: RequestContext): Promise<boolean> {
	const {segments, request, response, cluster} = context;
	if (
		segments.length !== 7 ||
		segments[0] !== 'api' ||
		segments[1] !== 'v1' ||
		segments[2] !== 'namespaces' ||
		segments[4] !== 'pods' ||
		segments[6] !== 'ephemeralcontainers'
	) {
		return false;
	}
	const namespace = segments[3]!;
	const name = segments[5]!;
	const method = request.method ?? 'GET';
	const verb = method === 'GET' ? 'get' : method === 'PATCH' ? 'patch' : method === 'PUT' ? 'update' : undefined;
	if (!verb) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
	context.authorize({verb, resource: 'pods', subresource: 'ephemeralcontainers', namespace, name});
	const pod = cluster.pods.get(namespace, name);
	if (!pod) throw notFound('pods', name);
	if (verb === 'get') {
		sendJson(response, 200, pod);
		return true;
	}

	const requested = await requestedContainers(context, pod);
	const existing = new Set((pod.spec.ephemeralContainers ?? []).map(container => container.name));
	const next = requested.map(container => (existing.has(container.name) ? container : withDefaults(container)));
	const errors = validate(pod, next);
	if (errors.length > 0) throw invalid(pod, errors);

	const updated = cluster.addEphemeralContainers(
		pod,
		next.filter(item => !existing.has(item.name)).map(container => ({container})),
	);
	sendJson(response, 200, cluster.pods.get(namespace, name) ?? updated);
	return true;
}
