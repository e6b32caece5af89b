import type {DownwardAPIVolumeFile, KeyToPath, Pod, Volume} from '../../model/k8s.js';
import {type ConfigSource, configMapNotFound, configMapValue, secretNotFound, secretValue} from './config-source.js';
import {fieldValue} from './env-resolution.js';

// What the kubelet writes into a pod's configMap, secret, downwardAPI and projected volumes:
// the files (path, bytes, mode) of each, or the error SetUp fails with (pkg/volume/configmap,
// pkg/volume/secret, pkg/volume/projected: MakePayload and collectData). Pure: the volume
// manager reads only the error, and whatever builds a container's filesystem writes the files.

export type VolumeFile = {path: string; data: Buffer; mode: number};
export type VolumeContents = {volume: string; files: VolumeFile[]} | {volume: string; error: string};

/** The API's default for defaultMode (SetDefaults_ConfigMapVolumeSource and its siblings): 0644. */
export const defaultFileMode = 0o644;

type Payload = {files: VolumeFile[]} | {error: string};

/** MakePayload: every key, or the items named, each with its own mode or the volume's. */
function payload(
	keys: string[],
	value: (key: string) => Buffer | undefined,
	items: KeyToPath[] | undefined,
	mode: number,
	optional: boolean,
	missingKey: (key: string) => string,
): Payload {
	if (!items?.length) return {files: keys.map(key => ({path: key, data: value(key)!, mode}))};
	const files: VolumeFile[] = [];
	for (const item of items) {
		const data = value(item.key);
		if (data === undefined) {
			if (optional) continue;
			return {error: missingKey(item.key)};
		}
		files.push({path: item.path, data, mode: item.mode ?? mode});
	}
	return {files};
}

type Ref = {name?: string; items?: KeyToPath[]; optional?: boolean};

function configMapPayload(pod: Pod, source: ConfigSource, ref: Ref, mode: number): Payload {
	const name = ref.name ?? '';
	const configMap = source.configMap(pod.metadata.namespace ?? 'default', name);
	if (!configMap && !ref.optional) return {error: configMapNotFound(name)};
	const keys = configMap ? [...Object.keys(configMap.data ?? {}), ...Object.keys(configMap.binaryData ?? {})] : [];
	return payload(
		keys,
		key => (configMap ? configMapValue(configMap, key) : undefined),
		ref.items,
		mode,
		ref.optional === true,
		key => `configmap references non-existent config key: ${key}`,
	);
}

function secretPayload(pod: Pod, source: ConfigSource, ref: Ref, mode: number): Payload {
	const name = ref.name ?? '';
	const secret = source.secret(pod.metadata.namespace ?? 'default', name);
	if (!secret && !ref.optional) return {error: secretNotFound(name)};
	return payload(
		Object.keys(secret?.data ?? {}),
		key => (secret ? secretValue(secret, key) : undefined),
		ref.items,
		mode,
		ref.optional === true,
		key => `references non-existent secret key: ${key}`,
	);
}

function downwardPayload(pod: Pod, items: DownwardAPIVolumeFile[], mode: number): Payload {
	// resourceFieldRef items are not modelled: they project nothing.
	const files = items.flatMap(item => {
		const value = item.fieldRef ? fieldValue(pod, item.fieldRef.fieldPath) : undefined;
		return value === undefined ? [] : [{path: item.path, data: Buffer.from(value), mode: item.mode ?? mode}];
	});
	return {files};
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several in brackets, duplicates once. */
const aggregate = (messages: string[]) => {
	const unique = [...new Set(messages)];
	return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
};

/** A projected volume: every source's files, or every source's error together (collectData). */
function projectedPayload(pod: Pod, source: ConfigSource, volume: NonNullable<Volume['projected']>): Payload {
	const mode = volume.defaultMode ?? defaultFileMode;
	const errors: string[] = [];
	const files = new Map<string, VolumeFile>();
	for (const projection of volume.sources ?? []) {
		let part: Payload | undefined;
		if (projection.secret) part = secretPayload(pod, source, projection.secret, mode);
		else if (projection.configMap) part = configMapPayload(pod, source, projection.configMap, mode);
		else if (projection.downwardAPI) part = downwardPayload(pod, projection.downwardAPI.items ?? [], mode);
		else if (projection.serviceAccountToken) {
			// The sim issues no tokens: the file is there, its content a stand-in.
			const account = pod.spec.serviceAccountName ?? 'default';
			const data = Buffer.from(`podscope-sim-token:${pod.metadata.namespace ?? 'default'}:${account}`);
			part = {files: [{path: projection.serviceAccountToken.path, data, mode}]};
		}
		if (!part) continue;
		if ('error' in part) errors.push(part.error);
		else for (const file of part.files) files.set(file.path, file);
	}
	return errors.length > 0 ? {error: aggregate(errors)} : {files: [...files.values()]};
}

/** One volume's contents, or undefined for a kind of volume these plugins do not fill. */
export function volumeContent(pod: Pod, volume: Volume, source: ConfigSource): VolumeContents | undefined {
	let result: Payload | undefined;
	if (volume.configMap) result = configMapPayload(pod, source, volume.configMap, volume.configMap.defaultMode ?? defaultFileMode);
	else if (volume.secret) {
		const {secretName, ...rest} = volume.secret;
		result = secretPayload(pod, source, {...rest, name: secretName}, volume.secret.defaultMode ?? defaultFileMode);
	} else if (volume.projected) result = projectedPayload(pod, source, volume.projected);
	else if (volume.downwardAPI) result = downwardPayload(pod, volume.downwardAPI.items ?? [], defaultFileMode);
	if (!result) return undefined;
	const files = 'files' in result ? [...result.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) : undefined;
	return files ? {volume: volume.name, files} : {volume: volume.name, error: (result as {error: string}).error};
}

/** The contents of each configMap, secret, downwardAPI and projected volume of the pod, in spec order. */
export function volumeContents(pod: Pod, source: ConfigSource): VolumeContents[] {
	return (pod.spec.volumes ?? []).flatMap(volume => volumeContent(pod, volume, source) ?? []);
}
