import type {Pod} from '../../model/k8s.js';
import type {Node} from '../cluster.js';
import {hostPorts, portsFit} from './host-ports.js';
import {matchesRequiredNodeAffinity} from './node-affinity.js';
import {type Amounts, amounts, podRequests, sumRequests} from './requests.js';
import {type Taint, untoleratedTaint} from './tolerations.js';

// The Filter plugins of kube-scheduler's default profile that can reject a pod on the sim's
// one node, in the profile's order (pkg/scheduler/apis/config/v1/default_plugins.go, v1.35.4);
// the framework stops at the first that rejects (RunFilterPlugins). Each returns the plugin's
// own reasons and whether preemption could help (Unschedulable) or not
// (UnschedulableAndUnresolvable).

export type Code = 'Unschedulable' | 'UnschedulableAndUnresolvable';
export type Status = {plugin: string; code: Code; reasons: string[]};

/** What the scheduler's cache knows of a node: the node and the pods bound to it, not terminal. */
export type NodeInfo = {node: Node; readonly pods: Pod[]; podCount: number; requested: Amounts};

export function nodeInfo(node: Node, pods: Pod[]): NodeInfo {
	return {node, pods, podCount: pods.length, requested: sumRequests(pods)};
}

const reject = (plugin: string, code: Code, ...reasons: string[]): Status => ({plugin, code, reasons});

export const nodeTaints = (node: Node) => ((node.spec as {taints?: Taint[]}).taints ?? []).filter(Boolean);

/** nodeunschedulable/node_unschedulable.go: a cordoned node, unless the pod tolerates its taint. */
function nodeUnschedulable(pod: Pod, {node}: NodeInfo): Status | undefined {
	if (!(node.spec as {unschedulable?: boolean}).unschedulable) return undefined;
	const taint = {key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule'};
	if (!untoleratedTaint([taint], pod.spec.tolerations ?? [])) return undefined;
	return reject('NodeUnschedulable', 'UnschedulableAndUnresolvable', 'node(s) were unschedulable');
}

/** tainttoleration/taint_toleration.go: v1.35 no longer names the taint. */
function taintToleration(pod: Pod, {node}: NodeInfo): Status | undefined {
	if (!untoleratedTaint(nodeTaints(node), pod.spec.tolerations ?? [])) return undefined;
	return reject('TaintToleration', 'UnschedulableAndUnresolvable', 'node(s) had untolerated taint(s)');
}

/** nodeaffinity/node_affinity.go ErrReasonPod. */
function nodeAffinity(pod: Pod, {node}: NodeInfo): Status | undefined {
	if (matchesRequiredNodeAffinity(pod, node)) return undefined;
	return reject('NodeAffinity', 'UnschedulableAndUnresolvable', "node(s) didn't match Pod's node affinity/selector");
}

/** nodeports/node_ports.go: preemption may free a port, so this one is resolvable. A pod without host ports skips it (PreFilter). */
function nodePorts(pod: Pod, info: NodeInfo): Status | undefined {
	if (hostPorts(pod).length === 0 || portsFit(pod, info.pods.flatMap(hostPorts))) return undefined;
	return reject('NodePorts', 'Unschedulable', "node(s) didn't have free ports for the requested pod ports");
}

/** Scalar resources: extended (with a domain), hugepages and the like; others are not checked. */
const isScalar = (name: string) => name.includes('/') || name.startsWith('hugepages-');

/**
 * noderesources/fit.go fitsRequest: the pod count, then cpu, memory, ephemeral storage and
 * scalar resources (Go ranges over a map there; the sim sorts them). A request larger than
 * the node's whole allocatable is one preemption cannot help with.
 */
export function insufficientResources(pod: Pod, {node, podCount, requested}: NodeInfo): Array<{reason: string; unresolvable: boolean}> {
	const allocatable = amounts((node.status as {allocatable?: Record<string, string>}).allocatable);
	const wanted = podRequests(pod);
	const result: Array<{reason: string; unresolvable: boolean}> = [];
	if (BigInt(podCount + 1) > (allocatable.pods ?? 0n)) result.push({reason: 'Too many pods', unresolvable: false});
	const scalars = Object.keys(wanted).filter(isScalar).sort();
	for (const name of ['cpu', 'memory', 'ephemeral-storage', ...scalars]) {
		const asked = wanted[name] ?? 0n;
		if (asked <= 0n) continue;
		const free = (allocatable[name] ?? 0n) - (requested[name] ?? 0n);
		if (asked > free) result.push({reason: `Insufficient ${name}`, unresolvable: asked > (allocatable[name] ?? 0n)});
	}
	return result;
}

function nodeResourcesFit(pod: Pod, info: NodeInfo): Status | undefined {
	const insufficient = insufficientResources(pod, info);
	if (insufficient.length === 0) return undefined;
	const code = insufficient.some(item => item.unresolvable) ? 'UnschedulableAndUnresolvable' : 'Unschedulable';
	return reject('NodeResourcesFit', code, ...insufficient.map(item => item.reason));
}

const filterPlugins = [nodeUnschedulable, taintToleration, nodeAffinity, nodePorts, nodeResourcesFit];

/** RunFilterPlugins: the first plugin that rejects the pod on this node, or undefined when it fits. */
export function runFilters(pod: Pod, info: NodeInfo): Status | undefined {
	for (const filter of filterPlugins) {
		const status = filter(pod, info);
		if (status) return status;
	}
	return undefined;
}
