import type {Pod} from '../../model/k8s.js';

// kube-scheduler's scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go, v1.35.4),
// cut to what one node shows: a gated pod waits in the unschedulable pool until its gates are
// gone (the SchedulingGates PreEnqueue plugin); a pod that did not fit waits there too, with the
// plugins that rejected it, until a cluster event one of them says may help (a queueing hint),
// or until flushUnschedulablePodsLeftover, every 30 s, finds it has waited 5 minutes. A moved
// pod is tried at once: with SchedulerPopFromBackoffQ (on since 1.33) the scheduler pops a pod
// still backing off when nothing else is active, and the sim's queue is rarely busier.

export const flushSeconds = 30;
export const maxUnschedulableSeconds = 5 * 60;

export type Entry = {
	pod: Pod;
	/** Where the pod waits. */
	state: 'active' | 'gated' | 'unschedulable';
	/** When it entered the queue or the unschedulable pool (QueuedPodInfo.Timestamp). */
	since: number;
	/** The plugins that rejected it in its last attempt. */
	plugins: Set<string>;
};

export const isGated = (pod: Pod) => (pod.spec.schedulingGates ?? []).length > 0;

const priority = (pod: Pod) => pod.spec.priority ?? 0;

export class SchedulingQueue {
	private readonly entries = new Map<string, Entry>();

	get size(): number {
		return this.entries.size;
	}

	has(uid: string): boolean {
		return this.entries.has(uid);
	}

	get(uid: string): Entry | undefined {
		return this.entries.get(uid);
	}

	/** A new unscheduled pod: active, or gated. */
	add(pod: Pod, now: number): void {
		this.entries.set(pod.metadata.uid!, {pod, state: isGated(pod) ? 'gated' : 'active', since: now, plugins: new Set()});
	}

	/**
	 * The pod changed. The queue keeps the newest object; a gated pod whose last gate went is
	 * active (the SchedulingGates hint), and `moves` says whether the change may help a pod
	 * that did not fit. Returns whether the pod became active.
	 */
	update(pod: Pod, now: number, moves: (entry: Entry) => boolean): boolean {
		const entry = this.entries.get(pod.metadata.uid!);
		if (!entry) return false;
		entry.pod = pod;
		if (entry.state === 'gated' && !isGated(pod)) return this.activate(entry, now);
		if (entry.state === 'unschedulable' && moves(entry)) return this.activate(entry, now);
		return false;
	}

	remove(uid: string): void {
		this.entries.delete(uid);
	}

	/** The active pods in PrioritySort's order: higher priority, then longer queued. */
	active(): Entry[] {
		const active = [...this.entries.values()].filter(entry => entry.state === 'active');
		return active.sort((a, b) => priority(b.pod) - priority(a.pod) || a.since - b.since);
	}

	/** AddUnschedulableIfNotPresent after a failed attempt. */
	unschedulable(uid: string, plugins: Set<string>, now: number): void {
		const entry = this.entries.get(uid);
		if (!entry) return;
		entry.state = 'unschedulable';
		entry.plugins = plugins;
		entry.since = now;
	}

	/** MoveAllToActiveOrBackoffQueue for a cluster event: the pods whose hint says it may help. */
	moveOnEvent(helps: (entry: Entry) => boolean, now: number): boolean {
		let moved = false;
		for (const entry of this.entries.values()) {
			if (entry.state === 'unschedulable' && helps(entry)) moved = this.activate(entry, now) || moved;
		}
		return moved;
	}

	/** flushUnschedulablePodsLeftover: pods that waited longer than 5 minutes (of sim time) try again. */
	flushLeftover(now: number, waitedSeconds: (since: number) => number): boolean {
		return this.moveOnEvent(entry => waitedSeconds(entry.since) > maxUnschedulableSeconds, now);
	}

	private activate(entry: Entry, now: number): boolean {
		entry.state = 'active';
		entry.since = now;
		return true;
	}
}
