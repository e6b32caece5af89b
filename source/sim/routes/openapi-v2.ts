import {createHash} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {type GroupVersion, openapiDocument, resourcesOf, version} from './discovery.js';
import {encodeSwagger, type Swagger, type SwaggerOperation, type SwaggerParameter, type SwaggerPathItem} from './openapi-v2-proto.js';

// GET /openapi/v2: one Swagger 2.0 document for every group version, which kubectl 1.27's
// apply, diff and client-side validation fetch (client-go discovery OpenAPISchema, as
// protobuf). It is the /openapi/v3 documents in v2's shape: the same paths, operations,
// group-version-kinds and query parameters, no schemas (so kubectl falls back to its
// compiled-in types, as with v3). Served as kube-openapi's handler serves it
// (pkg/handler/handler.go): Accept negotiated with goautoneg over JSON and the two protobuf
// names, the protobuf always answered as ...spec.v2.v1.0+protobuf, 406 when nothing matches,
// an ETag of the JSON's SHA-512 in upper-case hex, and http.ServeContent's 304.

const protobufType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** kube-openapi's accepted types, in its order: [type, subtype, what it answers]. */
const accepted: Array<[string, string, 'json' | 'protobuf']> = [
	['application', 'json', 'json'],
	['application', 'com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf'],
	['application', 'com.github.proto-openapi.spec.v2.v1.0+protobuf', 'protobuf'],
];

type Clause = {type: string; subtype: string; q: number};

/** goautoneg.ParseAccept: clauses by q, then concrete before wildcard; malformed ones dropped. */
export function parseAccept(header: string): Clause[] {
	const clauses: Clause[] = [];
	for (const raw of header.split(',')) {
		const [range = '', ...params] = raw.trim().split(';');
		const pieces = range.split('/').map(piece => piece.trim());
		let clause: Clause;
		if (pieces.length === 1 && pieces[0] === '*') clause = {type: '*', subtype: '*', q: 1};
		else if (pieces.length === 2) clause = {type: pieces[0]!, subtype: pieces[1]!, q: 1};
		else continue;
		for (const param of params) {
			const [key, value, extra] = param.split('=');
			if (value === undefined || extra !== undefined) continue;
			if (key!.trim() === 'q') clause.q = Number.parseFloat(value) || 0;
		}
		clauses.push(clause);
	}
	const rank = (clause: Clause) => (clause.type === '*' ? 2 : clause.subtype === '*' ? 1 : 0);
	return clauses.sort((a, b) => b.q - a.q || rank(a) - rank(b));
}

/** Which representation an Accept header gets, or undefined for a 406. */
export function negotiateOpenapiV2(header: string | undefined): 'json' | 'protobuf' | undefined {
	for (const clause of parseAccept(header || '*/*')) {
		for (const [type, subtype, format] of accepted) {
			if ((clause.type === type || clause.type === '*') && (clause.subtype === subtype || clause.subtype === '*')) return format;
		}
	}
	return undefined;
}

const tagOf = (groupVersion: string) => {
	const [group, gvVersion] = groupVersion.includes('/') ? groupVersion.split('/') : ['core', groupVersion];
	return `${group!.split('.')[0]}_${gvVersion}`;
};

/** A v3 operation as v2 writes it: bare parameters, the media types and schemes, responses. */
function operationV2(operation: Record<string, unknown>, tag: string): SwaggerOperation {
	const parameters = (operation.parameters as Array<{name: string; in: string; description: string; schema: {type: string; uniqueItems?: boolean}}>) ?? [];
	const gvk = operation['x-kubernetes-group-version-kind'] as {group: string; version: string; kind: string};
	return {
		consumes: ['*/*'],
		produces: ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'],
		schemes: ['https'],
		tags: [tag],
		operationId: operation.operationId as string,
		...(parameters.length
			? {
					parameters: parameters.map(
						(p): SwaggerParameter => ({uniqueItems: p.schema.uniqueItems, type: p.schema.type, description: p.description, name: p.name, in: p.in}),
					),
				}
			: {}),
		responses: {'200': {description: 'OK'}, '401': {description: 'Unauthorized'}},
		'x-kubernetes-action': operation['x-kubernetes-action'],
		// Go marshals the extension's map with sorted keys.
		'x-kubernetes-group-version-kind': {group: gvk.group, kind: gvk.kind, version: gvk.version},
	};
}

/** The Swagger 2.0 document of every group version the sim describes in /openapi/v3. */
export function openapiV2Document(groups: GroupVersion[]): Swagger {
	const groupVersions = ['api/v1', ...groups.filter(group => resourcesOf(group)).map(group => `apis/${group.name}/${group.version}`)];
	const paths: Record<string, SwaggerPathItem> = {};
	for (const groupVersion of groupVersions) {
		const v3 = openapiDocument(groupVersion, groups);
		if (!v3) continue;
		const tag = tagOf(groupVersion.replace(/^apis?\//, ''));
		for (const [path, item] of Object.entries(v3.paths)) {
			const v2: SwaggerPathItem = {};
			for (const [method, operation] of Object.entries(item) as Array<[keyof SwaggerPathItem, Record<string, unknown>]>) {
				if (method !== 'parameters') v2[method] = operationV2(operation, tag);
			}
			if (Object.keys(v2).length > 0) paths[path] = v2;
		}
	}
	return {swagger: '2.0', info: {title: 'Kubernetes', version: version.gitVersion}, paths, definitions: {}};
}

type Encoded = {json: Buffer; protobuf: Buffer; etag: string; lastModified: string};

/** The handler: documents computed once per set of groups, as kube-openapi caches them. */
export function openapiV2Handler(groups: GroupVersion[]) {
	let encoded: Encoded | undefined;
	const encode = (): Encoded => {
		const document = openapiV2Document(groups);
		const json = Buffer.from(JSON.stringify(document));
		const etag = `"${createHash('sha512').update(json).digest('hex').toUpperCase()}"`;
		// http.ServeContent's Last-Modified has a resolution of one second.
		return {json, protobuf: encodeSwagger(document), etag, lastModified: new Date(Math.floor(Date.now() / 1000) * 1000).toUTCString()};
	};
	return (request: IncomingMessage, response: ServerResponse): void => {
		response.setHeader('Vary', 'Accept');
		const format = negotiateOpenapiV2(request.headers.accept);
		if (!format) {
			response.writeHead(406, {'Content-Length': 0});
			response.end();
			return;
		}
		encoded ??= encode();
		const body = format === 'json' ? encoded.json : encoded.protobuf;
		response.setHeader('Content-Type', format === 'json' ? 'application/json' : protobufType);
		response.setHeader('Etag', encoded.etag);
		response.setHeader('Last-Modified', encoded.lastModified);
		response.setHeader('Accept-Ranges', 'bytes');
		const match = request.headers['if-none-match'];
		if (match && (match.trim() === '*' || match.split(',').some(tag => tag.trim().replace(/^W\//, '') === encoded!.etag))) {
			response.removeHeader('Content-Type');
			response.writeHead(304);
			response.end();
			return;
		}
		response.writeHead(200, {'Content-Length': body.length});
		response.end(request.method === 'HEAD' ? undefined : body);
	};
}

const handlers = new WeakMap<GroupVersion[], ReturnType<typeof openapiV2Handler>>();

/** GET /openapi/v2 for a server's groups (one cached handler per server). */
export function serveOpenapiV2(groups: GroupVersion[], request: IncomingMessage, response: ServerResponse): void {
	let handler = handlers.get(groups);
	if (!handler) {
		handler = openapiV2Handler(groups);
		handlers.set(groups, handler);
	}
	handler(request, response);
}
