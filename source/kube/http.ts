import {type IncomingHttpHeaders, type IncomingMessage, request as httpRequest} from 'node:http';
import {request as httpsRequest} from 'node:https';
import type {Status} from '../model/k8s.js';
import type {ClusterAccess, Prepared} from './access.js';
import {ExecPluginError} from './credential-error.js';
import {proxyPhase} from './agent.js';

// One way to call the API: the cluster access supplies TLS and credentials (certificates,
// tokens, exec plugins); Node's https carries the request. Responses stay raw JSON, the same
// shape a watch event has, and bodies are Node streams (async-iterable Buffers), which read a
// log flood or a big list faster than web streams.

export class KubeError extends Error {
	constructor(
		message: string,
		readonly code: number,
		readonly reason: string,
		readonly status?: Status,
		readonly retryAfterSeconds?: number,
	) {
		super(message);
	}

	/** kubectl's rendering: `Error from server (NotFound): pods "x" not found`. */
	get kubectlText(): string {
		if (this.code === 401) return 'error: You must be logged in to the server (Unauthorized)';
		if (this.code === 0) return this.message;
		return `Error from server (${this.reason || 'Unknown'}): ${this.message}`;
	}
}

export type RequestOptions = {
	method?: string;
	query?: Record<string, string | number | boolean | undefined | string[]>;
	body?: unknown;
	contentType?: string;
	accept?: string;
	signal?: AbortSignal;
	/** Retries on 429, 5xx and connection failures (default: 3 for GET, none otherwise). */
	retries?: number;
};

/** A response whose status was 2xx: the body is still unread. */
export class HttpResponse {
	constructor(readonly message: IncomingMessage) {}

	get status(): number {
		return this.message.statusCode ?? 0;
	}

	get headers(): IncomingHttpHeaders {
		return this.message.headers;
	}

	/** The body, chunk by chunk. */
	get body(): AsyncIterable<Buffer> {
		return this.message;
	}

	async text(): Promise<string> {
		const chunks: Buffer[] = [];
		for await (const chunk of this.message) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks).toString('utf8');
	}

	async json<T>(): Promise<T> {
		return JSON.parse(await this.text()) as T;
	}
}

/** Worth trying again: throttling, a server error, or no connection at all. */
export const retryable = (error: unknown) =>
	error instanceof KubeError &&
	(error.code === 429 || error.code === 500 || error.code === 502 || error.code === 503 || error.code === 504 || error.reason === 'ConnectionFailed');

/** Exponential back-off with jitter, unless the server said how long to wait. */
export function retryDelayMs(error: KubeError, attempt: number, random = Math.random): number {
	if (error.retryAfterSeconds) return error.retryAfterSeconds * 1000;
	return Math.round(Math.min(4000, 250 * 2 ** attempt) * (0.5 + random()));
}

export class KubeHttp {
	readonly server: string;

	constructor(readonly access: ClusterAccess) {
		this.server = access.server;
	}

	url(path: string, query: RequestOptions['query'] = {}): URL {
		const url = new URL(this.server + path);
		for (const [key, value] of Object.entries(query)) {
			if (value === undefined) continue;
			if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
			else url.searchParams.set(key, String(value));
		}
		return url;
	}

	async fetch(path: string, options: RequestOptions = {}): Promise<HttpResponse> {
		const method = options.method ?? 'GET';
		const retries = options.retries ?? (method === 'GET' ? 3 : 0);
		for (let attempt = 0; ; attempt++) {
			try {
				return await this.fetchOnce(path, options);
			} catch (error) {
				if (attempt >= retries || !retryable(error) || options.signal?.aborted) throw error;
				await new Promise(resolve => setTimeout(resolve, retryDelayMs(error as KubeError, attempt)));
			}
		}
	}

	private async fetchOnce(path: string, options: RequestOptions): Promise<HttpResponse> {
		const prepared = await credentials(this.access);
		try {
			return await this.send(path, options, prepared);
		} catch (error) {
			// Credentials from a plugin that the server rejects: the plugin runs again, and the
			// request gets one more try with what it returns (client-go's next request would).
			if (error instanceof KubeError && error.code === 401 && (await this.access.rejected(prepared).catch(() => false))) {
				return this.send(path, options, await credentials(this.access));
			}
			throw error;
		}
	}

	private async send(path: string, options: RequestOptions, prepared: Prepared): Promise<HttpResponse> {
		const url = this.url(path, options.query);
		const method = options.method ?? 'GET';
		const headers: Record<string, string> = {...prepared.headers, Accept: options.accept ?? 'application/json'};
		let body: string | undefined;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['Content-Type'] = options.contentType ?? 'application/json';
			headers['Content-Length'] = String(Buffer.byteLength(body));
		}
		const message = await new Promise<IncomingMessage>((resolve, reject) => {
			const request = url.protocol === 'http:' ? httpRequest : httpsRequest;
			const outgoing = request(url, {...prepared.options, method, headers, signal: options.signal}, resolve);
			outgoing.on('error', error => reject(connectionError(this.server, error, this.access.proxy)));
			outgoing.end(body);
		});
		const response = new HttpResponse(message);
		if (response.status < 200 || response.status >= 300) throw await errorFrom(response);
		return response;
	}

	async json<T>(path: string, options: RequestOptions = {}): Promise<T> {
		const response = await this.fetch(path, options);
		return response.json<T>();
	}
}

