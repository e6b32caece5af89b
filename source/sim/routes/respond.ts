import type {IncomingMessage, ServerResponse} from 'node:http';
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml';

// Response helpers that give kube-apiserver's wire shapes: Status error bodies with the
// reasons and details client-go keys on, Accept negotiation (JSON, YAML, server-side
// Tables and PartialObjectMetadata; protobuf is declined so clients fall back to JSON),
// and request bodies read by Content-Type.

export type StatusCause = {reason?: string; message?: string; field?: string};
export type StatusDetails = {name?: string; group?: string; kind?: string; uid?: string; causes?: StatusCause[]; retryAfterSeconds?: number};

/** metav1.Status as kube-apiserver encodes it. */
export type StatusBody = {
	kind: 'Status';
	apiVersion: 'v1';
	metadata: {continue?: string};
	status: 'Success' | 'Failure';
	message: string;
	reason?: string;
	details?: StatusDetails;
	code: number;
};

export class ApiError extends Error {
	constructor(
		readonly code: number,
		readonly reason: string,
		message: string,
		readonly details?: StatusDetails,
		readonly listMeta?: {continue?: string},
	) {
		super(message);
	}
}

export const notFound = (resource: string, name: string, group = '') =>
	new ApiError(404, 'NotFound', `${resource}${group ? '.' + group : ''} "${name}" not found`, {name, ...(group ? {group} : {}), kind: resource});

/** The generic 404 of a path no handler serves (details is an empty object on the wire). */
export const noSuchResource = () => new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});

export const methodNotAllowed = () => new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

export const badRequest = (message: string) => new ApiError(400, 'BadRequest', message);

