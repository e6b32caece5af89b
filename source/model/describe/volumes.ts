import {clean, goBool, type Writer} from './format.js';
import type {Volume} from '../k8s.js';

// describeVolumes from kubectl's describe.go for the volume sources pods use in practice;
// any other source is named with kubectl's "<unknown>". The projected volume keeps the
// wording of kubectl 1.32 (ConfigMapOptional: <nil>), the release users run today.

type Any = Record<string, unknown>;
const text = (value: unknown) => clean(value as string | undefined);
// Go's %v of a *bool: <nil> when unset (a set pointer prints an address; the value is kinder).
const pointer = (value: unknown) => (value === undefined || value === null ? '<nil>' : goBool(value as boolean));

export function describeVolumes(volumes: Volume[] | undefined, w: Writer): void {
	if (!volumes?.length) {
		w.write(0, 'Volumes:\t<none>\n');
		return;
	}
	w.write(0, 'Volumes:\n');
	for (const volume of volumes) {
		w.write(1, `${clean(volume.name)}:\n`);
		describeSource(volume as Volume & Any, w);
	}
}

function describeSource(volume: Volume & Any, w: Writer): void {
	const field = (name: string) => volume[name] as Any | undefined;
	const lines = (type: string, rows: Array<[string, unknown]>) =>
		w.write(2, `Type:\t${type}\n${rows.map(([key, value]) => `    ${key}:\t${value}\n`).join('')}`);
	if (volume.hostPath) {
		lines('HostPath (bare host directory volume)', [
			['Path', text(volume.hostPath.path)],
			['HostPathType', volume.hostPath.type ? text(volume.hostPath.type) : '<none>'],
		]);
	} else if (volume.emptyDir) {
		const limit = volume.emptyDir.sizeLimit && !/^0+(\.0*)?[a-zA-Z]*$/.test(volume.emptyDir.sizeLimit) ? text(volume.emptyDir.sizeLimit) : '<unset>';
		lines("EmptyDir (a temporary directory that shares a pod's lifetime)", [
			['Medium', text(volume.emptyDir.medium)],
			['SizeLimit', limit],
		]);
	} else if (field('gitRepo')) {
		const git = field('gitRepo')!;
		lines('GitRepo (a volume that is pulled from git when the pod is created)', [
			['Repository', text(git.repository)],
			['Revision', text(git.revision)],
		]);
	} else if (volume.secret) {
		lines('Secret (a volume populated by a Secret)', [
			['SecretName', text(volume.secret.secretName)],
			['Optional', goBool(volume.secret.optional)],
		]);
	} else if (volume.configMap) {
		lines('ConfigMap (a volume populated by a ConfigMap)', [
			['Name', text(volume.configMap.name)],
			['Optional', goBool(volume.configMap.optional)],
		]);
	} else if (field('nfs')) {
		const nfs = field('nfs')!;
		lines('NFS (an NFS mount that lasts the lifetime of a pod)', [
			['Server', text(nfs.server)],
			['Path', text(nfs.path)],
			['ReadOnly', goBool(nfs.readOnly as boolean)],
		]);
	} else if (volume.persistentVolumeClaim) {
		const claim = volume.persistentVolumeClaim;
		lines('PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)', [
			['ClaimName', text(claim.claimName)],
			['ReadOnly', goBool(claim.readOnly)],
		]);
	} else if (field('ephemeral')) {
		w.write(2, 'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n');
	} else if (volume.downwardAPI) {
		w.write(2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
		for (const item of volume.downwardAPI.items as Any[]) {
			const fieldRef = item.fieldRef as Any | undefined;
			const resourceRef = item.resourceFieldRef as Any | undefined;
			if (fieldRef) w.write(3, `${text(fieldRef.fieldPath)} -> ${text(item.path)}\n`);
			if (resourceRef) w.write(3, `${text(resourceRef.resource)} -> ${text(item.path)}\n`);
		}
	} else if (volume.projected) {
		w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
		for (const source of volume.projected.sources as Any[]) {
			const secret = source.secret as Any | undefined;
			const configMap = source.configMap as Any | undefined;
			const token = source.serviceAccountToken as Any | undefined;
			if (secret) w.write(2, `SecretName:\t${text(secret.name)}\n    SecretOptionalName:\t${pointer(secret.optional)}\n`);
			else if (source.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
			else if (configMap) w.write(2, `ConfigMapName:\t${text(configMap.name)}\n    ConfigMapOptional:\t${pointer(configMap.optional)}\n`);
			else if (token) w.write(2, `TokenExpirationSeconds:\t${Number(token.expirationSeconds ?? 0)}\n`);
		}
	} else if (field('csi')) {
		const csi = field('csi')!;
		lines('CSI (a Container Storage Interface (CSI) volume source)', [
			['Driver', text(csi.driver)],
			['FSType', text(csi.fsType)],
			['ReadOnly', goBool(csi.readOnly as boolean)],
		]);
		const attributes = (csi.volumeAttributes ?? {}) as Record<string, string>;
		const keys = Object.keys(attributes).sort();
		w.write(2, 'VolumeAttributes:\t');
		if (keys.length === 0) w.write(0, '<none>\n');
		// Every Write of kubectl's here carries the level's indent, continuation pieces too.
		keys.forEach((key, index) => {
			if (index > 0) {
				w.write(2, '');
				w.write(2, '\t');
			}
			w.write(2, `${clean(key)}=${clean(attributes[key])}\n`);
		});
	} else if (field('image')) {
		const image = field('image')!;
		lines('Image (a container image or OCI artifact)', [
			['Reference', text(image.reference)],
			['PullPolicy', text(image.pullPolicy)],
		]);
	} else {
		w.write(1, '<unknown>\n');
	}
}
