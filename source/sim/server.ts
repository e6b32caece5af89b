import {randomUUID, X509Certificate} from 'node:crypto';
import {createServer, type Server} from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import type {KubeEvent, Namespace, ObjectMeta, Pod} from '../model/k8s.js';
import {type AuthOptions, type Attributes, allowed, authenticate, authorize, effectiveGroups, impersonate, rules, type User} from './auth.js';
import type {Cluster, Node} from './cluster.js';
import {statusTime} from './kubelet/pod-worker.js';
import type {Pki} from './pki.js';
import {applyPodDefaults, metadataErrors, podErrors, unknownPodFields, withoutUnknownPodFields} from './pod-defaults.js';
import {list, type Resource, sendOne, watch} from './routes/collection.js';
import {
	aggregatedCore,
	aggregatedGroups,
	aggregatedV2,
	aggregatedV2Beta1,
	aggregatedVersion,
	apiGroups,
	apiVersions,
	builtinGroups,
	coreResources,
	type GroupVersion,
	openapiDocument,
	openapiIndex,
	version,
} from './routes/discovery.js';
import {serveLogs} from './routes/logs.js';
import {eventResource, namespaceResource, nodeResource, podResource} from './routes/resources.js';
import {Faults} from './faults.js';
import {applyJsonPatch, canonical, isObject, type Json, mergePatch, parsePatch, strategicMerge, toJson, unsupportedPatch} from './patch.js';
import {
	ApiError,
	badRequest,
	conflict,
	decode,
	type FieldError,
	invalid,
	methodNotAllowed,
	negotiate,
	noSuchResource,
	notFound,
	readBody,
	protoMessage,
	protoObjectMeta,
	protoString,
	readObject,
	readRaw,
	requestMediaType,
	sendBody,
	sendError,
	sendJson,
	sendText,
	unwrapProtobuf,
} from './routes/respond.js';

// The sim's kube-apiserver: HTTPS on loopback, authentication and impersonation, RBAC, and
// the core/v1 resources podscope and kubectl use, with the verbs get, list, watch, create,
// update, patch (JSON, merge, strategic merge, apply) and delete, plus the discovery,
// health, version and access-review endpoints kubectl calls around them.

export type RequestRecord = {time: string; verb: string; method: string; path: string; user: string; code: number};

export type ServerOptions = {
	cluster: Cluster;
	pki: Pki;
	auth: AuthOptions;
	bookmarkSeconds?: number;
	/** API groups served by extensions, for /apis discovery (with their resources, for aggregated discovery). */
	groups?: GroupVersion[];
	/** Extra routes (exec, metrics, control) mounted by later layers; return true when handled. */
	extensions?: Array<(context: RequestContext) => Promise<boolean> | boolean>;
};

export type RequestContext = {
	request: IncomingMessage;
	response: ServerResponse;
	url: URL;
	segments: string[];
	user: User;
	authorize(attributes: Attributes): void;
	cluster: Cluster;
};

type Stored = {apiVersion?: string; kind?: string; metadata: ObjectMeta} & Record<string, unknown>;

function isDryRun(query: URLSearchParams): boolean {
	const values = query.getAll('dryRun');
	for (const value of values) {
		if (value !== 'All') {
			throw invalid('CreateOptions', '', [{field: 'dryRun', type: 'NotSupported', value: [value], detail: 'supported values: "All"'}], 'meta.k8s.io');
		}
	}
	return values.length > 0;
}

/**
 * fieldValidation for a Pod body: unknown fields are dropped with a Warning header each (Warn,
 * the default), dropped silently (Ignore), or refused (Strict, what kubectl sends).
 */
function decodePodFields<T>(body: T, query: URLSearchParams, response: ServerResponse, decodeError: boolean): T {
	const unknown = unknownPodFields(body);
	if (unknown.length === 0) return body;
	const mode = query.get('fieldValidation') ?? 'Warn';
	if (mode === 'Strict') {
		const strict = `strict decoding error: ${unknown.map(field => `unknown field ${JSON.stringify(field)}`).join(', ')}`;
		throw badRequest(decodeError ? `Pod in version "v1" cannot be handled as a Pod: ${strict}` : strict);
	}
	if (mode !== 'Ignore') {
		const warnings = unknown.map(field => `299 - ${JSON.stringify(`unknown field ${JSON.stringify(field)}`)}`);
		response.setHeader('Warning', [...[response.getHeader('Warning') ?? []].flat().map(String), ...warnings]);
	}
	return withoutUnknownPodFields(body);
}

