import type {ConfigMap, Namespace, Secret} from '../../model/k8s.js';
import {generatedName} from '../pod-defaults.js';
import {ApiError, badRequest, type FieldError, invalid, notFound} from '../routes/respond.js';
import type {ObjectStore} from '../store.js';
import {base64Error, goBase64Decode} from './go-base64.js';
import {configMapErrors, configMapUpdateErrors, secretErrors, secretUpdateErrors} from './validation.js';

// ConfigMaps and Secrets as kube-apiserver writes them: the body decoded (base64 checked as
// encoding/json does for []byte), a Secret's stringData merged over its data and dropped
// (Convert_v1_Secret_To_core_Secret, pkg/apis/core/v1/conversion.go), its type defaulted to
// Opaque (SetDefaults_Secret), NamespaceLifecycle admission, then the strategy's validation
// (pkg/registry/core/configmap, pkg/registry/core/secret).

export type ConfigKind = 'ConfigMap' | 'Secret';
export type ConfigObject = ConfigMap | Secret;

export type ConfigStores = {namespaces: ObjectStore<Namespace>; configMaps: ObjectStore<ConfigMap>; secrets: ObjectStore<Secret>};

export const pluralOf = (kind: ConfigKind) => (kind === 'ConfigMap' ? 'configmaps' : 'secrets');
export const storeOf = (stores: ConfigStores, kind: ConfigKind) =>
	(kind === 'ConfigMap' ? stores.configMaps : stores.secrets) as unknown as ObjectStore<ConfigObject>;

/** A base64 bag re-encoded canonically, or the decoder's 400 naming the kind. */
function decodeBag(kind: ConfigKind, field: string, bag: unknown): Record<string, string> | undefined {
	if (bag === undefined || bag === null) return undefined;
	const cannot = (why: string) => badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: ${why}`);
	if (typeof bag !== 'object' || Array.isArray(bag))
		throw cannot(`json: cannot unmarshal ${Array.isArray(bag) ? 'array' : typeof bag} into Go struct field ${kind}.${field} of type map[string][]uint8`);
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(bag)) {
		if (value === null) continue;
		if (typeof value !== 'string') throw cannot(`json: cannot unmarshal ${typeof value} into Go struct field ${kind}.${field} of type []uint8`);
		const decoded = goBase64Decode(value);
		if ('errorAt' in decoded) throw cannot(base64Error(decoded.errorAt));
		result[key] = decoded.bytes.toString('base64');
	}
	return result;
}

/** A map of strings, or the decoder's 400 for a value that is not one (YAML's `a: 1`). */
function stringBag(kind: ConfigKind, field: string, bag: unknown): Record<string, string> | undefined {
	if (bag === undefined || bag === null) return undefined;
	const cannot = (type: string, what: string) =>
		badRequest(`${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${type} into Go struct field ${kind}.${field} of type ${what}`);
	if (typeof bag !== 'object' || Array.isArray(bag)) throw cannot(Array.isArray(bag) ? 'array' : typeof bag, 'map[string]string');
	for (const value of Object.values(bag)) {
		if (value !== null && typeof value !== 'string') throw cannot(Array.isArray(value) ? 'array' : typeof value, 'string');
	}
	return Object.fromEntries(Object.entries(bag).filter(([, value]) => value !== null)) as Record<string, string>;
}

/** Decoding and conversion: what the strategy then sees of a write's body. */
export function decodeConfigObject(kind: ConfigKind, body: ConfigObject): ConfigObject {
	// An empty map is not stored: Go's encoder leaves it out (omitempty).
	const present = (name: string, bag: Record<string, string> | undefined) => (bag && Object.keys(bag).length > 0 ? {[name]: bag} : {});
	if (kind === 'ConfigMap') {
		const {binaryData, data, ...rest} = body as ConfigMap;
		return {...rest, ...present('data', stringBag(kind, 'data', data)), ...present('binaryData', decodeBag(kind, 'binaryData', binaryData))};
	}
	const secret = body as Secret;
	const data = decodeBag(kind, 'data', secret.data) ?? {};
	for (const [key, value] of Object.entries(stringBag(kind, 'stringData', secret.stringData) ?? {}))
		data[key] = Buffer.from(String(value), 'utf8').toString('base64');
	const {stringData: _stringData, data: _data, ...rest} = secret;
	return {...rest, ...present('data', data), type: secret.type || 'Opaque'};
}

export const validationErrors = (kind: ConfigKind, object: ConfigObject) =>
	(kind === 'ConfigMap' ? configMapErrors(object as ConfigMap) : secretErrors(object as Secret)) as FieldError[];

export const updateErrors = (kind: ConfigKind, next: ConfigObject, old: ConfigObject) =>
	(kind === 'ConfigMap' ? configMapUpdateErrors(next as ConfigMap, old as ConfigMap) : secretUpdateErrors(next as Secret, old as Secret)) as FieldError[];

/** NamespaceLifecycle admission: no writes into a namespace that is missing or going away. */
export function admitNamespace(stores: ConfigStores, kind: ConfigKind, namespace: string, name: string): void {
	const home = stores.namespaces.get(undefined, namespace);
	if (!home) throw notFound('namespaces', namespace);
	if (home.metadata.deletionTimestamp) {
		throw new ApiError(
			403,
			'Forbidden',
			`${pluralOf(kind)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
			{
				name,
				kind: pluralOf(kind),
				causes: [{reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace'}],
			},
		);
	}
}

/**
 * Create a ConfigMap or Secret as the API does (decoded body in, stored object out); with
 * `dryRun`, everything but the write. Throws the ApiError the server answers with.
 */
export function createConfigObject(stores: ConfigStores, kind: ConfigKind, body: ConfigObject, namespace: string, now: string, dryRun = false): ConfigObject {
	const decoded = decodeConfigObject(kind, body);
	const requested = decoded.metadata ?? ({} as ConfigObject['metadata']);
	admitNamespace(stores, kind, namespace, requested.name ?? '');
	const name = requested.name || (requested.generateName ? generatedName(requested.generateName) : '');
	const {status: _status, ...withoutStatus} = decoded as ConfigObject & {status?: unknown};
	const object = {
		...withoutStatus,
		apiVersion: 'v1',
		kind,
		metadata: {...requested, name, namespace, uid: crypto.randomUUID(), creationTimestamp: now},
	} as ConfigObject;
	delete object.metadata.resourceVersion;
	// The name is generated before validation (BeforeCreate), so a bad generateName shows in it.
	const errors = validationErrors(kind, object);
	if (errors.length > 0) throw invalid(kind, name, errors);
	const store = storeOf(stores, kind);
	if (store.get(namespace, name)) throw new ApiError(409, 'AlreadyExists', `${pluralOf(kind)} "${name}" already exists`, {name, kind: pluralOf(kind)});
	return dryRun ? object : store.create(object);
}
