import type {ConfigMap, Secret} from '../../model/k8s.js';
import {metadataErrors, type PodFieldError, subdomain, subdomainMessage} from '../pod-defaults.js';

// kube-apiserver's validation of ConfigMaps and Secrets (ValidateConfigMap, ValidateSecret and
// their Update forms, pkg/apis/core/validation/validation.go; IsConfigMapKey, apimachinery
// pkg/util/validation/validation.go). Data keys are checked in sorted order: Go ranges over the
// map in random order, so a real server lists several bad keys in any order.

export type ConfigFieldError = Omit<PodFieldError, 'type'> & {type: PodFieldError['type'] | 'TooLong'};

/** core.MaxSecretSize: the most a ConfigMap's or a Secret's values may hold together. */
export const maxConfigBytes = 1024 * 1024;

const configKey = /^[-._a-zA-Z0-9]+$/;
const configKeyMessage =
	"a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** validation.IsConfigMapKey: what is wrong with a data key, if anything. */
export function configKeyErrors(key: string): string[] {
	const errors: string[] = [];
	if (key.length > 253) errors.push('must be no more than 253 characters');
	if (!configKey.test(key)) errors.push(configKeyMessage);
	if (key === '.') errors.push("must not be '.'");
	else if (key === '..') errors.push("must not be '..'");
	else if (key.startsWith('..')) errors.push("must not start with '..'");
	return errors;
}

/** ValidateObjectMeta with NameIsDNSSubdomain, for a namespaced object. */
function metaErrors(metadata: ConfigMap['metadata'] | undefined): ConfigFieldError[] {
	const errors: ConfigFieldError[] = [];
	const name = metadata?.name;
	if (!name && !metadata?.generateName) errors.push({field: 'metadata.name', type: 'Required', detail: 'name or generateName is required'});
	else if (name && (name.length > 253 || !subdomain.test(name))) errors.push({field: 'metadata.name', type: 'Invalid', value: name, detail: subdomainMessage});
	errors.push(...metadataErrors(metadata));
	return errors;
}

const sortedKeys = (bag: Record<string, unknown> | undefined) => Object.keys(bag ?? {}).sort();

function keyErrors(bag: Record<string, unknown> | undefined, path: string): ConfigFieldError[] {
	return sortedKeys(bag).flatMap(key => configKeyErrors(key).map(detail => ({field: `${path}[${key}]`, type: 'Invalid' as const, value: key, detail})));
}

/** ValidateConfigMap. binaryData values are base64 text here: they count as the bytes they hold. */
export function configMapErrors(configMap: ConfigMap): ConfigFieldError[] {
	const errors = metaErrors(configMap.metadata);
	let size = 0;
	for (const key of sortedKeys(configMap.data)) {
		errors.push(...keyErrors({[key]: ''}, 'data'));
		if (configMap.binaryData && key in configMap.binaryData) {
			errors.push({field: `data[${key}]`, type: 'Invalid', value: key, detail: 'duplicate of key present in binaryData'});
		}
		size += Buffer.byteLength(configMap.data![key]!);
	}
	errors.push(...keyErrors(configMap.binaryData, 'binaryData'));
	for (const value of Object.values(configMap.binaryData ?? {})) size += Buffer.from(value, 'base64').length;
	// The path is empty: the error is about the whole object.
	if (size > maxConfigBytes) errors.push({field: '', type: 'TooLong', detail: `may not be more than ${maxConfigBytes} bytes`});
	return errors;
}

/** Go's json.Unmarshal error for a docker config that is not a JSON object, roughly. */
function jsonError(bytes: Buffer): string | undefined {
	const text = bytes.toString('utf8');
	try {
		const parsed: unknown = JSON.parse(text);
		if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return undefined;
		return `json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type map[string]interface {}`;
	} catch {
		const first = text.trimStart()[0];
		return first === undefined ? 'unexpected end of JSON input' : `invalid character '${first}' looking for beginning of value`;
	}
}

