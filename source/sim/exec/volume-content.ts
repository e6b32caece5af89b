import path from 'node:path';
import type {Container, Pod, Volume} from '../../model/k8s.js';

// Which of a pod's volumes a sandboxed container sees where, and what is in them. emptyDir
// is a directory of the pod's, shared by every container that mounts it. What a configMap,
// secret, projected or downwardAPI volume holds comes from a provider the sim is given (the
// API objects it would read are not the runtime's business); without one those volumes are
// empty. Nothing of the host is ever mounted: hostPath and claims are empty directories too.

/** A volume's files by path relative to the volume's root. */
export type VolumeFiles = Record<string, Buffer | string>;

/** The files of a configMap, secret, projected or downwardAPI volume, or undefined when unknown. */
export type VolumeContentProvider = (pod: Pod, volume: Volume) => VolumeFiles | undefined;

export const noVolumeContent: VolumeContentProvider = () => undefined;

/** The kubelet mounts these read-only whatever the mount says (their writers are atomic). */
export const isProjected = (volume: Volume) => Boolean(volume.configMap || volume.secret || volume.projected || volume.downwardAPI);

/** A relative path that stays inside its directory: no empty, absolute or `..` parts. */
export function safeRelative(relative: string): boolean {
	if (relative === '' || relative.startsWith('/') || relative.includes('\0')) return false;
	return relative.split('/').every(part => part !== '..' && part !== '');
}

/** An absolute path inside the container, normalised; undefined when it is not absolute. */
export function containerPath(mountPath: string): string | undefined {
	if (!mountPath.startsWith('/') || mountPath.includes('\0')) return undefined;
	const normal = path.posix.normalize(mountPath);
	// normalize keeps no `..` above the root, so what is left is inside it.
	return normal.length > 1 ? normal.replace(/\/$/, '') : undefined;
}

export type PlannedMount = {volume: Volume; subPath?: string; target: string; readOnly: boolean};

/** The container's volumeMounts, each with its volume; an error names the first that cannot be mounted. */
export function containerMounts(pod: Pod, container: Container): {mounts: PlannedMount[]} | {error: string} {
	const mounts: PlannedMount[] = [];
	for (const mount of container.volumeMounts ?? []) {
		const volume = pod.spec.volumes?.find(candidate => candidate.name === mount.name);
		if (!volume) return {error: `volume "${mount.name}" not found in pod`};
		const target = containerPath(mount.mountPath);
		if (!target) return {error: `mount path "${mount.mountPath}" is not an absolute path below /`};
		if (mount.subPath !== undefined && mount.subPath !== '' && !safeRelative(path.posix.normalize(mount.subPath)))
			return {error: `subPath "${mount.subPath}" must be a relative path within the volume`};
		mounts.push({
			volume,
			subPath: mount.subPath ? path.posix.normalize(mount.subPath) : undefined,
			target,
			readOnly: mount.readOnly === true || isProjected(volume),
		});
	}
	return {mounts};
}
