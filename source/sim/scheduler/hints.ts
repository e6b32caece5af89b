import type {Pod} from '../../model/k8s.js';
import type {Node} from '../cluster.js';
import {nodeTaints} from './filters.js';
import {hostPorts, portsFit} from './host-ports.js';
import {matchesRequiredNodeAffinity} from './node-affinity.js';
import type {Entry} from './queue.js';
import {amounts, podRequests} from './requests.js';
import {untoleratedTaint} from './tolerations.js';

// Queueing hints (SchedulerQueueingHints, GA in 1.34): for a cluster event, each plugin that
// rejected a waiting pod says whether the event may make it schedulable, from the plugins'
// isSchedulableAfter* functions (pkg/scheduler/framework/plugins/*, v1.35.4). A pod no plugin
// rejected (a PreFilter error) moves on any event.

export type ClusterEvent =
	/** A pod bound to the node went away, or finished (the scheduler's informer drops terminal pods). */
	| {kind: 'AssignedPodDelete'; pod: Pod}
	| {kind: 'NodeUpdate'; old: Node; node: Node}
	/** The waiting pod itself changed (its tolerations may only grow). */
	| {kind: 'PodUpdate'; old: Pod; pod: Pod};

const unschedulableTaint = {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'};
const cordoned = (node: Node) => (node.spec as {unschedulable?: boolean}).unschedulable === true;
const allocatable = (node: Node) => amounts((node.status as {allocatable?: Record<string, string>}).allocatable);

/** Fit's isSchedulableAfterNodeChange: a resource the pod asks for grew, and the pod fits the empty node. */
function resourcesGrew(pod: Pod, old: Node, node: Node): boolean {
	const [before, after] = [allocatable(old), allocatable(node)];
	const wanted = {...podRequests(pod), pods: 1n};
	const asked = Object.entries(wanted).filter(([, value]) => value > 0n);
	const grew = asked.some(([name]) => (after[name] ?? 0n) > (before[name] ?? 0n));
	return grew && asked.every(([name, value]) => value <= (after[name] ?? 0n));
}

type Hint = (pod: Pod, event: ClusterEvent) => boolean;

const hints: Record<string, Hint> = {
	NodeResourcesFit: (pod, event) =>
		(event.kind === 'AssignedPodDelete' && Boolean(event.pod.spec.nodeName)) || (event.kind === 'NodeUpdate' && resourcesGrew(pod, event.old, event.node)),
	NodePorts: (pod, event) => event.kind === 'AssignedPodDelete' && hostPorts(event.pod).length > 0 && !portsFit(pod, hostPorts(event.pod)),
	NodeAffinity: (pod, event) => event.kind === 'NodeUpdate' && matchesRequiredNodeAffinity(pod, event.node) && !matchesRequiredNodeAffinity(pod, event.old),
	TaintToleration: (pod, event) => {
		if (event.kind === 'NodeUpdate') {
			return (
				Boolean(untoleratedTaint(nodeTaints(event.old), pod.spec.tolerations ?? [])) && !untoleratedTaint(nodeTaints(event.node), pod.spec.tolerations ?? [])
			);
		}
		// isSchedulableAfterPodTolerationChange: a toleration was added to the pod.
		return event.kind === 'PodUpdate' && JSON.stringify(event.old.spec.tolerations) !== JSON.stringify(event.pod.spec.tolerations);
	},
	NodeUnschedulable: (_pod, event) => {
		if (event.kind === 'NodeUpdate') return cordoned(event.old) && !cordoned(event.node);
		if (event.kind === 'PodUpdate') return !untoleratedTaint([unschedulableTaint], event.pod.spec.tolerations ?? []);
		return false;
	},
};

/** Whether the event may make the waiting pod schedulable (isPodWorthRequeuing). */
export function mayHelp(entry: Entry, event: ClusterEvent): boolean {
	if (entry.plugins.size === 0) return true;
	return [...entry.plugins].some(plugin => hints[plugin]?.(entry.pod, event) ?? false);
}
