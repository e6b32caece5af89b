import type {Volume} from '../k8s.js';
import {age, eventFirstSeen, eventLine, podEvents} from './pod-facts.js';
import {clean, entries, listNames, type Rule} from './types.js';

// FailedMount: the kubelet cannot set up a volume, so no container of the pod starts and the
// pod stays ContainerCreating (or Init:0/N). The event is about the pod, with no fieldPath:
// `MountVolume.SetUp failed for volume "config" : configmap "app-config" not found`
// (pkg/volume/util/operationexecutor), or "Unable to attach or mount volumes: unmounted
// volumes=[…]" when the wait timed out (pkg/kubelet/volumemanager).

function source(volume: Volume): {field: string; kind?: string; name?: string} {
	if (volume.configMap) return {field: 'configMap.name', kind: 'ConfigMap', name: volume.configMap.name};
	if (volume.secret) return {field: 'secret.secretName', kind: 'Secret', name: volume.secret.secretName};
	if (volume.persistentVolumeClaim)
		return {field: 'persistentVolumeClaim.claimName', kind: 'PersistentVolumeClaim', name: volume.persistentVolumeClaim.claimName};
	if (volume.hostPath) return {field: 'hostPath.path', name: volume.hostPath.path};
	return {field: Object.keys(volume).find(key => key !== 'name') ?? 'source'};
}

const kinds: Record<string, string> = {configmap: 'ConfigMap', secret: 'Secret', persistentvolumeclaim: 'PersistentVolumeClaim'};

export const mountFailure: Rule = {
	id: 'mount-failure',
	check(input) {
		const all = entries(input.pod);
		const creating = all.some(
			entry => ['ContainerCreating', 'PodInitializing'].includes(entry.status?.state?.waiting?.reason ?? '') && !entry.status?.lastState?.terminated,
		);
		const started = all.some(entry => entry.status?.state?.running || entry.status?.state?.terminated);
		const events = podEvents(input, /^(FailedMount|FailedAttachVolume|FailedMapVolume)$/);
		if (events.length === 0 || started || !(creating || input.pod.status?.phase === 'Pending')) return [];
		const last = events.at(-1)!;
		const text = last.message ?? '';
		const named = [...new Set([...text.matchAll(/for volume "([^"]+)"/g)].map(match => match[1]!))];
		const unmounted = /unmounted volumes=\[([^\]]*)\]/.exec(text)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
		const names = named.length > 0 ? named : unmounted;
		const volumes = (input.pod.spec.volumes ?? []).filter(volume => names.includes(volume.name));
		const object = /(configmap|secret|persistentvolumeclaim) "([^"]+)" not found/i.exec(text);
		const kind = object ? (kinds[object[1]!.toLowerCase()] ?? object[1]!) : undefined;
		const since = age(eventFirstSeen(events[0]!), input.now);
		const users = all.filter(entry => entry.spec.volumeMounts?.some(mount => names.includes(mount.name)));
		const evidence = [
			eventLine(last),
			...volumes.map(volume => {
				const from = source(volume);
				return `spec.volumes{${clean(volume.name)}}.${from.field}: ${clean(from.name ?? '{}')}`;
			}),
			...users.flatMap(entry =>
				(entry.spec.volumeMounts ?? []).flatMap((mount, index) =>
					names.includes(mount.name) ? [`${entry.path}.volumeMounts[${index}]: ${clean(mount.name)} at ${clean(mount.mountPath)}`] : [],
				),
			),
		];
		const volumeNames = listNames(names.map(name => `"${clean(name)}"`));
		const first = volumes[0] ? source(volumes[0]) : undefined;
		const namespace = clean(input.pod.metadata.namespace ?? 'default');
		const fix = object
			? `Create ${clean(kind!)} ${clean(object[2]!)} in namespace ${namespace}, or correct spec.volumes{${clean(volumes[0]?.name ?? names[0] ?? '')}}.${first?.field ?? ''}${object[1]!.toLowerCase() === 'persistentvolumeclaim' ? '' : ' (or set optional: true there if the app can start without it)'}; the kubelet retries the mount by itself.`
			: `Read the mount error above (kubectl describe pod ${clean(input.pod.metadata.name)}); for a claim, check kubectl describe pvc and the storage driver's pods.`;
		return [
			{
				id: 'mount-failure',
				severity: 'error',
				title: `no container can start: volume ${volumeNames || '(unnamed)'} cannot be mounted${object ? ` (${clean(kind!)} ${clean(object[2]!)} not found)` : ''}${since ? ` for ${since}` : ''}`,
				evidence,
				fix,
				...(users.length === 1 ? {container: users[0]!.name} : {}),
			},
		];
	},
};
