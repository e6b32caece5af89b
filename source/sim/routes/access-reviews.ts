import {type AuthOptions, type Attributes, allowed, effectiveGroups, rules} from '../auth.js';
import type {RequestContext} from '../server.js';
import {invalid, methodNotAllowed, protoMessage, protoString, readBody, readObject, readRaw, requestMediaType, sendJson, unwrapProtobuf} from './respond.js';

// The access reviews kubectl asks about the user itself: `kubectl auth can-i` (with and
// without --list) and `kubectl auth whoami`.

/** Serves /apis/{authorization,authentication}.k8s.io/v1/self*reviews; undefined for any other path. */
export function accessReviews(context: RequestContext, auth: AuthOptions): Promise<string> | undefined {
	const [root, ...rest] = context.segments;
	if (root !== 'apis' || rest[1] !== 'v1' || rest.length !== 3) return undefined;
	if (rest[0] === 'authorization.k8s.io' && rest[2] === 'selfsubjectaccessreviews') return accessReview(context, auth);
	if (rest[0] === 'authorization.k8s.io' && rest[2] === 'selfsubjectrulesreviews') return rulesReview(context);
	if (rest[0] === 'authentication.k8s.io' && rest[2] === 'selfsubjectreviews') return selfReview(context);
	return undefined;
}

type Spec = {resourceAttributes?: Partial<Attributes> & {version?: string}; nonResourceAttributes?: {path?: string; verb?: string}};

/** SelfSubjectAccessReview: what `kubectl auth can-i` asks (in protobuf, as kubectl's typed client sends it). */
async function accessReview(context: RequestContext, auth: AuthOptions): Promise<string> {
	const {request, response, user} = context;
	if (request.method !== 'POST') throw methodNotAllowed();
	let spec: Spec;
	if (requestMediaType(request) === 'application/vnd.kubernetes.protobuf') {
		const {raw} = unwrapProtobuf(await readRaw(request));
		const specFields = protoMessage(raw, 2);
		const resource = protoMessage(specFields, 1);
		const nonResource = protoMessage(specFields, 2);
		const strip = <T extends object>(object: T) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined && value !== '')) as T;
		spec = {};
		if (resource) {
			spec.resourceAttributes = strip({
				namespace: protoString(resource, 1),
				verb: protoString(resource, 2),
				group: protoString(resource, 3),
				version: protoString(resource, 4),
				resource: protoString(resource, 5),
				subresource: protoString(resource, 6),
				name: protoString(resource, 7),
			});
		}
		if (nonResource) spec.nonResourceAttributes = strip({path: protoString(nonResource, 1), verb: protoString(nonResource, 2)});
	} else {
		spec = (await readObject<{spec?: Spec}>(request))?.spec ?? {};
	}
	let decision: boolean;
	if (spec.resourceAttributes) {
		const attributes = spec.resourceAttributes;
		decision = allowed(user, {...attributes, resource: attributes.resource ?? '', verb: attributes.verb ?? ''}, auth);
	} else if (spec.nonResourceAttributes) {
		const path = spec.nonResourceAttributes.path ?? '';
		const discovery = /^\/(api|apis|version|healthz|livez|readyz|openapi)(\/|$)/.test(path) && spec.nonResourceAttributes.verb === 'get';
		decision = user.groups.includes('system:masters') || discovery;
	} else {
		throw invalid(
			'SelfSubjectAccessReview',
			'',
			[
				{
					field: 'spec.resourceAttributes',
					type: 'Invalid',
					value: 'null',
					detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified',
				},
			],
			'authorization.k8s.io',
		);
	}
	const admin = user.groups.includes('system:masters');
	sendJson(response, 201, {
		kind: 'SelfSubjectAccessReview',
		apiVersion: 'authorization.k8s.io/v1',
		metadata: {creationTimestamp: null},
		spec,
		status: {
			allowed: decision,
			...(decision && admin ? {reason: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"'} : {}),
		},
	});
	return 'create';
}

/** SelfSubjectRulesReview: `kubectl auth can-i --list`. */
async function rulesReview(context: RequestContext): Promise<string> {
	const {request, response, user} = context;
	if (request.method !== 'POST') throw methodNotAllowed();
	let namespace: string | undefined;
	if (requestMediaType(request) === 'application/vnd.kubernetes.protobuf') {
		namespace = protoString(protoMessage(unwrapProtobuf(await readRaw(request)).raw, 2), 1);
	} else {
		namespace = (await readObject<{spec?: {namespace?: string}}>(request))?.spec?.namespace;
	}
	sendJson(response, 201, {
		kind: 'SelfSubjectRulesReview',
		apiVersion: 'authorization.k8s.io/v1',
		metadata: {creationTimestamp: null},
		spec: namespace ? {namespace} : {},
		status: {...rules(user), incomplete: false},
	});
	return 'create';
}

/** SelfSubjectReview: `kubectl auth whoami`. */
async function selfReview(context: RequestContext): Promise<string> {
	const {request, response, user} = context;
	if (request.method !== 'POST') throw methodNotAllowed();
	await readBody(request);
	sendJson(response, 201, {
		kind: 'SelfSubjectReview',
		apiVersion: 'authentication.k8s.io/v1',
		metadata: {creationTimestamp: null},
		status: {userInfo: {username: user.name, groups: effectiveGroups(user)}},
	});
	return 'create';
}
