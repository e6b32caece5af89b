import type {ServerResponse} from 'node:http';
import type {RequestContext} from '../server.js';
import {
	aggregatedCore,
	aggregatedGroups,
	aggregatedV2,
	apiGroups,
	apiVersions,
	builtinGroups,
	coreResources,
	type GroupVersion,
	openapiDocument,
	openapiIndex,
	version,
	wantsAggregated,
} from './discovery.js';
import {serveOpenapiV2} from './openapi-v2.js';
import {noSuchResource, sendJson, sendText} from './respond.js';

// Discovery, health and version: what every authenticated user may read, with GET.

/** Answers the request and returns true, or returns false for a path that is not one of these. */
export function nonResource(context: RequestContext, groups: GroupVersion[]): boolean {
	const {request, response, segments} = context;
	const [root, ...rest] = segments;
	const accept = request.headers.accept;
	if (segments.length >= 1 && ['healthz', 'livez', 'readyz'].includes(root!)) {
		sendText(response, 200, 'ok');
		return true;
	}
	if (segments.length === 1 && root === 'version') {
		sendJson(response, 200, version);
		return true;
	}
	if (root === 'api' && rest.length === 0) {
		if (wantsAggregated(accept)) {
			sendDiscovery(response, aggregatedCore());
			return true;
		}
		const address = request.socket.localAddress ?? '127.0.0.1';
		sendJson(response, 200, apiVersions(`${address}:${request.socket.localPort ?? 0}`));
		return true;
	}
	if (root === 'api' && rest.length === 1 && rest[0] === 'v1') {
		sendJson(response, 200, coreResources);
		return true;
	}
	if (root === 'apis' && rest.length === 0) {
		const body = wantsAggregated(accept) ? aggregatedGroups(groups) : undefined;
		if (body) sendDiscovery(response, body);
		else sendJson(response, 200, apiGroups(groups));
		return true;
	}
	if (root === 'openapi' && rest.length === 1 && rest[0] === 'v2') {
		serveOpenapiV2(groups, request, response);
		return true;
	}
	if (root === 'openapi' && rest[0] === 'v3') {
		if (rest.length === 1) {
			sendJson(response, 200, openapiIndex(groups));
			return true;
		}
		const document = openapiDocument(rest.slice(1).join('/'), groups);
		if (!document) throw noSuchResource();
		sendJson(response, 200, document);
		return true;
	}
	if (root === 'apis' && rest.length <= 2) {
		const group = builtinGroups.find(entry => entry.name === rest[0]);
		if (!group) return false;
		const groupVersion = {groupVersion: `${group.name}/${group.version}`, version: group.version};
		if (rest.length === 1)
			sendJson(response, 200, {kind: 'APIGroup', apiVersion: 'v1', name: group.name, versions: [groupVersion], preferredVersion: groupVersion});
		else if (rest[1] === group.version) sendJson(response, 200, group.resources);
		else throw noSuchResource();
		return true;
	}
	return false;
}

function sendDiscovery(response: ServerResponse, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(200, {
		'Content-Type': aggregatedV2,
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'public',
		Vary: 'Accept',
	});
	response.end(text);
}