/** What each well-known secret type requires of its data (the switch in ValidateSecret). */
function typeErrors(secret: Secret, data: Record<string, string>): ConfigFieldError[] {
	const has = (key: string) => key in data;
	const required = (key: string): ConfigFieldError => ({field: `data[${key}]`, type: 'Required'});
	const dockerJson = (key: string): ConfigFieldError[] => {
		if (!has(key)) return [required(key)];
		const error = jsonError(Buffer.from(data[key]!, 'base64'));
		return error ? [{field: `data[${key}]`, type: 'Invalid', value: '<secret contents redacted>', detail: error}] : [];
	};
	switch (secret.type) {
		case 'kubernetes.io/service-account-token':
			return secret.metadata.annotations?.['kubernetes.io/service-account.name']
				? []
				: [{field: 'metadata.annotations[kubernetes.io/service-account.name]', type: 'Required'}];
		case 'kubernetes.io/dockercfg':
			return dockerJson('.dockercfg');
		case 'kubernetes.io/dockerconfigjson':
			return dockerJson('.dockerconfigjson');
		case 'kubernetes.io/basic-auth':
			return has('username') || has('password') ? [] : [required('username'), required('password')];
		case 'kubernetes.io/ssh-auth':
			return data['ssh-privatekey'] ? [] : [required('ssh-privatekey')];
		case 'kubernetes.io/tls':
			return [...(has('tls.crt') ? [] : [required('tls.crt')]), ...(has('tls.key') ? [] : [required('tls.key')])];
		default:
			return [];
	}
}

/** ValidateSecret, on a Secret whose stringData is already merged into data. */
export function secretErrors(secret: Secret): ConfigFieldError[] {
	const data = secret.data ?? {};
	const errors = [...metaErrors(secret.metadata), ...keyErrors(data, 'data')];
	const size = Object.values(data).reduce((total, value) => total + Buffer.from(value, 'base64').length, 0);
	if (size > maxConfigBytes) errors.push({field: 'data', type: 'TooLong', detail: `may not be more than ${maxConfigBytes} bytes`});
	errors.push(...typeErrors(secret, data));
	return errors;
}

const immutableForbidden = (field: string): ConfigFieldError => ({field, type: 'Forbidden', detail: 'field is immutable when `immutable` is set'});
/** Equal data bags (an empty bag and none are the same once stored: etcd keeps no empty map). */
const sameBag = (a: Record<string, string> | undefined, b: Record<string, string> | undefined) => {
	const left = Object.entries(a ?? {});
	return left.length === Object.keys(b ?? {}).length && left.every(([key, value]) => b?.[key] === value);
};

/** ValidateConfigMapUpdate. */
export function configMapUpdateErrors(next: ConfigMap, old: ConfigMap): ConfigFieldError[] {
	const errors: ConfigFieldError[] = [];
	if (old.immutable) {
		if (!next.immutable) errors.push(immutableForbidden('immutable'));
		if (!sameBag(next.data, old.data)) errors.push(immutableForbidden('data'));
		if (!sameBag(next.binaryData, old.binaryData)) errors.push(immutableForbidden('binaryData'));
	}
	return [...errors, ...configMapErrors(next)];
}

/** ValidateSecretUpdate: the type never changes, and an immutable Secret keeps its data. */
export function secretUpdateErrors(next: Secret, old: Secret): ConfigFieldError[] {
	const errors: ConfigFieldError[] = [];
	if ((next.type ?? '') !== (old.type ?? '')) errors.push({field: 'type', type: 'Invalid', value: next.type ?? '', detail: 'field is immutable'});
	if (old.immutable) {
		if (!next.immutable) errors.push(immutableForbidden('immutable'));
		if (!sameBag(next.data, old.data)) errors.push(immutableForbidden('data'));
	}
	return [...errors, ...secretErrors(next)];
}
