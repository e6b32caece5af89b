import {clean, entries, type Finding, type Rule} from './types.js';

// An emptyDir exists to be shared between the containers of a pod; mounted by only one of
// several containers, the other side of the exchange is missing (the reader or the writer).

const scratch = /tmp|temp|cache|scratch|work/i;

export const unsharedVolume: Rule = {
	id: 'unshared-volume',
	check({pod}) {
		const containers = entries(pod);
		if (containers.length < 2) return [];
		const findings: Finding[] = [];
		for (const volume of pod.spec.volumes ?? []) {
			if (!volume.emptyDir) continue;
			const users = containers.filter(entry => entry.spec.volumeMounts?.some(mount => mount.name === volume.name));
			if (users.length !== 1) continue;
			const [user] = users;
			const mountIndex = user!.spec.volumeMounts!.findIndex(mount => mount.name === volume.name);
			const mount = user!.spec.volumeMounts![mountIndex]!;
			findings.push({
				id: 'unshared-volume',
				// A scratch directory is a fine reason for a private emptyDir.
				severity: scratch.test(volume.name) || scratch.test(mount.mountPath) ? 'info' : 'warning',
				title: `emptyDir ${clean(volume.name)} is mounted only by ${clean(user!.name)}: no other container can read or write it`,
				evidence: [
					`spec.volumes{${clean(volume.name)}}.emptyDir: {}`,
					`${user!.path}.volumeMounts[${mountIndex}]: ${clean(mount.mountPath)}`,
					...containers
						.filter(entry => entry !== user)
						.map(entry => `${entry.path}.volumeMounts: ${entry.spec.volumeMounts?.some(item => item.name === volume.name) ? '' : `no ${clean(volume.name)}`}`),
				],
				fix: `Mount ${clean(volume.name)} in the container that should share it (e.g. the same mountPath ${clean(mount.mountPath)}), or drop the volume if ${clean(user!.name)} only needs a scratch directory.`,
				container: user!.name,
			});
		}
		return findings;
	},
};
