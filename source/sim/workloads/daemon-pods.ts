import type {Affinity, Pod, Toleration} from '../../model/k8s.js';
import type {Node} from '../cluster.js';
import {matchesRequiredNodeAffinity} from '../scheduler/node-affinity.js';
import {untoleratedTaint} from '../scheduler/tolerations.js';

// What the DaemonSet controller adds to a daemon pod, and which nodes should run one
// (pkg/controller/daemon/util/daemonset_util.go, daemon_controller.go NodeShouldRunDaemonPod).

/** AddOrUpdateDaemonPodTolerations: daemons stay on nodes that are not ready, under pressure, unschedulable. */
export function daemonTolerations(existing: Toleration[] | undefined, hostNetwork: boolean): Toleration[] {
	const added: Toleration[] = [
		{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute'},
		{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute'},
		{key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule'},
		{key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule'},
		{key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule'},
		{key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule'},
		...(hostNetwork ? [{key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule'}] : []),
	];
	const result = [...(existing ?? [])];
	for (const toleration of added) {
		if (!result.some(item => item.key === toleration.key && item.effect === toleration.effect)) result.push(toleration);
	}
	return result;
}

/**
 * ReplaceDaemonSetPodNodeNameNodeAffinity: the pod's required node affinity becomes one term
 * selecting the node by metadata.name, so the default scheduler binds it there.
 */
export function nodeNameAffinity(affinity: Affinity | undefined, nodeName: string): Affinity {
	const term = {matchFields: [{key: 'metadata.name', operator: 'In', values: [nodeName]}]};
	return {...affinity, nodeAffinity: {...affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [term]}}} as Affinity;
}

/** NodeShouldRunDaemonPod: the template's node selector and affinity match, and its tolerations cover the node's NoSchedule/NoExecute taints. */
export function shouldRun(template: Pod, node: Node): boolean {
	if (!matchesRequiredNodeAffinity(template, node)) return false;
	const taints = ((node.spec as {taints?: Array<{key: string; value?: string; effect: string}>}).taints ?? []).filter(
		taint => taint.effect !== 'PreferNoSchedule',
	);
	return untoleratedTaint(taints, daemonTolerations(template.spec.tolerations, Boolean((template.spec as {hostNetwork?: boolean}).hostNetwork))) === undefined;
}
