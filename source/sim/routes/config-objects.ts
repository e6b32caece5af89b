import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Cluster} from '../cluster.js';
import {type ConfigKind, type ConfigObject, createConfigObject, decodeConfigObject, updateErrors} from '../config/objects.js';
import {statusTime} from '../kubelet/pod-worker.js';
import type {Stored} from './resources.js';
import {
	badRequest,
	invalid,
	type ProtoFields,
	protoFields,
	protoMessage,
	protoObjectMeta,
	protoString,
	readObject,
	readRaw,
	requestMediaType,
	sendJson,
	unwrapProtobuf,
} from './respond.js';
import {addWarnings} from './warnings.js';
import {isDryRun} from './write-options.js';

// The writes particular to ConfigMaps and Secrets: create (in JSON, YAML, or protobuf, which
// kubectl's typed client sends for `kubectl create configmap|secret`) and the strategy's part
// of an update (stringData merged, the immutable checks).

export const configKinds: Record<string, ConfigKind> = {configmaps: 'ConfigMap', secrets: 'Secret'};

/** The fields of each kind (metadata is not looked into). */
const knownFields: Record<ConfigKind, Set<string>> = {
	ConfigMap: new Set(['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable']),
	Secret: new Set(['apiVersion', 'kind', 'metadata', 'data', 'stringData', 'type', 'immutable']),
};

/**
 * fieldValidation on a create or update body: an unknown field (a Secret's `stringdata`) is
 * refused under Strict, what kubectl sends; dropped with a warning under Warn, the default;
 * dropped silently under Ignore.
 */
export function checkConfigFields(kind: ConfigKind, body: ConfigObject, query: URLSearchParams, response: ServerResponse): ConfigObject {
	const unknown = Object.keys(body).filter(field => !knownFields[kind].has(field));
	if (unknown.length === 0) return body;
	const texts = unknown.map(field => `unknown field ${JSON.stringify(field)}`);
	const mode = query.get('fieldValidation') ?? 'Warn';
	if (mode === 'Strict') throw badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: strict decoding error: ${texts.join(', ')}`);
	if (mode !== 'Ignore') addWarnings(response, texts);
	return Object.fromEntries(Object.entries(body).filter(([field]) => knownFields[kind].has(field))) as ConfigObject;
}

/** A map<string, string|bytes> field of a protobuf message: entries of key 1, value 2. */
function protoMap(fields: ProtoFields | undefined, field: number, bytes: boolean): Record<string, string> | undefined {
	const entries = (fields?.get(field) ?? []).filter(Buffer.isBuffer).map(entry => protoFields(entry));
	if (entries.length === 0) return undefined;
	return Object.fromEntries(
		entries.map(entry => {
			const value = entry.get(2)?.[0];
			const buffer = Buffer.isBuffer(value) ? value : Buffer.alloc(0);
			return [protoString(entry, 1) ?? '', bytes ? buffer.toString('base64') : buffer.toString('utf8')];
		}),
	);
}

/** A ConfigMap or Secret from its protobuf form (k8s.io/api core/v1 generated.proto), as its JSON form would read. */
function fromProtobuf(kind: ConfigKind, raw: ProtoFields): ConfigObject {
	const metadata = protoObjectMeta(protoMessage(raw, 1)) as ConfigObject['metadata'];
	const flag = (field: number) => (raw.get(field)?.[0] === 1 ? {immutable: true} : {});
	const present = <T extends object>(object: T) => Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
	if (kind === 'ConfigMap') return present({metadata, data: protoMap(raw, 2, false), binaryData: protoMap(raw, 3, true), ...flag(4)});
	return present({metadata, data: protoMap(raw, 2, true), stringData: protoMap(raw, 4, false), type: protoString(raw, 3), ...flag(5)});
}

export async function readConfigBody(request: IncomingMessage, kind: ConfigKind): Promise<ConfigObject> {
	if (requestMediaType(request) !== 'application/vnd.kubernetes.protobuf') return readObject<ConfigObject>(request);
	const {kind: sent, raw} = unwrapProtobuf(await readRaw(request));
	return {...fromProtobuf(kind, raw), ...(sent ? {kind: sent, apiVersion: 'v1'} : {})};
}

export function createConfig(
	cluster: Cluster,
	kind: ConfigKind,
	body: ConfigObject,
	namespace: string,
	query: URLSearchParams,
	response: ServerResponse,
): void {
	if (!body || typeof body !== 'object') throw badRequest("Object 'Kind' is missing in 'null'");
	if (body.kind !== undefined && body.kind !== kind) {
		throw badRequest(`the API version in the data (${body.apiVersion ?? ''}) does not match the expected API version (v1)`);
	}
	if (body.metadata?.namespace && body.metadata.namespace !== namespace) {
		throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
	}
	const created = createConfigObject(
		cluster,
		kind,
		checkConfigFields(kind, body, query, response),
		namespace,
		statusTime(cluster.clock.now()),
		isDryRun(query),
	);
	sendJson(response, 201, created);
}

/**
 * The strategy's PrepareForUpdate and ValidateUpdate for the merged object of a PUT or PATCH:
 * the body decoded as on create, then the update's validation. A Secret sent without a type
 * is defaulted to Opaque while decoding, before the strategy could keep the old one, so a PUT
 * that leaves out the type of a TLS secret is refused: the type is immutable.
 */
export function prepareConfigUpdate(kind: ConfigKind, current: Stored, merged: Stored): Stored {
	const next = decodeConfigObject(kind, merged as unknown as ConfigObject);
	const errors = updateErrors(kind, next, current as unknown as ConfigObject);
	if (errors.length > 0) throw invalid(kind, current.metadata.name, errors);
	return next as unknown as Stored;
}