/** The access's credentials, a plugin's failure worded as client-go words it. */
async function credentials(access: ClusterAccess): Promise<Prepared> {
	try {
		return await access.prepare();
	} catch (error) {
		if (error instanceof ExecPluginError) throw new KubeError(`Unable to connect to the server: getting credentials: ${error.message}`, 0, 'Credentials');
		throw error;
	}
}

/** OpenSSL's verification failures that Go words as an unknown authority (crypto/x509 UnknownAuthorityError). */
const unknownAuthority = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'CERT_SIGNATURE_FAILURE',
]);

/** Go's text for a certificate the handshake did not verify, as crypto/tls prefixes it. */
function goTlsText(code: string | undefined): string | undefined {
	return code && unknownAuthority.has(code) ? 'tls: failed to verify certificate: x509: certificate signed by unknown authority' : undefined;
}

export function connectionError(server: string, error: unknown, proxy?: URL): KubeError {
	if ((error as Error)?.name === 'AbortError') return new KubeError('request aborted', 0, 'Aborted');
	const code = (error as NodeJS.ErrnoException)?.code ?? (error as {cause?: {code?: string}})?.cause?.code;
	if (proxy) {
		// Go's transport says when it was the proxy that could not be reached.
		const proxyHost = `${proxy.hostname}:${proxy.port || (proxy.protocol === 'https:' ? 443 : proxy.protocol === 'socks5:' ? 1080 : 80)}`;
		const failed = error as {address?: string; port?: number};
		const atProxy = failed?.address !== undefined && `${failed.address}:${failed.port}` === proxyHost.replace(/^\[|\](?=:)/g, '');
		if (atProxy && code === 'ECONNREFUSED')
			return new KubeError(`Unable to connect to the server: proxyconnect tcp: dial tcp ${proxyHost}: connect: connection refused`, 0, 'ConnectionFailed');
		const tlsText = goTlsText(code);
		if (tlsText && (error as {[proxyPhase]?: boolean})?.[proxyPhase])
			return new KubeError(`Unable to connect to the server: proxyconnect tcp: ${tlsText}`, 0, 'ConnectionFailed');
		if (/^Bad response: (\d+)/.test((error as Error)?.message ?? '')) {
			return new KubeError(
				`Unable to connect to the server: proxyconnect tcp: the proxy answered ${(error as Error).message.replace('Bad response: ', '')} to CONNECT`,
				0,
				'ConnectionFailed',
			);
		}
	}
	const host = server.replace(/^https?:\/\//, '');
	const detail =
		code === 'ECONNREFUSED'
			? `dial tcp ${host}: connect: connection refused`
			: code === 'ENOTFOUND'
				? `dial tcp: lookup ${host.split(':')[0]}: no such host`
				: (goTlsText(code) ?? (error as Error)?.message ?? String(error));
	return new KubeError(`Unable to connect to the server: ${detail}`, 0, 'ConnectionFailed');
}

export async function errorFrom(response: HttpResponse): Promise<KubeError> {
	const text = await response.text().catch(() => '');
	const retryAfter = Number(response.headers['retry-after'] ?? '');
	let status: Status | undefined;
	try {
		const parsed = JSON.parse(text) as Status;
		if (parsed?.kind === 'Status') status = parsed;
	} catch {
		// Not a Status: a proxy or a server that is not Kubernetes.
	}
	const reasons: Record<number, string> = {
		400: 'BadRequest',
		401: 'Unauthorized',
		403: 'Forbidden',
		404: 'NotFound',
		409: 'Conflict',
		410: 'Expired',
		422: 'Invalid',
		429: 'TooManyRequests',
		500: 'InternalError',
		503: 'ServiceUnavailable',
	};
	const reason = status?.reason ?? reasons[response.status] ?? 'Unknown';
	// A body that is not a Status (an HTML page, a proxy's text) says nothing useful on a
	// terminal line: say what was reached instead.
	const contentType = String(response.headers['content-type'] ?? '');
	const foreign = !status && !/json/.test(contentType);
	const message = foreign
		? `the server answered ${response.status} ${response.message.statusMessage ?? ''} with ${contentType || 'no content type'}: is this a Kubernetes API server?`.replace(
				/\s+/g,
				' ',
			)
		: (status?.message ?? (text.trim().split('\n')[0] || `the server responded with ${response.status} ${response.message.statusMessage ?? ''}`.trim()));
	return new KubeError(
		message,
		response.status,
		reason,
		status,
		Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : status?.details?.retryAfterSeconds,
	);
}
