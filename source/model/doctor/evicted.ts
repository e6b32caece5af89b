import type {Pod} from '../k8s.js';
import {condition, eventLine, oneLine, podEvents} from './pod-facts.js';
import {clean, entries, type Rule} from './types.js';

// status.reason Evicted: the kubelet killed every container to reclaim a resource, and the pod
// stays Failed (it is never restarted; its controller makes a new pod). The message says which
// resource and who used it (pkg/kubelet/eviction/helpers.go): "The node was low on resource:
// memory. Threshold quantity: 100Mi, available: 88Mi. Container app was using 1200Mi, request is
// 0, has larger consumption of memory. ", "Usage of EmptyDir volume \"scratch\" exceeds the limit
// \"10Mi\". ", "Pod ephemeral local storage usage exceeds the total limit of containers 10Mi. ",
// "Container app exceeded its local ephemeral storage limit \"10Mi\". ".

type Explained = {title: string; evidence: string[]; fix: string};

function explain(pod: Pod, message: string): Explained {
	const emptyDir = /Usage of EmptyDir volume "([^"]+)" exceeds the limit "([^"]+)"/.exec(message);
	if (emptyDir) {
		const [, volume, limit] = emptyDir;
		const writers = entries(pod).filter(entry => entry.spec.volumeMounts?.some(mount => mount.name === volume));
		return {
			title: `emptyDir "${clean(volume!)}" grew past its sizeLimit ${clean(limit!)}`,
			evidence: [
				`spec.volumes{${clean(volume!)}}.emptyDir.sizeLimit: ${clean(pod.spec.volumes?.find(item => item.name === volume)?.emptyDir?.sizeLimit ?? limit!)}`,
				...writers.map(
					entry => `${entry.path}.volumeMounts: ${clean(volume!)} at ${clean(entry.spec.volumeMounts!.find(mount => mount.name === volume)!.mountPath)}`,
				),
			],
			fix: `Raise spec.volumes{${clean(volume!)}}.emptyDir.sizeLimit to what ${writers.length > 0 ? writers.map(entry => clean(entry.name)).join(' and ') : 'the pod'} really writes there, or make it write less (rotate, clean up); for lasting data use a PersistentVolumeClaim.`,
		};
	}
	const podStorage = /Pod ephemeral local storage usage exceeds the total limit of containers (\S+?)\.? *$/.exec(message.trim());
	const containerStorage = /Container (\S+) exceeded its local ephemeral storage limit "([^"]+)"/.exec(message);
	if (podStorage || containerStorage) {
		const limited = entries(pod).filter(entry => entry.spec.resources?.limits?.['ephemeral-storage'] !== undefined);
		const target = containerStorage ? limited.find(entry => entry.name === containerStorage[1]) : limited[0];
		return {
			title: containerStorage
				? `${clean(containerStorage[1]!)} wrote more than its ephemeral-storage limit ${clean(containerStorage[2]!)} (its writable layer and logs)`
				: `its containers wrote more than their total ephemeral-storage limit ${clean(podStorage![1]!)} (writable layers, logs and emptyDirs)`,
			evidence: limited.map(entry => `${entry.path}.resources.limits.ephemeral-storage: ${clean(entry.spec.resources!.limits!['ephemeral-storage']!)}`),
			fix: `Raise ${target ? `${target.path}.resources.limits.ephemeral-storage` : "the containers' resources.limits.ephemeral-storage"}, or write big files to a volume (and log less): files written inside the container count against it.`,
		};
	}
	const pressure = /The node was low on resource: (\S+?)\.(?: |$)(?:Threshold quantity: (\S+), available: (\S+)\.(?: |$))?/.exec(message);
	if (pressure) {
		const resource = pressure[1]!;
		const users = [...message.matchAll(/(Container|Pod) (\S+) was using (\S+), request is (\S+), has larger consumption of/g)];
		return {
			title: `the node ran low on ${clean(resource)}${pressure[2] ? ` (threshold ${clean(pressure[2])}, available ${clean(pressure[3] ?? '?')})` : ''}${users.length > 0 ? `; ${users.map(user => `${clean(user[2]!)} was using ${clean(user[3]!)} with a request of ${clean(user[4]!)}`).join(', ')}` : ''}`,
			evidence: users.map(user => {
				const entry = entries(pod).find(item => item.name === user[2]);
				return entry
					? `${entry.path}.resources.requests.${clean(resource)}: ${clean(entry.spec.resources?.requests?.[resource] ?? '<unset>')}`
					: `spec.resources.requests.${clean(resource)}: ${clean(pod.spec.resources?.requests?.[resource] ?? '<unset>')}`;
			}),
			fix: `Under ${clean(resource)} pressure the kubelet evicts first the pods that use more than they request: set ${users.length > 0 ? users.map(user => `${clean(user[2]!)}'s`).join(' and ') : "the containers'"} resources.requests.${clean(resource)} to what ${users.length > 1 ? 'they use' : 'it uses'} (and a limit), so the scheduler reserves it; and look at what else fills the node.`,
		};
	}
	return {title: oneLine(message) || 'no message', evidence: [], fix: "Look at the node's conditions (kubectl describe node) for the pressure that caused it."};
}

export const evicted: Rule = {
	id: 'evicted',
	check(input) {
		const {pod} = input;
		if (pod.status?.reason !== 'Evicted') return [];
		const message = pod.status.message ?? '';
		const explained = explain(pod, message);
		const event = podEvents(input, /^Evicted$/).at(-1);
		const disruption = condition(pod, 'DisruptionTarget');
		const owner = pod.metadata.ownerReferences?.find(ref => ref.controller);
		return [
			{
				id: 'evicted',
				severity: 'error',
				title: `the pod was evicted${pod.spec.nodeName ? ` by the kubelet on ${clean(pod.spec.nodeName)}` : ''}: ${explained.title}`,
				evidence: [
					`status.phase: ${clean(pod.status.phase ?? '')}`,
					'status.reason: Evicted',
					`status.message: ${oneLine(message)}`,
					...explained.evidence,
					...(disruption?.status === 'True' ? [`status.conditions{DisruptionTarget}: True, ${clean(disruption.reason ?? '')}`] : []),
					...(event ? [eventLine(event)] : []),
				],
				fix: `${explained.fix} An evicted pod is never restarted: ${owner ? `its ${clean(owner.kind)} ${clean(owner.name)} makes a new one; delete this one when you have read it (kubectl delete pod ${clean(pod.metadata.name)}).` : 'nothing recreates a bare pod, so apply it again once fixed.'}`,
			},
		];
	},
};
