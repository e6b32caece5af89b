import type {RequestContext, RequestRecord} from '../server.js';
import type {Faults} from '../faults.js';
import {ApiError, readBody, sendJson} from './respond.js';

// The sim's own admin endpoints under /_sim/, outside the Kubernetes API: the request log,
// so a test can prove what a client did (or never did, such as a write under --read-only).
// Admins only; anyone else gets the apiserver's 403 for a non-resource path.

/** What the control endpoints act on (the running SimServer). */
export type Controlled = {
	requests: RequestRecord[];
	faults: Faults;
	restart(downMs?: number): Promise<void>;
	expireTokens(): void;
};

/**
 * /_sim/faults: GET the settings and counts; POST {"latencyMs": 200, "errorRate": 0.1, ...}
 * to change them; DELETE to clear them; POST /_sim/faults/drop, /_sim/faults/restart
 * (optional {"downMs": N}) and /_sim/faults/expire-token act at once.
 */
async function faultRoutes(context: RequestContext, server: Controlled, method: string): Promise<boolean> {
	const {segments, request, response} = context;
	const action = segments[2];
	if (method === 'get' && !action) {
		sendJson(response, 200, {kind: 'Faults', settings: server.faults.settings, counts: server.faults.counts});
		return true;
	}
	if (method === 'delete' && !action) {
		server.faults.reset();
		sendJson(response, 200, {kind: 'Faults', settings: server.faults.settings, counts: server.faults.counts});
		return true;
	}
	if (method !== 'post') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});
	const body = (await readBody(request)).trim();
	let input: Record<string, unknown> = {};
	try {
		input = body ? (JSON.parse(body) as Record<string, unknown>) : {};
	} catch {
		throw new ApiError(400, 'BadRequest', 'faults: the body must be a JSON object', {});
	}
	switch (action) {
		case undefined:
			try {
				server.faults.update(input);
			} catch (error) {
				throw new ApiError(400, 'BadRequest', (error as Error).message, {});
			}
			break;
		case 'drop':
			// Answer first: this very connection is one of those dropped.
			sendJson(response, 200, {kind: 'Faults', dropped: true});
			setTimeout(() => server.faults.dropNow(), 50);
			return true;
		case 'restart':
			sendJson(response, 200, {kind: 'Faults', restarting: true});
			setTimeout(() => void server.restart(typeof input.downMs === 'number' ? input.downMs : 500), 50);
			return true;
		case 'expire-token':
			server.expireTokens();
			break;
		default:
			throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
	}
	sendJson(response, 200, {kind: 'Faults', settings: server.faults.settings, counts: server.faults.counts});
	return true;
}

export function controlRoutes(controlled: () => Controlled) {
	const requests = () => controlled().requests;
	return async (context: RequestContext): Promise<boolean> => {
		const {segments, request, response, user, url} = context;
		if (segments[0] !== '_sim') return false;
		const method = (request.method ?? 'GET').toLowerCase();
		if (!user.groups.includes('system:masters')) {
			throw new ApiError(403, 'Forbidden', `forbidden: User "${user.name}" cannot ${method} path "${url.pathname}"`, {});
		}
		if (segments[1] === 'faults') return faultRoutes(context, controlled(), method);
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
