import {fetch, type Response} from 'undici';
import type {Status} from '../model/k8s.js';
import type {ClusterAccess} from './access.js';

// One way to call the API: the cluster access applies the kubeconfig's credentials
// (certificates, tokens, exec plugins) and undici carries the request. Responses stay raw
// JSON, the same shape a watch event has.

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

/** Worth trying again: throttling, a server error, or no connection at all. */
export const retryable = (error: unknown) =>
	error instanceof KubeError && (error.code === 429 || error.code === 500 || error.code === 502 || error.code === 503 || error.code === 504 || error.reason === 'ConnectionFailed');

/** Exponential back-off with jitter, unless the server said how long to wait. */
export function retryDelayMs(error: KubeError, attempt: number, random = Math.random): number {
	if (error.retryAfterSeconds) return error.retryAfterSeconds * 1000;
	return Math.round(Math.min(4000, 250 * 2 ** attempt) * (0.5 + random()));
}

const reasons: Record<number, string> = {400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict', 410: 'Expired', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable'};

export class KubeHttp {
	readonly server: string;

	constructor(readonly access: ClusterAccess) {
		this.server = access.server;
	}

	/** Headers and TLS dispatcher for a request of one's own (streams read by the caller). */
	prepare(url: URL, method = 'GET') {
		return this.access.prepare(url, method);
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


	async fetch(path: string, options: RequestOptions = {}): Promise<Response> {
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

	private async fetchOnce(path: string, options: RequestOptions): Promise<Response> {
		const url = this.url(path, options.query);
		const method = options.method ?? 'GET';
		const {headers, dispatcher} = await this.access.prepare(url, method);
		headers.Accept = options.accept ?? 'application/json';
		let body: string | undefined;
		if (options.body !== undefined) {
			body = JSON.stringify(options.body);
			headers['Content-Type'] = options.contentType ?? 'application/json';
		}
		let response: Response;
		try {
			response = await fetch(url, {method, headers, body, dispatcher, signal: options.signal});
		} catch (error) {
			throw connectionError(this.server, error);
		}
		if (!response.ok) throw await errorFrom(response);
		return response;
	}

	async json<T>(path: string, options: RequestOptions = {}): Promise<T> {
		const response = await this.fetch(path, options);
		return (await response.json()) as T;
	}
}

export function connectionError(server: string, error: unknown): KubeError {
	if ((error as Error)?.name === 'AbortError') return new KubeError('request aborted', 0, 'Aborted');
	const cause = (error as {cause?: {code?: string; message?: string}})?.cause;
	const host = server.replace(/^https?:\/\//, '');
	const detail =
		cause?.code === 'ECONNREFUSED'
			? `dial tcp ${host}: connect: connection refused`
			: cause?.code === 'ENOTFOUND'
				? `dial tcp: lookup ${host.split(':')[0]}: no such host`
				: (cause?.message ?? (error as Error)?.message ?? String(error));
	return new KubeError(`Unable to connect to the server: ${detail}`, 0, 'ConnectionFailed');
}

export async function errorFrom(response: Response): Promise<KubeError> {
	const text = await response.text().catch(() => '');
	const retryAfter = Number(response.headers.get('retry-after') ?? '');
	let status: Status | undefined;
	try {
		const parsed = JSON.parse(text) as Status;
		if (parsed?.kind === 'Status') status = parsed;
	} catch {
		// Not a Status: a proxy or a server that is not Kubernetes.
	}
	const reason = status?.reason ?? reasons[response.status] ?? 'Unknown';
	const message = status?.message ?? (text.trim().split('\n')[0] || `the server responded with ${response.status} ${response.statusText}`);
	return new KubeError(message, response.status, reason, status, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : status?.details?.retryAfterSeconds);
}
