import type {RequestContext, RequestRecord} from '../server.js';
import {ApiError, sendJson} from './respond.js';

// The sim's own admin endpoints under /_sim/, outside the Kubernetes API: the request log,
// so a test can prove what a client did (or never did, such as a write under --read-only).
// Admins only; anyone else gets the apiserver's 403 for a non-resource path.

export function controlRoutes(requests: () => RequestRecord[]) {
	return (context: RequestContext): boolean => {
		const {segments, request, response, user, url} = context;
		if (segments[0] !== '_sim') return false;
		const method = (request.method ?? 'GET').toLowerCase();
		if (!user.groups.includes('system:masters')) {
			throw new ApiError(403, 'Forbidden', `forbidden: User "${user.name}" cannot ${method} path "${url.pathname}"`, {});
		}
		if (segments.length !== 2 || segments[1] !== 'requests') throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
		if (method === 'delete') {
			// A test can start from a clean log.
			requests().splice(0);
			sendJson(response, 200, {kind: 'RequestLog', items: []});
			return true;
		}
		if (method !== 'get') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
		const byUser = url.searchParams.get('user');
		const items = requests().filter(record => byUser === null || record.user === byUser);
		sendJson(response, 200, {kind: 'RequestLog', items});
		return true;
	};
}
