import type {X509Certificate} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import type {TLSSocket} from 'node:tls';
import {ApiError} from './routes/respond.js';

// Authentication (client certificates signed by the sim's CA, or bearer tokens; anonymous
// requests are refused as k3s does with --anonymous-auth=false), impersonation, and a small
// RBAC: admins (system:masters) may do anything, the viewer may only read, as the built-in
// `view` ClusterRole allows: ConfigMaps but never Secrets.

export type User = {name: string; groups: string[]};

export type Attributes = {verb: string; resource: string; subresource?: string; namespace?: string; name?: string; group?: string};

export type AuthOptions = {tokens: Record<string, User>; forbidNamespaceList?: boolean};

/**
 * Who sent the request. Client certificates are checked here against the client CA, as the
 * apiserver's x509 authenticator does after a handshake that only requested one: the TLS
 * layer itself verifies nothing, so a certificate from another CA is a 401, not a dropped
 * connection.
 */
export function authenticate(request: IncomingMessage, options: AuthOptions, clientCA?: X509Certificate): User | undefined {
	const header = request.headers.authorization;
	if (header !== undefined) {
		// A credential that does not check out is a 401, even beside a valid certificate.
		const bearer = /^Bearer\s+(.+)$/i.exec(header);
		return bearer ? options.tokens[bearer[1]!.trim()] : undefined;
	}
	const socket = request.socket as TLSSocket;
	const peer = typeof socket.getPeerX509Certificate === 'function' ? socket.getPeerX509Certificate() : undefined;
	if (!peer) return undefined;
	const trusted = clientCA ? verifiedBy(peer, clientCA) : socket.authorized;
	if (!trusted) return undefined;
	const certificate = socket.getPeerCertificate();
	const subject = certificate?.subject as unknown as Record<string, string | string[]> | undefined;
	const name = subject?.CN;
	if (typeof name !== 'string' || !name) return undefined;
	const organization = subject?.O;
	return {name, groups: Array.isArray(organization) ? organization : organization ? [organization] : []};
}

function verifiedBy(certificate: X509Certificate, ca: X509Certificate): boolean {
	const now = Date.now();
	if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) return false;
	try {
		return certificate.checkIssued(ca) && certificate.verify(ca.publicKey);
	} catch {
		return false;
	}
}

/** The groups an authenticated request carries, as `kubectl auth whoami` shows them. */
export function effectiveGroups(user: User): string[] {
	return user.groups.includes('system:authenticated') ? user.groups : [...user.groups, 'system:authenticated'];
}

const readVerbs = new Set(['get', 'list', 'watch']);
const viewerResources = new Set(['pods', 'pods/log', 'events', 'configmaps', 'namespaces', 'nodes', 'podmetrics', 'nodemetrics']);
// system:basic-user and system:discovery let every authenticated user ask these.
const everyone = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'selfsubjectreviews']);

export function allowed(user: User, attributes: Attributes, options: AuthOptions): boolean {
	if (user.groups.includes('system:masters')) return true;
	const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
	if (attributes.verb === 'create' && everyone.has(resource)) return true;
	if (resource === 'namespaces' && attributes.verb === 'list' && options.forbidNamespaceList) return false;
	return readVerbs.has(attributes.verb) && viewerResources.has(resource);
}

/** SelfSubjectRulesReview: the rules behind allowed(), as `kubectl auth can-i --list` prints them. */
export function rules(user: User): {resourceRules: unknown[]; nonResourceRules: unknown[]} {
	const selfReviews = [
		{verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']},
		{verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews']},
	];
	const discovery = {
		verbs: ['get'],
		nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'],
	};
	if (user.groups.includes('system:masters')) {
		return {
			resourceRules: [{verbs: ['*'], apiGroups: ['*'], resources: ['*']}, ...selfReviews],
			nonResourceRules: [{verbs: ['*'], nonResourceURLs: ['*']}, discovery],
		};
	}
	return {
		resourceRules: [
			...selfReviews,
			{verbs: [...readVerbs], apiGroups: [''], resources: ['configmaps', 'events', 'namespaces', 'nodes', 'pods', 'pods/log']},
			// view reads events in both of the groups that serve them (bootstrappolicy/policy.go).
			{verbs: [...readVerbs], apiGroups: ['events.k8s.io'], resources: ['events']},
			{verbs: [...readVerbs], apiGroups: ['metrics.k8s.io'], resources: ['nodes', 'pods']},
		],
		nonResourceRules: [discovery],
	};
}

/** RBAC's decision, with the authorization filter's Forbidden text when it says no. */
export function authorize(user: User, attributes: Attributes, options: AuthOptions): void {
	if (allowed(user, attributes, options)) return;
	throw forbidden(user, attributes);
}

export function forbidden(user: User, attributes: Attributes): ApiError {
	const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
	const group = attributes.group ?? '';
	const qualified = group ? `${attributes.resource}.${group}` : attributes.resource;
	const lead = attributes.name ? `${qualified} ${JSON.stringify(attributes.name)}` : qualified;
	const where = attributes.namespace ? `in the namespace ${JSON.stringify(attributes.namespace)}` : 'at the cluster scope';
	return new ApiError(
		403,
		'Forbidden',
		`${lead} is forbidden: User ${JSON.stringify(user.name)} cannot ${attributes.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(group)} ${where}`,
		{...(attributes.name ? {name: attributes.name} : {}), ...(group ? {group} : {}), kind: attributes.resource},
	);
}

/**
 * Impersonate-User / Impersonate-Group headers (kubectl --as, --as-group): the requester
 * needs the impersonate verb on users and groups, as the apiserver's impersonation filter checks.
 */
export function impersonate(request: IncomingMessage, user: User, options: AuthOptions): User {
	const target = request.headers['impersonate-user'];
	const rawGroups = request.headers['impersonate-group'];
	const groups = (Array.isArray(rawGroups) ? rawGroups : rawGroups ? rawGroups.split(',') : []).map(group => group.trim()).filter(Boolean);
	if (target === undefined && groups.length === 0) return user;
	if (target === undefined)
		throw new ApiError(
			500,
			'InternalError',
			'Internal error occurred: requested [' + groups.map(group => `{Group  ${group}  }`).join(' ') + '] without impersonating a user',
		);
	const name = Array.isArray(target) ? target[0]! : target;
	const check = (resource: string, value: string) => {
		const attributes = {verb: 'impersonate', resource, name: value};
		if (!allowed(user, attributes, options)) {
			throw new ApiError(
				403,
				'Forbidden',
				`${resource} ${JSON.stringify(value)} is forbidden: User ${JSON.stringify(user.name)} cannot impersonate resource ${JSON.stringify(resource)} in API group "" at the cluster scope`,
				{name: value, kind: resource},
			);
		}
	};
	check('users', name);
	for (const group of groups) check('groups', group);
	return {name, groups: [...groups, 'system:authenticated']};
}