export const conflict = (resource: string, name: string, why: string) =>
	new ApiError(409, 'Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, {name, kind: resource});

/** One field.Error of apimachinery's validation: its type decides the cause reason and wording. */
export type FieldError = {
	field: string;
	type: 'Required' | 'Invalid' | 'Duplicate' | 'NotSupported' | 'Forbidden' | 'NotFound' | 'TooLong';
	value?: unknown;
	detail?: string;
};

const causeReason: Record<FieldError['type'], string> = {
	Required: 'FieldValueRequired',
	Invalid: 'FieldValueInvalid',
	Duplicate: 'FieldValueDuplicate',
	NotSupported: 'FieldValueNotSupported',
	Forbidden: 'FieldValueForbidden',
	NotFound: 'FieldValueNotFound',
	TooLong: 'FieldValueTooLong',
};

/** field.Error's rendering of values: strings quoted, numbers bare, structs and lists as JSON. */
const goValue = (value: unknown) => (typeof value === 'string' || (typeof value === 'object' && value !== null) ? JSON.stringify(value) : String(value));

/** field.Error.ErrorBody(). */
export function errorBody(error: FieldError): string {
	const detail = error.detail ? `: ${error.detail}` : '';
	switch (error.type) {
		case 'Required':
			return `Required value${detail}`;
		case 'Forbidden':
			return `Forbidden${detail}`;
		case 'Invalid':
			return `Invalid value: ${goValue(error.value)}${detail}`;
		case 'Duplicate':
			return `Duplicate value: ${goValue(error.value)}`;
		case 'NotFound':
			return `Not found: ${goValue(error.value)}`;
		case 'TooLong':
			return `Too long${detail}`;
		case 'NotSupported':
			return `Unsupported value: ${goValue(error.value)}${detail}`;
	}
}

/** errors.NewInvalid: 422 with one cause per field error, aggregated like utilerrors.Aggregate. */
export function invalid(kind: string, name: string, errors: FieldError[], group = ''): ApiError {
	const texts = errors.map(error => `${error.field}: ${errorBody(error)}`);
	const aggregate = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
	const qualified = group ? `${kind}.${group}` : kind;
	return new ApiError(422, 'Invalid', `${qualified} "${name}" is invalid: ${aggregate}`, {
		name,
		...(group ? {group} : {}),
		kind,
		causes: errors.map(error => ({reason: causeReason[error.type], message: errorBody(error), field: error.field})),
	});
}

export function statusBody(code: number, reason: string, message: string, details?: StatusDetails, listMeta?: {continue?: string}): StatusBody {
	return {
		kind: 'Status',
		apiVersion: 'v1',
		metadata: listMeta?.continue ? {continue: listMeta.continue} : {},
		status: 'Failure',
		message,
		...(reason ? {reason} : {}),
		...(details ? {details} : {}),
		code,
	};
}

// --- Accept negotiation -----------------------------------------------------------------

/** What the response body is: the object itself, a Table of it, or its metadata only. */
export type Shape = 'object' | 'table' | 'partial';
export type Negotiated = {format: 'json' | 'yaml'; shape: Shape; version: string};

type MediaRange = {type: string; params: Record<string, string>; q: number; index: number};

function parseAccept(header: string): MediaRange[] {
	return header
		.split(',')
		.map((part, index) => {
			const [type = '', ...rest] = part.split(';').map(piece => piece.trim());
			const params: Record<string, string> = {};
			for (const param of rest) {
				const eq = param.indexOf('=');
				if (eq > 0) params[param.slice(0, eq).trim().toLowerCase()] = param.slice(eq + 1).trim();
			}
			const q = params.q === undefined ? 1 : Number(params.q);
			return {type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 1, index};
		})
		.filter(range => range.type !== '' && range.q > 0)
		.sort((a, b) => b.q - a.q || a.index - b.index);
}

const acceptedTypes = 'application/json, application/yaml, application/vnd.kubernetes.protobuf';

/**
 * The representation kube-apiserver would pick for this Accept header. Protobuf is the one
 * type the sim cannot encode: like a server for a resource without protobuf support, it
 * skips it, so `protobuf,json` gets JSON and protobuf alone gets 406.
 */
export function negotiate(accept: string | undefined, options: {table?: boolean; partial?: boolean} = {}): Negotiated {
	if (!accept || accept.trim() === '') return {format: 'json', shape: 'object', version: 'v1'};
	for (const range of parseAccept(accept)) {
		let format: 'json' | 'yaml' | undefined;
		if (range.type === 'application/json' || range.type === 'application/*' || range.type === '*/*') format = 'json';
		else if (range.type === 'application/yaml') format = 'yaml';
		if (!format) continue;
		const as = range.params.as;
		if (!as) return {format, shape: 'object', version: 'v1'};
		if (range.params.g !== 'meta.k8s.io') continue;
		const version = range.params.v ?? '';
		if (version !== 'v1' && version !== 'v1beta1') continue;
		if (as === 'Table' && options.table !== false) return {format, shape: 'table', version};
		if ((as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') && options.partial !== false) {
			return {format, shape: 'partial', version};
		}
	}
	throw new ApiError(406, 'NotAcceptable', `only the following media types are accepted: ${acceptedTypes}`);
}

// --- Writing ----------------------------------------------------------------------------

const commonHeaders = {'Cache-Control': 'no-cache, private'};

export function sendBody(response: ServerResponse, code: number, body: unknown, format: 'json' | 'yaml' = 'json'): void {
	const text = format === 'yaml' ? stringifyYaml(body) : JSON.stringify(body);
	response.writeHead(code, {
		...commonHeaders,
		'Content-Type': format === 'yaml' ? 'application/yaml' : 'application/json',
		'Content-Length': Buffer.byteLength(text),
	});
	response.end(text);
}

export function sendJson(response: ServerResponse, code: number, body: unknown): void {
	sendBody(response, code, body, 'json');
}

/** Errors are Status objects in the negotiated format; a stream already under way is cut. */
export function sendError(response: ServerResponse, error: ApiError, accept?: string): void {
	if (response.headersSent) {
		response.destroy();
		return;
	}
	let format: 'json' | 'yaml' = 'json';
	try {
		format = negotiate(accept, {table: false, partial: false}).format;
	} catch {
		// A Status always has a JSON form.
	}
	sendBody(response, error.code, statusBody(error.code, error.reason, error.message, error.details, error.listMeta), format);
}

export function sendText(response: ServerResponse, code: number, text: string): void {
	response.writeHead(code, {
		...commonHeaders,
		'Content-Type': 'text/plain; charset=utf-8',
		'X-Content-Type-Options': 'nosniff',
		'Content-Length': Buffer.byteLength(text),
	});
	response.end(text);
}

// --- Reading ----------------------------------------------------------------------------

export async function readBody(request: IncomingMessage, limit = 3 * 1024 * 1024): Promise<string> {
	return (await readRaw(request, limit)).toString('utf8');
}

export async function readRaw(request: IncomingMessage, limit = 3 * 1024 * 1024): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new ApiError(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728');
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

const mediaType = (request: IncomingMessage) => (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();

/** A create/update body: JSON or YAML by Content-Type (what the apiserver's codecs decode). */
export async function readObject<T>(request: IncomingMessage): Promise<T> {
	const type = mediaType(request);
	if (type !== '' && type !== 'application/json' && type !== 'application/yaml' && type !== '*/*') {
		throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${acceptedTypes}`);
	}
	const text = await readBody(request);
	return decode<T>(text, type === 'application/yaml' ? 'yaml' : 'json');
}

export function decode<T>(text: string, format: 'json' | 'yaml'): T {
	if (format === 'yaml') {
		try {
			return parseYaml(text) as T;
		} catch (error) {
			throw badRequest(`error converting YAML to JSON: ${(error as Error).message.split('\n')[0]}`);
		}
	}
	try {
		return JSON.parse(text) as T;
	} catch {
		const first = text.trimStart()[0];
		throw badRequest(
			first === undefined
				? "Object 'Kind' is missing in ''"
				: `couldn't get version/kind; json parse error: invalid character '${first}' looking for beginning of value`,
		);
	}
}

/** Kept for callers that only take JSON bodies. */
export async function readJson<T>(request: IncomingMessage): Promise<T> {
	return decode<T>(await readBody(request), 'json');
}

export function requestMediaType(request: IncomingMessage): string {
	return mediaType(request);
}

// --- Protobuf ---------------------------------------------------------------------------

/** One message's fields by number: varints as numbers, length-delimited fields as bytes. */
export type ProtoFields = Map<number, Array<number | Buffer>>;

export function protoFields(buffer: Buffer): ProtoFields {
	const fields: ProtoFields = new Map();
	let offset = 0;
	const varint = (): number => {
		let result = 0;
		let shift = 0;
		for (;;) {
			if (offset >= buffer.length) throw badRequest('proto: unexpected EOF');
			const byte = buffer[offset++]!;
			result += (byte & 0x7f) * 2 ** shift;
			if (byte < 0x80) return result;
			shift += 7;
		}
	};
	while (offset < buffer.length) {
		const tag = varint();
		const field = Math.floor(tag / 8);
		let value: number | Buffer;
		switch (tag & 7) {
			case 0:
				value = varint();
				break;
			case 1:
				value = buffer.subarray(offset, offset + 8);
				offset += 8;
				break;
			case 2: {
				const length = varint();
				value = buffer.subarray(offset, offset + length);
				offset += length;
				break;
			}
			case 5:
				value = buffer.subarray(offset, offset + 4);
				offset += 4;
				break;
			default:
				throw badRequest(`proto: illegal wireType ${tag & 7}`);
		}
		fields.set(field, [...(fields.get(field) ?? []), value]);
	}
	return fields;
}

export const protoString = (fields: ProtoFields | undefined, field: number): string | undefined => {
	const value = fields?.get(field)?.[0];
	return Buffer.isBuffer(value) ? value.toString('utf8') : undefined;
};

export const protoMessage = (fields: ProtoFields | undefined, field: number): ProtoFields | undefined => {
	const value = fields?.get(field)?.[0];
	return Buffer.isBuffer(value) ? protoFields(value) : undefined;
};

/** The "k8s\0" envelope (runtime.Unknown) around a protobuf-encoded object. */
export function unwrapProtobuf(body: Buffer): {apiVersion?: string; kind?: string; raw: ProtoFields} {
	if (body.length < 4 || body.toString('latin1', 0, 4) !== 'k8s\0') throw badRequest('provided object is not protobuf-encoded (missing magic number)');
	const unknown = protoFields(body.subarray(4));
	const typeMeta = protoMessage(unknown, 1);
	const raw = unknown.get(2)?.[0];
	return {apiVersion: protoString(typeMeta, 1), kind: protoString(typeMeta, 2), raw: Buffer.isBuffer(raw) ? protoFields(raw) : new Map()};
}

/** ObjectMeta's name, generateName, namespace, labels and annotations from its protobuf form. */
export function protoObjectMeta(fields: ProtoFields | undefined): {
	name?: string;
	generateName?: string;
	namespace?: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
} {
	const map = (field: number) => {
		const entries = (fields?.get(field) ?? []).filter(Buffer.isBuffer).map(entry => protoFields(entry));
		if (entries.length === 0) return undefined;
		return Object.fromEntries(entries.map(entry => [protoString(entry, 1) ?? '', protoString(entry, 2) ?? '']));
	};
	const meta = {name: protoString(fields, 1), generateName: protoString(fields, 2), namespace: protoString(fields, 3), labels: map(11), annotations: map(12)};
	return Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== undefined && value !== ''));
}
