import {randomUUID, X509Certificate} from 'node:crypto';
import {createServer, type Server} from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {type AuthOptions, type Attributes, authenticate, authorize, impersonate, type User} from './auth.js';
import type {Cluster} from './cluster.js';
import {Faults} from './faults.js';
import type {Pki} from './pki.js';
import {accessReviews} from './routes/access-reviews.js';
import {coreRoutes} from './routes/core.js';
import {builtinGroups, type GroupVersion} from './routes/discovery.js';
import {eventsV1Routes} from './routes/events-v1.js';
import {nonResource} from './routes/non-resource.js';
import {ApiError, noSuchResource, sendError} from './routes/respond.js';

// The sim's kube-apiserver: HTTPS on loopback, authentication and impersonation, RBAC, and
// the core/v1 resources podscope and kubectl use, with the verbs get, list, watch, create,
// update, patch (JSON, merge, strategic merge, apply) and delete, plus the discovery,
// health, version and access-review endpoints kubectl calls around them.
//
// This file is the transport: the HTTPS server, authentication, the request log and the route
// table; the routes themselves are in routes/.

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

/** A route of the API itself: it answers and returns the verb for the request log, or passes (undefined). */
type Route = (context: RequestContext) => Promise<string | undefined> | string | undefined;

export class SimServer {
	readonly server: Server;
	readonly requests: RequestRecord[] = [];
	private readonly watches = new Set<ServerResponse>();
	private readonly sockets = new Set<Duplex>();
	private readonly clientCA: X509Certificate;
	private readonly routes: Route[];
	private port = 0;
	readonly faults = new Faults(() => this.dropConnections());

	constructor(private readonly options: ServerOptions) {
		const {cluster, pki, auth} = options;
		const groups = [...builtinGroups, ...(options.groups ?? [])];
		// After the extensions, in this order; a path none of them serves is a 404.
		this.routes = [
			context => (context.request.method === 'GET' && nonResource(context, groups) ? 'get' : undefined),
			context => accessReviews(context, auth),
			coreRoutes({cluster, faults: this.faults, bookmarkSeconds: options.bookmarkSeconds ?? 60, watches: this.watches}),
			eventsV1Routes({cluster, faults: this.faults, bookmarkSeconds: options.bookmarkSeconds ?? 60, watches: this.watches}),
		];
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
			const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`);
			this.record(request, verb, user.name, apiError.code);
			sendError(response, apiError, request.headers.accept);
		}
	}

	private async route(context: RequestContext): Promise<string> {
		for (const route of this.routes) {
			const verb = await route(context);
			if (verb !== undefined) return verb;
		}
		throw noSuchResource();
	}
}
