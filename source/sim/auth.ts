import type {IncomingMessage} from 'node:http';
import type {TLSSocket} from 'node:tls';
import {ApiError} from './routes/respond.js';

// Authentication (client certificates signed by the sim's CA, or bearer tokens) and a
// small RBAC: admins may do anything, the viewer may only read.

export type User = {name: string; groups: string[]};

export type Attributes = {verb: string; resource: string; subresource?: string; namespace?: string; name?: string; group?: string};

export type AuthOptions = {tokens: Record<string, User>; forbidNamespaceList?: boolean};

export function authenticate(request: IncomingMessage, options: AuthOptions): User | undefined {
	const header = request.headers.authorization;
	if (header?.startsWith('Bearer ')) {
		return options.tokens[header.slice('Bearer '.length).trim()];
	}
	const socket = request.socket as TLSSocket;
	if (socket.authorized) {
		const certificate = socket.getPeerCertificate();
		const subject = certificate?.subject as unknown as Record<string, string | string[]> | undefined;
		const name = subject?.CN;
		if (typeof name === 'string' && name) {
			const organization = subject?.O;
			return {name, groups: Array.isArray(organization) ? organization : organization ? [organization] : []};
		}
	}
	return undefined;
}

const readVerbs = new Set(['get', 'list', 'watch']);
const viewerResources = new Set(['pods', 'pods/log', 'events', 'namespaces', 'nodes', 'podmetrics', 'nodemetrics']);

export function authorize(user: User, attributes: Attributes, options: AuthOptions): void {
	if (user.groups.includes('system:masters')) return;
	const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
	let allowed = readVerbs.has(attributes.verb) && viewerResources.has(resource);
	if (resource === 'namespaces' && attributes.verb === 'list' && options.forbidNamespaceList) allowed = false;
	if (allowed) return;
	const subject = attributes.name ? `${attributes.resource} "${attributes.name}"` : attributes.resource;
	const group = attributes.group ?? '';
	const resourceLabel = group && attributes.resource ? `${subject.split(' ')[0]}.${group}` : undefined;
	const where = attributes.namespace ? `in the namespace "${attributes.namespace}"` : 'at the cluster scope';
	const lead = resourceLabel ? subject.replace(attributes.resource, resourceLabel) : subject;
	throw new ApiError(
		403,
		'Forbidden',
		`${lead} is forbidden: User "${user.name}" cannot ${attributes.verb} resource "${resource}" in API group "${group}" ${where}`,
		{...(attributes.name ? {name: attributes.name} : {}), ...(group ? {group} : {}), kind: attributes.resource},
	);
}
