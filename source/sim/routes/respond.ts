import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Status} from '../../model/k8s.js';

// Response helpers that give kube-apiserver's JSON shapes and Status error bodies.

export class ApiError extends Error {
	constructor(
		readonly code: number,
		readonly reason: string,
		message: string,
		readonly details?: Status['details'],
	) {
		super(message);
	}
}

export const notFound = (resource: string, name: string, group = '') =>
	new ApiError(404, 'NotFound', `${resource}${group ? '.' + group : ''} "${name}" not found`, {name, ...(group ? {group} : {}), kind: resource});

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

export function statusBody(code: number, reason: string, message: string, details?: Status['details']): Status {
	return {apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message, reason, ...(details ? {details} : {}), code};
}

export function sendJson(response: ServerResponse, code: number, body: unknown): void {
	const text = JSON.stringify(body);
	response.writeHead(code, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-cache, private',
	});
	response.end(text);
}

export function sendError(response: ServerResponse, error: ApiError): void {
	if (response.headersSent) {
		response.destroy();
		return;
	}
	sendJson(response, error.code, statusBody(error.code, error.reason, error.message, error.details));
}

export async function readBody(request: IncomingMessage, limit = 3 * 1024 * 1024): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new ApiError(413, 'RequestEntityTooLarge', 'request entity too large');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

export async function readJson<T>(request: IncomingMessage): Promise<T> {
	const text = await readBody(request);
	try {
		return JSON.parse(text) as T;
	} catch {
		throw badRequest(`the object provided is unrecognized (must be of type JSON): invalid character`);
	}
}
