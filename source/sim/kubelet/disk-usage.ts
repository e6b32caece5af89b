import type {Container, Pod} from '../../model/k8s.js';

// What a pod's containers have written to local storage, as the kubelet's stats see it: each
// container's writable layer (gone with the container when it restarts) and each volume of
// the pod (kept for the pod's life). Log files are not counted.

export type UsageSnapshot = {containers: Map<string, number>; volumes: Map<string, number>};

const under = (path: string, mount: string) => path === mount || path.startsWith(mount.endsWith('/') ? mount : `${mount}/`);

export class DiskUsage {
	private readonly containers = new Map<string, number>();
	private readonly volumes = new Map<string, number>();

	constructor(private readonly pod: () => Pod) {}

	/** `bytes` written to `path` by `container`: into the volume mounted deepest over it, else its writable layer. */
	write(container: Container, path: string, bytes: number): void {
		const mount = (container.volumeMounts ?? [])
			.filter(candidate => under(path, candidate.mountPath))
			.sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
		const volume = mount && this.pod().spec.volumes?.find(candidate => candidate.name === mount.name);
		if (volume) this.volumes.set(volume.name, (this.volumes.get(volume.name) ?? 0) + bytes);
		else this.containers.set(container.name, (this.containers.get(container.name) ?? 0) + bytes);
	}

	/** A new container instance starts with an empty writable layer. */
	started(name: string): void {
		this.containers.delete(name);
	}

	snapshot(): UsageSnapshot {
		return {containers: new Map(this.containers), volumes: new Map(this.volumes)};
	}
}
