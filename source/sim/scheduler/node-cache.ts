import type {Pod} from '../../model/k8s.js';
import {isTerminalPhase} from '../kubelet/pod-phase.js';
import type {NodeInfo} from './filters.js';
import type {Node} from '../cluster.js';
import {type Amounts, podRequests} from './requests.js';

// The scheduler's cache of what is bound to the node: every pod with the node's name that is
// not terminal (its informer lists pods with status.phase!=Succeeded,status.phase!=Failed,
// pkg/scheduler/scheduler.go), terminating ones included, and the sum of their requests, kept
// up to date change by change so a thousand pods are not summed for every attempt.

export class NodeCache {
	private readonly pods = new Map<string, {pod: Pod; requests: Amounts}>();
	private readonly requested: Amounts = {};
	private list: Pod[] | undefined;

	constructor(private readonly nodeName: string) {}

	/** Whether the cache counts this version of a pod. */
	counts(pod: Pod): boolean {
		return pod.spec.nodeName === this.nodeName && !isTerminalPhase(pod.status?.phase);
	}

	/** Take in a pod's newest version (or its deletion). Returns the version it held before, if any. */
	observe(pod: Pod, deleted = false): Pod | undefined {
		const uid = pod.metadata.uid!;
		const before = this.pods.get(uid);
		if (before) this.adjust(before.requests, -1n);
		this.pods.delete(uid);
		if (!deleted && this.counts(pod)) {
			const requests = podRequests(pod);
			this.pods.set(uid, {pod, requests});
			this.adjust(requests, 1n);
		}
		if (before || this.pods.has(uid)) this.list = undefined;
		return before?.pod;
	}

	/** The node's info; its pod list is built only when a filter or preemption reads it. */
	info(node: Node): NodeInfo {
		const podList = () => {
			this.list ??= [...this.pods.values()].map(entry => entry.pod);
			return this.list;
		};
		return {
			node,
			podCount: this.pods.size,
			requested: {...this.requested},
			get pods() {
				return podList();
			},
		};
	}

	private adjust(requests: Amounts, sign: bigint): void {
		for (const [name, value] of Object.entries(requests)) this.requested[name] = (this.requested[name] ?? 0n) + sign * value;
	}
}