export class SimServer {
	readonly server: Server;
	readonly requests: RequestRecord[] = [];
	private readonly watches = new Set<ServerResponse>();
	private readonly sockets = new Set<Duplex>();
	private readonly resources: Record<string, Resource<Stored>>;
	private readonly clientCA: X509Certificate;
	private port = 0;
	readonly faults = new Faults(() => this.dropConnections());

	constructor(private readonly options: ServerOptions) {
		const {cluster, pki} = options;
		this.resources = {
			pods: podResource(cluster),
			events: eventResource(cluster),
			namespaces: namespaceResource(cluster),
			nodes: nodeResource(cluster),
		} as unknown as Record<string, Resource<Stored>>;
		this.clientCA = new X509Certificate(pki.ca.cert);
		// The handshake asks for a client certificate and verifies nothing (Go's
		// RequestClientCert); authenticate() checks it. Letting OpenSSL verify would leave a
		// failed signature check in its error queue, and the connection dies on it.
		this.server = createServer(
			{key: pki.server.key, cert: pki.server.cert, requestCert: true, rejectUnauthorized: false},
			(request, response) => void this.handle(request, response),
		);
		this.server.on('connection', socket => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		this.server.on('secureConnection', socket => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	listen(port: number, host = '127.0.0.1'): Promise<number> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				const address = this.server.address();
				this.port = typeof address === 'object' && address ? address.port : port;
				resolve(this.port);
			});
		});
	}

	/** Drop every open connection (watches and log streams end as on a network cut). */
	dropConnections(): void {
		for (const socket of this.sockets) socket.destroy();
	}

	close(): Promise<void> {
		this.faults.stop();
		return new Promise(resolve => {
			this.server.close(() => resolve());
			this.dropConnections();
		});
	}

	/** An API server restart: every connection drops, the port is closed a while, the state stays. */
	async restart(downMs = 500): Promise<void> {
		const port = this.port;
		await new Promise<void>(resolve => {
			this.server.close(() => resolve());
			this.dropConnections();
		});
		await new Promise(resolve => setTimeout(resolve, downMs));
		await this.listen(port);
		this.faults.counts.restarts += 1;
	}

	/** Every bearer token stops being accepted (401), as when a token expires. */
	expireTokens(): void {
		for (const token of Object.keys(this.options.auth.tokens)) delete this.options.auth.tokens[token];
		this.faults.counts.expiredTokens += 1;
	}

	private record(request: IncomingMessage, verb: string, user: string, code: number): void {
		this.requests.push({time: new Date().toISOString(), verb, method: request.method ?? '', path: request.url ?? '', user, code});
		if (this.requests.length > 50_000) this.requests.splice(0, 10_000);
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		// Every kube-apiserver response carries the audit ID of its request.
		response.setHeader('Audit-Id', randomUUID());
		const url = new URL(request.url ?? '/', 'https://127.0.0.1');
		const authenticated = authenticate(request, this.options.auth, this.clientCA);
		let verb = (request.method ?? 'GET').toLowerCase();
		if (!authenticated) {
			this.record(request, verb, '', 401);
			sendError(response, new ApiError(401, 'Unauthorized', 'Unauthorized'), request.headers.accept);
			return;
		}
		let user = authenticated;
		if (await this.faults.before(request, response)) {
			this.record(request, verb, authenticated.name, response.statusCode);
			return;
		}
		try {
			user = impersonate(request, authenticated, this.options.auth);
			const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
			const context: RequestContext = {
				request,
				response,
				url,
				segments,
				user,
				cluster: this.options.cluster,
				authorize: attributes => {
					verb = attributes.verb;
					authorize(user, attributes, this.options.auth);
				},
			};
			for (const extension of this.options.extensions ?? []) {
				if (await extension(context)) {
					this.record(request, verb, user.name, response.statusCode);
					return;
				}
			}
			verb = await this.route(context);
			this.record(request, verb, user.name, response.statusCode);
		} catch (error) {
			const apiError =
				error instanceof ApiError ? error : new ApiError(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`);
			this.record(request, verb, user.name, apiError.code);
			sendError(response, apiError, request.headers.accept);
		}
	}

	private groups(): GroupVersion[] {
		return [...builtinGroups, ...(this.options.groups ?? [])];
	}

	/** Discovery, health and version: what every authenticated user may read. */
	private nonResource(context: RequestContext): boolean {
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
			const aggregated = aggregatedVersion(accept);
			if (aggregated) {
				this.sendDiscovery(response, aggregatedCore(aggregated), aggregated);
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
			const aggregated = aggregatedVersion(accept);
			const body = aggregated ? aggregatedGroups(this.groups(), aggregated) : undefined;
			if (aggregated && body) this.sendDiscovery(response, body, aggregated);
			else sendJson(response, 200, apiGroups(this.groups()));
			return true;
		}
		if (root === 'openapi' && rest[0] === 'v3') {
			if (rest.length === 1) {
				sendJson(response, 200, openapiIndex(this.groups()));
				return true;
			}
			const document = openapiDocument(rest.slice(1).join('/'), this.groups());
			if (!document) throw noSuchResource();
			sendJson(response, 200, document);
			return true;
		}
		if (root === 'apis' && rest.length <= 2) {
			const group = builtinGroups.find(entry => entry.name === rest[0]);
			if (!group) return false;
			const groupVersion = {groupVersion: `${group.name}/${group.version}`, version: group.version};
			if (rest.length === 1) sendJson(response, 200, {kind: 'APIGroup', apiVersion: 'v1', name: group.name, versions: [groupVersion], preferredVersion: groupVersion});
			else if (rest[1] === group.version) sendJson(response, 200, group.resources);
			else throw noSuchResource();
			return true;
		}
		return false;
	}

	private sendDiscovery(response: ServerResponse, body: unknown, aggregated: 'v2' | 'v2beta1'): void {
		const text = JSON.stringify(body);
		response.writeHead(200, {
			'Content-Type': aggregated === 'v2' ? aggregatedV2 : aggregatedV2Beta1,
			'Content-Length': Buffer.byteLength(text),
			'Cache-Control': 'public',
			Vary: 'Accept',
		});
		response.end(text);
	}

	private async route(context: RequestContext): Promise<string> {
		const {request, response, url, segments} = context;
		const method = request.method ?? 'GET';
		const cluster = this.options.cluster;
		const now = cluster.clock.now();
		const [root, ...rest] = segments;
		if (method === 'GET' && this.nonResource(context)) return 'get';
		if (root === 'apis' && rest[1] === 'v1' && rest.length === 3) {
			if (rest[0] === 'authorization.k8s.io' && rest[2] === 'selfsubjectaccessreviews') return this.accessReview(context);
			if (rest[0] === 'authorization.k8s.io' && rest[2] === 'selfsubjectrulesreviews') return this.rulesReview(context);
			if (rest[0] === 'authentication.k8s.io' && rest[2] === 'selfsubjectreviews') return this.selfReview(context);
		}
		if (root !== 'api' || rest[0] !== 'v1') throw noSuchResource();

		// /api/v1/[watch/][namespaces/{ns}/]{resource}[/{name}[/{subresource}]]
		let parts = rest.slice(1);
		let legacyWatch = false;
		if (parts[0] === 'watch') {
			legacyWatch = true;
			parts = parts.slice(1);
		}
		let namespace: string | undefined;
		if (parts[0] === 'namespaces' && parts.length >= 3) {
			namespace = parts[1];
			parts = parts.slice(2);
		}
		const [resourceName, name, subresource, ...extra] = parts;
		const resource = resourceName ? this.resources[resourceName] : undefined;
		if (!resource || extra.length > 0) throw noSuchResource();
		if ((namespace !== undefined) !== resource.namespaced && !(namespace === undefined && !name && method === 'GET')) throw noSuchResource();
		const query = url.searchParams;
		const isWatch = legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1';
		const watchOptions = {bookmarkSeconds: this.options.bookmarkSeconds ?? 60, now: () => cluster.clock.now(), fault: () => this.faults.watchFault()};

		if (!name) {
			if (method === 'GET') {
				const verb = isWatch ? 'watch' : 'list';
				context.authorize({verb, resource: resourceName!, namespace});
				if (isWatch) watch(resource, namespace, request, response, query, watchOptions, this.watches);
				else await list(resource, namespace, request, response, query, now);
				return verb;
			}
			if (method === 'POST' && resourceName === 'namespaces' && !namespace) {
				context.authorize({verb: 'create', resource: 'namespaces'});
				// kubectl create namespace sends protobuf, as its typed client does.
				const body =
					requestMediaType(request) === 'application/vnd.kubernetes.protobuf'
						? ({metadata: protoObjectMeta(protoMessage(unwrapProtobuf(await readRaw(request)).raw, 1))} as Namespace)
						: await readObject<Namespace>(request);
				this.createNamespace(body, query, response);
				return 'create';
			}
			if (method === 'POST' && resourceName === 'pods' && namespace) {
				context.authorize({verb: 'create', resource: 'pods', namespace});
				const body = await readObject<Pod>(request);
				this.createPod(body, namespace, query, response);
				return 'create';
			}
			throw methodNotAllowed();
		}

		const object = resource.store.get(namespace, name);
		if (subresource === 'log' && resourceName === 'pods') {
			context.authorize({verb: 'get', resource: 'pods', subresource: 'log', namespace, name});
			if (method !== 'GET') throw methodNotAllowed();
			if (!object) throw notFound('pods', name);
			await serveLogs(cluster, object as unknown as Pod, query, request, response, {afterBytes: this.faults.logBudget(), onCut: () => this.faults.noteLogCut()});
			return 'get';
		}
		const readable = subresource === undefined || subresource === 'status' || (resourceName === 'pods' && subresource === 'ephemeralcontainers');
		if (!readable) throw noSuchResource();
		if (subresource !== undefined && method !== 'GET') throw methodNotAllowed();

		if (method === 'GET') {
			if (isWatch) {
				context.authorize({verb: 'watch', resource: resourceName!, namespace, name});
				const selector = query.get('fieldSelector');
				if (selector && !selector.split(',').some(term => term.replace(/\s/g, '') === `metadata.name=${name}` || term.replace(/\s/g, '') === `metadata.name==${name}`)) {
					throw badRequest("fieldSelector metadata.name doesn't match requested name");
				}
				query.set('fieldSelector', selector || `metadata.name=${name}`);
				watch(resource, namespace, request, response, query, watchOptions, this.watches);
				return 'watch';
			}
			context.authorize({verb: 'get', resource: resourceName!, subresource, namespace, name});
			if (!object) throw notFound(resourceName!, name);
			sendOne(resource, object, request, response, query, now);
			return 'get';
		}
		if (method === 'DELETE') {
			context.authorize({verb: 'delete', resource: resourceName!, namespace, name});
			if (resourceName === 'nodes') throw methodNotAllowed();
			if (!object) throw notFound(resourceName!, name);
			if (resourceName === 'pods') await this.deletePod(object as unknown as Pod, request, response, query);
			else if (resourceName === 'namespaces') this.deleteNamespace(object as unknown as Namespace, query, response);
			else {
				// Events go at once, and the answer is a Status (their strategy returns no object).
				if (!isDryRun(query)) resource.store.delete(namespace, name);
				sendJson(response, 200, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: {name, kind: resourceName, uid: object.metadata.uid}});
			}
			return 'delete';
		}
		if (method === 'PATCH') {
			context.authorize({verb: 'patch', resource: resourceName!, namespace, name});
			await this.patch(resource, resourceName!, namespace, name, object, context);
			return 'patch';
		}
		if (method === 'PUT') {
			context.authorize({verb: 'update', resource: resourceName!, namespace, name});
			if (!object) throw notFound(resourceName!, name);
			let body = await readObject<Stored>(request);
			if (resourceName === 'pods' && body && typeof body === 'object') body = decodePodFields(body, query, response, true);
			if (body.metadata?.name !== undefined && body.metadata.name !== name) {
				throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
			}
			const updated = this.update(resource, resourceName!, object, {...body, metadata: {...body.metadata, name}}, isDryRun(query));
			sendBody(response, 200, updated, negotiate(request.headers.accept, {table: false, partial: false}).format);
			return 'update';
		}
		throw methodNotAllowed();
	}

	// --- create ----------------------------------------------------------------------------

	private createPod(raw: Pod, namespace: string, query: URLSearchParams, response: ServerResponse): Pod {
		const cluster = this.options.cluster;
		if (!raw || typeof raw !== 'object') throw badRequest("Object 'Kind' is missing in 'null'");
		const body = decodePodFields(raw, query, response, true);
		if (body.kind !== undefined && body.kind !== 'Pod') {
			throw badRequest(`the API version in the data (${body.apiVersion ?? ''}) does not match the expected API version (v1)`);
		}
		if (body.metadata?.namespace && body.metadata.namespace !== namespace) {
			throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
		}
		const dryRun = isDryRun(query);
		// NamespaceLifecycle admission runs after authorization.
		const home = cluster.namespaces.get(undefined, namespace);
		if (!home) throw notFound('namespaces', namespace);
		if (home.metadata.deletionTimestamp) {
			throw new ApiError(403, 'Forbidden', `pods "${body.metadata?.name ?? ''}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
				name: body.metadata?.name,
				kind: 'pods',
				causes: [{reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace'}],
			});
		}
		const input = {...body, metadata: {...body.metadata, namespace}} as Pod;
		const errors = podErrors(input);
		if (errors.length > 0) throw invalid('Pod', input.metadata.name ?? '', errors as FieldError[]);
		if (input.metadata.name && cluster.pods.get(namespace, input.metadata.name)) {
			throw new ApiError(409, 'AlreadyExists', `pods "${input.metadata.name}" already exists`, {name: input.metadata.name, kind: 'pods'});
		}
		const {status: _status, ...withoutStatus} = input;
		let created: Pod;
		if (dryRun) {
			created = applyPodDefaults(withoutStatus as Pod, namespace, statusTime(cluster.clock.now()));
		} else {
			try {
				created = cluster.createPod(withoutStatus as Pod, {}, namespace);
			} catch (error) {
				const message = (error as Error).message;
				if (message.includes('already exists')) throw new ApiError(409, 'AlreadyExists', message, {name: input.metadata.name, kind: 'pods'});
				throw new ApiError(422, 'Invalid', `Pod "${input.metadata.name ?? ''}" is invalid: ${message}`, {name: input.metadata.name, kind: 'Pod'});
			}
		}
		sendJson(response, 201, created);
		return created;
	}

	private createNamespace(body: Namespace, query: URLSearchParams, response: ServerResponse): void {
		const cluster = this.options.cluster;
		if (!body || typeof body !== 'object') throw badRequest("Object 'Kind' is missing in 'null'");
		const generated = !body.metadata?.name && body.metadata?.generateName ? `${body.metadata.generateName}${randomUUID().slice(0, 5)}` : undefined;
		const name = body.metadata?.name || generated || '';
		const errors: FieldError[] = [];
		if (!name) errors.push({field: 'metadata.name', type: 'Required', detail: 'name or generateName is required'});
		else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
			errors.push({
				field: 'metadata.name',
				type: 'Invalid',
				value: name,
				detail: "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
			});
		}
		errors.push(...(metadataErrors(body.metadata) as FieldError[]));
		if (errors.length > 0) throw invalid('Namespace', name, errors);
		if (cluster.namespaces.get(undefined, name)) throw new ApiError(409, 'AlreadyExists', `namespaces "${name}" already exists`, {name, kind: 'namespaces'});
		const namespace: Namespace = {
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: {
				...body.metadata,
				name,
				uid: randomUUID(),
				creationTimestamp: statusTime(cluster.clock.now()),
				// The apiserver labels every namespace with its own name.
				labels: {...body.metadata?.labels, 'kubernetes.io/metadata.name': name},
			},
			spec: {finalizers: ['kubernetes']},
			status: {phase: 'Active'},
		};
		delete namespace.metadata.generateName;
		sendJson(response, 201, isDryRun(query) ? namespace : cluster.namespaces.create(namespace));
	}

	/** Namespace deletion: Terminating until the namespace controller has emptied it. */
	private deleteNamespace(namespace: Namespace, query: URLSearchParams, response: ServerResponse): void {
		const cluster = this.options.cluster;
		const name = namespace.metadata.name;
		if (['default', 'kube-system', 'kube-public'].includes(name)) {
			throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, {name, kind: 'namespaces'});
		}
		if (namespace.metadata.deletionTimestamp) {
			sendJson(response, 200, namespace);
			return;
		}
		const terminating: Namespace = {
			...namespace,
			metadata: {...namespace.metadata, deletionTimestamp: statusTime(cluster.clock.now())},
			status: {...namespace.status, phase: 'Terminating'},
		};
		if (isDryRun(query)) {
			sendJson(response, 200, terminating);
			return;
		}
		const stored = cluster.namespaces.update(terminating);
		for (const pod of cluster.pods.list().filter(pod => pod.metadata.namespace === name)) cluster.deletePod(name, pod.metadata.name);
		const timer = setInterval(() => {
			if (cluster.pods.list().some(pod => pod.metadata.namespace === name)) return;
			clearInterval(timer);
			for (const event of cluster.events.list().filter(event => event.metadata.namespace === name)) cluster.events.delete(name, event.metadata.name);
			if (cluster.namespaces.get(undefined, name)?.metadata.uid === namespace.metadata.uid) cluster.namespaces.delete(undefined, name);
		}, 100);
		timer.unref();
		sendJson(response, 200, stored);
	}

	// --- delete ----------------------------------------------------------------------------

	private async deletePod(pod: Pod, request: IncomingMessage, response: ServerResponse, query: URLSearchParams): Promise<void> {
		const text = await readBody(request);
		type DeleteOptions = {gracePeriodSeconds?: number | null; preconditions?: {uid?: string; resourceVersion?: string}; dryRun?: string[]};
		const options: DeleteOptions = text.trim() ? decode<DeleteOptions>(text, requestMediaType(request) === 'application/yaml' ? 'yaml' : 'json') ?? {} : {};
		const name = pod.metadata.name;
		const {uid, resourceVersion} = options.preconditions ?? {};
		if (uid && uid !== pod.metadata.uid) {
			throw conflict('pods', name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${pod.metadata.uid}`);
		}
		if (resourceVersion && resourceVersion !== pod.metadata.resourceVersion) {
			throw conflict('pods', name, `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${pod.metadata.resourceVersion}`);
		}
		const graceQuery = query.get('gracePeriodSeconds');
		let grace = graceQuery !== null && graceQuery !== '' ? Number(graceQuery) : (options.gracePeriodSeconds ?? undefined);
		if (grace !== undefined && !Number.isInteger(grace)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(graceQuery)}: invalid syntax`);
		// CheckGracefulDelete: a negative grace period means one second.
		if (grace !== undefined && grace < 0) grace = 1;
		const dryRun = isDryRun(query) || (options.dryRun ?? []).includes('All');
		const cluster = this.options.cluster;
		let result: Pod | undefined;
		if (dryRun) {
			const period = grace ?? pod.spec.terminationGracePeriodSeconds ?? 30;
			result = pod.metadata.deletionTimestamp
				? pod
				: {...pod, metadata: {...pod.metadata, deletionTimestamp: statusTime(cluster.clock.now() + period * 1000), deletionGracePeriodSeconds: period}};
		} else {
			result = cluster.deletePod(pod.metadata.namespace!, name, grace);
		}
		if (!result) throw notFound('pods', name);
		sendJson(response, 200, result);
	}

	// --- update and patch -----------------------------------------------------------------

	/**
	 * The update path shared by PUT and PATCH: preconditions, immutable metadata, what each
	 * strategy lets a client change, validation, and no write when nothing changed.
	 */
	private update(resource: Resource<Stored>, plural: string, current: Stored, next: Stored, dryRun: boolean): Stored {
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
		const merged: Stored = {
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
				...(current.metadata.deletionTimestamp ? {deletionTimestamp: current.metadata.deletionTimestamp, deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds} : {}),
				...(current.metadata.generation !== undefined ? {generation: current.metadata.generation} : {}),
			},
		};
		for (const key of Object.keys(merged.metadata) as Array<keyof ObjectMeta>) {
			if (merged.metadata[key] === undefined) delete merged.metadata[key];
		}
		if (plural === 'pods') {
			merged.status = current.status;
			this.checkPodSpec(current as unknown as Pod, merged as unknown as Pod);
		} else if (plural === 'namespaces') {
			merged.spec = current.spec;
			merged.status = current.status;
		} else if (plural === 'nodes') {
			merged.status = current.status;
		}
		if (canonical(merged) === canonical(current)) return current;
		if (dryRun) return merged;
		const updated = resource.store.update(merged);
		if (plural === 'pods') this.options.cluster.worker(updated as unknown as Pod)?.adopt(updated as unknown as Pod);
		return updated;
	}

	/** ValidatePodUpdate: only images, activeDeadlineSeconds and added tolerations may change. */
	private checkPodSpec(current: Pod, next: Pod): void {
		const loose = (spec: Pod['spec'] | undefined) => {
			if (!spec) return spec;
			const copy = JSON.parse(JSON.stringify(spec)) as Record<string, unknown> & Pod['spec'];
			for (const container of [...(copy.containers ?? []), ...(copy.initContainers ?? [])]) container.image = '';
			delete copy.activeDeadlineSeconds;
			delete copy.tolerations;
			return copy;
		};
		const sameTolerations = () => {
			const before = current.spec.tolerations ?? [];
			const after = (next.spec?.tolerations ?? []).map(canonical);
			return before.every(toleration => after.includes(canonical(toleration)));
		};
		const imagesSet = [...(next.spec?.containers ?? []), ...(next.spec?.initContainers ?? [])].every(container => container.image);
		if (canonical(loose(current.spec)) !== canonical(loose(next.spec)) || !sameTolerations() || !imagesSet) {
			throw invalid('Pod', current.metadata.name, [
				{
					field: 'spec',
					type: 'Forbidden',
					detail:
						'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
				},
			]);
		}
	}

	private async patch(resource: Resource<Stored>, plural: string, namespace: string | undefined, name: string, current: Stored | undefined, context: RequestContext): Promise<void> {
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
					// Server-side apply creates what does not exist yet.
					if (plural !== 'pods' || !namespace) throw notFound(plural, name);
					context.authorize({verb: 'create', resource: plural, namespace});
					const body = {...applied, metadata: {...(isObject(applied.metadata) ? applied.metadata : {}), name}} as unknown as Pod;
					this.createPod(body, namespace, query, response);
					return;
				}
				next = strategicMerge(toJson(current), applied, '');
				break;
			}
			default:
				throw unsupportedPatch();
		}
		if (plural === 'pods') next = decodePodFields(next, query, response, false);
		const updated = this.update(resource, plural, current!, next as unknown as Stored, dryRun);
		sendBody(response, 200, updated, accept);
	}

	// --- access reviews -------------------------------------------------------------------

	/** SelfSubjectAccessReview: what `kubectl auth can-i` asks (in protobuf, as kubectl's typed client sends it). */
	private async accessReview(context: RequestContext): Promise<string> {
		const {request, response, user} = context;
		if (request.method !== 'POST') throw methodNotAllowed();
		type Spec = {resourceAttributes?: Partial<Attributes> & {version?: string}; nonResourceAttributes?: {path?: string; verb?: string}};
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
			decision = allowed(user, {...attributes, resource: attributes.resource ?? '', verb: attributes.verb ?? ''}, this.options.auth);
		} else if (spec.nonResourceAttributes) {
			const path = spec.nonResourceAttributes.path ?? '';
			const discovery = /^\/(api|apis|version|healthz|livez|readyz|openapi)(\/|$)/.test(path) && spec.nonResourceAttributes.verb === 'get';
			decision = user.groups.includes('system:masters') || discovery;
		} else {
			throw invalid('SelfSubjectAccessReview', '', [{field: 'spec.resourceAttributes', type: 'Invalid', value: 'null', detail: 'exactly one of nonResourceAttributes or resourceAttributes must be specified'}], 'authorization.k8s.io');
		}
		const admin = user.groups.includes('system:masters');
		sendJson(response, 201, {
			kind: 'SelfSubjectAccessReview',
			apiVersion: 'authorization.k8s.io/v1',
			metadata: {creationTimestamp: null},
			spec,
			status: {allowed: decision, ...(decision && admin ? {reason: 'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"'} : {})},
		});
		return 'create';
	}

	/** SelfSubjectRulesReview: `kubectl auth can-i --list`. */
	private async rulesReview(context: RequestContext): Promise<string> {
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
	private async selfReview(context: RequestContext): Promise<string> {
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
}

// --- Patch formats ----------------------------------------------------------------------
