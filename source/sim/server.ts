import {createServer, type Server} from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import type {KubeEvent, Namespace, Pod} from '../model/k8s.js';
import {type AuthOptions, type Attributes, authenticate, authorize, type User} from './auth.js';
import type {Cluster, Node} from './cluster.js';
import type {Pki} from './pki.js';
import {list, type Resource, watch} from './routes/collection.js';
import {apiGroups, apiVersions, coreResources, version} from './routes/discovery.js';
import {serveLogs} from './routes/logs.js';
import {ApiError, badRequest, notFound, readJson, sendError, sendJson, statusBody} from './routes/respond.js';
import {eventPrinter, namespacePrinter, nodePrinter, podPrinter} from './routes/table.js';

// The sim's kube-apiserver: HTTPS on loopback, authentication, RBAC, and the core/v1
// resources podscope and kubectl use.

export type RequestRecord = {time: string; verb: string; method: string; path: string; user: string; code: number};

export type ServerOptions = {
	cluster: Cluster;
	pki: Pki;
	auth: AuthOptions;
	bookmarkSeconds?: number;
	/** API groups served by extensions, for /apis discovery. */
	groups?: Array<{name: string; version: string}>;
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

const podResource = (cluster: Cluster): Resource<Pod> => ({
	plural: 'pods',
	listKind: 'PodList',
	kind: 'Pod',
	apiVersion: 'v1',
	store: cluster.pods,
	printer: podPrinter,
	namespaced: true,
	fields: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
	field(pod, name) {
		switch (name) {
			case 'metadata.name':
				return pod.metadata.name;
			case 'metadata.namespace':
				return pod.metadata.namespace;
			case 'spec.nodeName':
				return pod.spec.nodeName;
			case 'spec.restartPolicy':
				return pod.spec.restartPolicy;
			case 'spec.schedulerName':
				return pod.spec.schedulerName;
			case 'spec.serviceAccountName':
				return pod.spec.serviceAccountName;
			case 'status.phase':
				return pod.status?.phase;
			case 'status.podIP':
				return pod.status?.podIP;
			default:
				return pod.status?.nominatedNodeName;
		}
	},
});

const eventResource = (cluster: Cluster): Resource<KubeEvent> => ({
	plural: 'events',
	listKind: 'EventList',
	kind: 'Event',
	apiVersion: 'v1',
	store: cluster.events,
	printer: eventPrinter,
	namespaced: true,
	fields: [
		'metadata.name',
		'metadata.namespace',
		'involvedObject.kind',
		'involvedObject.namespace',
		'involvedObject.name',
		'involvedObject.uid',
		'involvedObject.apiVersion',
		'involvedObject.resourceVersion',
		'involvedObject.fieldPath',
		'reason',
		'reportingComponent',
		'source',
		'type',
	],
	field(event, name) {
		if (name === 'metadata.name') return event.metadata.name;
		if (name === 'metadata.namespace') return event.metadata.namespace;
		if (name.startsWith('involvedObject.')) return (event.involvedObject as Record<string, string | undefined>)[name.slice('involvedObject.'.length)];
		if (name === 'source') return event.source?.component;
		return (event as unknown as Record<string, string | undefined>)[name];
	},
});

const namespaceResource = (cluster: Cluster): Resource<Namespace> => ({
	plural: 'namespaces',
	listKind: 'NamespaceList',
	kind: 'Namespace',
	apiVersion: 'v1',
	store: cluster.namespaces,
	printer: namespacePrinter,
	namespaced: false,
	fields: ['metadata.name', 'status.phase'],
	field: (namespace, name) => (name === 'metadata.name' ? namespace.metadata.name : namespace.status?.phase),
});

const nodeResource = (cluster: Cluster): Resource<Node> => ({
	plural: 'nodes',
	listKind: 'NodeList',
	kind: 'Node',
	apiVersion: 'v1',
	store: cluster.nodes,
	printer: nodePrinter,
	namespaced: false,
	fields: ['metadata.name', 'spec.unschedulable'],
	field: (node, name) => (name === 'metadata.name' ? node.metadata.name : 'false'),
});

export class SimServer {
	readonly server: Server;
	readonly requests: RequestRecord[] = [];
	private readonly watches = new Set<ServerResponse>();
	private readonly sockets = new Set<Duplex>();
	private readonly resources: Record<string, Resource<never>>;

	constructor(private readonly options: ServerOptions) {
		const {cluster, pki} = options;
		this.resources = {
			pods: podResource(cluster),
			events: eventResource(cluster),
			namespaces: namespaceResource(cluster),
			nodes: nodeResource(cluster),
		} as unknown as Record<string, Resource<never>>;
		this.server = createServer(
			{key: pki.server.key, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: false},
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
				resolve(typeof address === 'object' && address ? address.port : port);
			});
		});
	}

	/** Drop every open connection (watches and log streams end as on a network cut). */
	dropConnections(): void {
		for (const socket of this.sockets) socket.destroy();
	}

	close(): Promise<void> {
		return new Promise(resolve => {
			this.server.close(() => resolve());
			this.dropConnections();
		});
	}

	private record(request: IncomingMessage, verb: string, user: string, code: number): void {
		this.requests.push({time: new Date().toISOString(), verb, method: request.method ?? '', path: request.url ?? '', user, code});
		if (this.requests.length > 50_000) this.requests.splice(0, 10_000);
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'https://127.0.0.1');
		const user = authenticate(request, this.options.auth);
		let verb = (request.method ?? 'GET').toLowerCase();
		if (!user) {
			this.record(request, verb, '', 401);
			sendJson(response, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
			return;
		}
		try {
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
			sendError(response, apiError);
		}
	}

	private async route(context: RequestContext): Promise<string> {
		const {request, response, url, segments} = context;
		const method = request.method ?? 'GET';
		const now = this.options.cluster.clock.now();
		const [root, ...rest] = segments;
		if (method === 'GET' && segments.length === 1 && root === 'version') {
			sendJson(response, 200, version);
			return 'get';
		}
		if (method === 'GET' && root === 'api' && rest.length === 0) {
			const address = request.socket.localAddress ?? '127.0.0.1';
			sendJson(response, 200, apiVersions(`${address}:${request.socket.localPort ?? 0}`));
			return 'get';
		}
		if (method === 'GET' && root === 'api' && rest.length === 1 && rest[0] === 'v1') {
			sendJson(response, 200, coreResources);
			return 'get';
		}
		if (method === 'GET' && root === 'apis' && rest.length === 0) {
			sendJson(response, 200, apiGroups(this.extraGroups()));
			return 'get';
		}
		if (root !== 'api' || rest[0] !== 'v1') throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');

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
		if (!resource || extra.length > 0) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
		if (namespace !== undefined && !resource.namespaced) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
		if (namespace !== undefined && !this.options.cluster.namespaces.get(undefined, namespace) && method !== 'GET') {
			throw notFound('namespaces', namespace);
		}
		const query = url.searchParams;
		const isWatch = legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1';

		if (!name) {
			if (method === 'GET') {
				const verb = isWatch ? 'watch' : 'list';
				context.authorize({verb, resource: resourceName!, namespace});
				if (isWatch) watch(resource, namespace, request, response, query, {bookmarkSeconds: this.options.bookmarkSeconds ?? 60, now: () => this.options.cluster.clock.now()}, this.watches);
				else list(resource, namespace, request, response, query, now);
				return verb;
			}
			if (method === 'POST' && resourceName === 'pods' && namespace) {
				context.authorize({verb: 'create', resource: 'pods', namespace});
				const body = await readJson<Pod>(request);
				if (body.metadata?.namespace && body.metadata.namespace !== namespace) {
					throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
				}
				try {
					const created = this.options.cluster.createPod({...body, metadata: {...body.metadata, namespace}}, {}, namespace);
					sendJson(response, 201, created);
				} catch (error) {
					const message = (error as Error).message;
					if (message.includes('already exists')) throw new ApiError(409, 'AlreadyExists', message, {name: body.metadata?.name, kind: 'pods'});
					throw new ApiError(422, 'Invalid', `Pod "${body.metadata?.name ?? ''}" is invalid: ${message}`);
				}
				return 'create';
			}
			throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
		}

		const object = resource.store.get(namespace, name) as unknown as ({metadata: {name: string}} & Record<string, unknown>) | undefined;
		if (subresource === 'log' && resourceName === 'pods') {
			context.authorize({verb: 'get', resource: 'pods', subresource: 'log', namespace, name});
			if (!object) throw notFound('pods', name);
			await serveLogs(this.options.cluster, object as unknown as Pod, query, request, response);
			return 'get';
		}
		if (subresource !== undefined && subresource !== 'status') {
			throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
		}
		if (method === 'GET') {
			if (isWatch) {
				context.authorize({verb: 'watch', resource: resourceName!, namespace, name});
				query.set('fieldSelector', [query.get('fieldSelector'), `metadata.name=${name}`].filter(Boolean).join(','));
				watch(resource, namespace, request, response, query, {bookmarkSeconds: this.options.bookmarkSeconds ?? 60, now: () => now}, this.watches);
				return 'watch';
			}
			context.authorize({verb: 'get', resource: resourceName!, subresource, namespace, name});
			if (!object) throw notFound(resourceName!, name);
			sendJson(response, 200, object);
			return 'get';
		}
		if (method === 'DELETE' && resourceName === 'pods' && namespace) {
			context.authorize({verb: 'delete', resource: 'pods', namespace, name});
			if (!object) throw notFound('pods', name);
			const body = await readJson<{gracePeriodSeconds?: number}>(request).catch(() => ({}) as {gracePeriodSeconds?: number});
			const graceQuery = query.get('gracePeriodSeconds');
			const grace = graceQuery !== null ? Number(graceQuery) : body.gracePeriodSeconds;
			const deleted = this.options.cluster.deletePod(namespace, name, grace);
			sendJson(response, 200, deleted);
			return 'delete';
		}
		if (method === 'PATCH' && resourceName === 'pods' && namespace && subresource === undefined) {
			context.authorize({verb: 'patch', resource: 'pods', namespace, name});
			if (!object) throw notFound('pods', name);
			const patch = await readJson<{metadata?: {labels?: Record<string, string | null>; annotations?: Record<string, string | null>}}>(request);
			const pod = object as unknown as Pod;
			const merge = (current: Record<string, string> | undefined, change: Record<string, string | null> | undefined) => {
				if (!change) return current;
				const result = {...current};
				for (const [key, value] of Object.entries(change)) {
					if (value === null) delete result[key];
					else result[key] = value;
				}
				return result;
			};
			const updated = this.options.cluster.pods.update({
				...pod,
				metadata: {...pod.metadata, labels: merge(pod.metadata.labels, patch.metadata?.labels), annotations: merge(pod.metadata.annotations, patch.metadata?.annotations)},
			});
			this.options.cluster.worker(pod)?.adopt(updated);
			sendJson(response, 200, updated);
			return 'patch';
		}
		throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
	}

	private extraGroups(): Array<{name: string; version: string}> {
		return this.options.groups ?? [];
	}
}
