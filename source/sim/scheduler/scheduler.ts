import type {Pod, PodCondition} from '../../model/k8s.js';
import {type Cancel, type Clock, simSeconds} from '../clock.js';
import type {Node} from '../cluster.js';
import type {Change, ObjectStore} from '../store.js';
import {type NodeInfo, runFilters, type Status} from './filters.js';
import {type ClusterEvent, mayHelp} from './hints.js';
import {type Diagnosis, fitErrorMessage, scheduledMessage, truncateMessage} from './messages.js';
import {NodeCache} from './node-cache.js';
import {preFilterNodeNames} from './node-affinity.js';
import {postFilterMessage, preempt} from './preemption.js';
import {flushSeconds, SchedulingQueue} from './queue.js';

// kube-scheduler for the sim's one node: it watches pods and the node as its informers do,
// tries each unscheduled pod of the default scheduler, binds the ones that fit and, for the
// others, records FailedScheduling and sets PodScheduled=False with the reason
// (handleSchedulingFailure, pkg/scheduler/schedule_one.go, v1.35.4), then waits for an event
// that may help. Writes happen on the clock, never inside a store's change listener.

export const schedulerName = 'default-scheduler';

/** A new pod is bound after this long, about what a real scheduler and apiserver take. */
const cycleDelaySeconds = 0.05;

export type SchedulerDeps = {
	clock: Clock;
	pods: ObjectStore<Pod>;
	nodes: ObjectStore<Node>;
	nodeName: string;
	event(pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): void;
	/** The pod is bound: its kubelet takes it. */
	bound(pod: Pod): void;
	/** Preemption: delete a victim gracefully. */
	evict(victim: Pod): void;
};

type Attempt = {status: Status; diagnosis: Diagnosis; plugins: Set<string>};

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** UpdatePodCondition (pkg/api/v1/pod/util.go): the transition time moves only with the status. */
function withCondition(pod: Pod, condition: PodCondition): PodCondition[] {
	const conditions = pod.status?.conditions ?? [];
	const before = conditions.find(existing => existing.type === condition.type);
	const next = before?.status === condition.status ? {...condition, lastTransitionTime: before.lastTransitionTime} : condition;
	return before ? conditions.map(existing => (existing === before ? next : existing)) : [...conditions, next];
}

/** isPodUpdated: a change beyond status, resourceVersion and generation. */
function specChanged(before: Pod, after: Pod): boolean {
	const strip = ({metadata: {resourceVersion: _v, generation: _g, managedFields: _m, ...metadata}, spec}: Pod & {metadata: {managedFields?: unknown}}) =>
		JSON.stringify({metadata, spec});
	return strip(before) !== strip(after);
}

export class Scheduler {
	private readonly queue = new SchedulingQueue();
	private readonly cache: NodeCache;
	private readonly stops: Cancel[] = [];
	private timer: Cancel | undefined;

	constructor(private readonly deps: SchedulerDeps) {
		this.cache = new NodeCache(deps.nodeName);
		for (const pod of deps.pods.list()) this.podChanged({type: 'ADDED', object: pod, revision: 0});
		this.stops.push(deps.pods.watch(deps.pods.revision, change => this.podChanged(change)));
		this.stops.push(deps.nodes.watch(deps.nodes.revision, change => this.nodeChanged(change)));
		this.stops.push(
			deps.clock.every(flushSeconds, () => {
				if (this.queue.flushLeftover(deps.clock.now(), since => simSeconds(deps.clock, since))) this.wake();
			}),
		);
	}

	stop(): void {
		for (const stop of this.stops) stop();
		this.timer?.();
	}

	/** Pods waiting for the scheduler: gated, or not fitting. */
	get pending(): number {
		return this.queue.size;
	}

	private podChanged({type, object: pod, previous}: Change<Pod>): void {
		const uid = pod.metadata.uid!;
		const deleted = type === 'DELETED';
		const was = this.cache.observe(pod, deleted);
		// A bound pod that went away, or finished, frees what it held.
		if (was && (deleted || !this.cache.counts(pod))) this.requeue({kind: 'AssignedPodDelete', pod: was});
		if (deleted || pod.spec.nodeName) {
			this.queue.remove(uid);
			return;
		}
		if ((pod.spec.schedulerName ?? schedulerName) !== schedulerName) return;
		const now = this.deps.clock.now();
		if (!this.queue.has(uid)) {
			this.queue.add(pod, now);
			this.wake();
			return;
		}
		const changed = previous !== undefined && specChanged(previous, pod);
		if (this.queue.update(pod, now, entry => changed && mayHelp(entry, {kind: 'PodUpdate', old: previous!, pod}))) this.wake();
	}

	private nodeChanged({type, object: node, previous}: Change<Node>): void {
		if (type !== 'MODIFIED' || node.metadata.name !== this.deps.nodeName || !previous) return;
		this.requeue({kind: 'NodeUpdate', old: previous, node});
	}

	private requeue(event: ClusterEvent): void {
		if (this.queue.moveOnEvent(entry => mayHelp(entry, event), this.deps.clock.now())) this.wake();
	}

	private wake(): void {
		this.timer ??= this.deps.clock.after(cycleDelaySeconds, () => {
			this.timer = undefined;
			this.cycle();
		});
	}

	/** One pass over the active pods, one scheduling cycle each. */
	private cycle(): void {
		for (const entry of this.queue.active()) {
			if (entry.state !== 'active') continue;
			const {namespace, name, uid} = entry.pod.metadata;
			const pod = this.deps.pods.get(namespace, name);
			if (!pod || pod.metadata.uid !== uid || pod.spec.nodeName) {
				this.queue.remove(uid!);
				continue;
			}
			this.scheduleOne(pod);
		}
	}

	private scheduleOne(pod: Pod): void {
		const node = this.deps.nodes.get(undefined, this.deps.nodeName);
		if (!node) return;
		const info = this.cache.info(node);
		const attempt = this.attempt(pod, info);
		if (!attempt) this.bind(pod, node);
		else this.fail(pod, info, attempt);
	}

	/** PreFilter and Filter on the node (findNodesThatFitPod); undefined when the pod fits. */
	private attempt(pod: Pod, info: NodeInfo): Attempt | undefined {
		const names = preFilterNodeNames(pod);
		if (names && names.size === 0) {
			const status: Status = {plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons: ['pod affinity terms conflict']};
			return {status, diagnosis: {numAllNodes: 1, preFilterMsg: status.reasons.join(', '), nodeReasons: []}, plugins: new Set(['NodeAffinity'])};
		}
		if (names && !names.has(info.node.metadata.name)) {
			const reasons = ["node(s) didn't satisfy plugin(s) [NodeAffinity]"];
			const status: Status = {plugin: 'NodeAffinity', code: 'UnschedulableAndUnresolvable', reasons};
			return {status, diagnosis: {numAllNodes: 1, nodeReasons: [], absentReasons: reasons}, plugins: new Set(['NodeAffinity'])};
		}
		const status = runFilters(pod, info);
		if (!status) return undefined;
		return {status, diagnosis: {numAllNodes: 1, nodeReasons: [status.reasons]}, plugins: new Set([status.plugin])};
	}

	/** The binding subresource: the node's name, PodScheduled=True, no nominated node left. */
	private bind(pod: Pod, node: Node): void {
		const now = stamp(this.deps.clock.now());
		const {nominatedNodeName: _nominated, ...status} = pod.status ?? {};
		const conditions = withCondition(pod, {type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now});
		const bound = this.deps.pods.update({...pod, spec: {...pod.spec, nodeName: node.metadata.name}, status: {...status, conditions}});
		this.queue.remove(pod.metadata.uid!);
		this.deps.event(bound, 'Normal', 'Scheduled', scheduledMessage(bound.metadata.namespace ?? 'default', bound.metadata.name, node.metadata.name));
		this.deps.bound(bound);
	}

	/** handleSchedulingFailure, after the PostFilter (preemption) had its say. */
	private fail(pod: Pod, info: NodeInfo, {status, diagnosis, plugins}: Attempt): void {
		const now = this.deps.clock.now();
		const preemption = diagnosis.preFilterMsg ? {message: ''} : preempt(pod, info, status);
		// A PreFilter rejection leaves DynamicResources no state: its PostFilter fails ("not found"),
		// which ends the PostFilter phase before preemption (framework.go RunPostFilterPlugins).
		const postFilterMsg = diagnosis.preFilterMsg ? 'not found' : postFilterMessage(preemption);
		const message = fitErrorMessage({...diagnosis, postFilterMsg});
		this.deps.event(pod, 'Warning', 'FailedScheduling', truncateMessage(message));
		const condition: PodCondition = {
			type: 'PodScheduled',
			...(pod.metadata.generation ? {observedGeneration: pod.metadata.generation} : {}),
			status: 'False',
			lastProbeTime: null,
			lastTransitionTime: stamp(now),
			reason: 'Unschedulable',
			message,
		};
		const {nominatedNodeName: _nominated, ...rest} = pod.status ?? {};
		// Preemption nominates the node; finding no candidate clears the nomination.
		const nominated = preemption.victims ? {nominatedNodeName: info.node.metadata.name} : {};
		this.deps.pods.update({...pod, status: {...rest, ...nominated, conditions: withCondition(pod, condition)}});
		this.queue.unschedulable(pod.metadata.uid!, plugins, now);
		for (const victim of preemption.victims ?? []) this.evict(victim, pod, info.node);
	}

	/** The preemption of one victim (preemption.go PreemptPod): DisruptionTarget, delete, Preempted. */
	private evict(victim: Pod, preemptor: Pod, node: Node): void {
		const current = this.deps.pods.get(victim.metadata.namespace, victim.metadata.name);
		if (!current || current.metadata.uid !== victim.metadata.uid) return;
		const condition: PodCondition = {
			type: 'DisruptionTarget',
			...(current.metadata.generation ? {observedGeneration: current.metadata.generation} : {}),
			status: 'True',
			lastProbeTime: null,
			lastTransitionTime: stamp(this.deps.clock.now()),
			reason: 'PreemptionByScheduler',
			message: `${schedulerName}: preempting to accommodate a higher priority pod`,
		};
		const marked = this.deps.pods.update({...current, status: {...current.status, conditions: withCondition(current, condition)}});
		this.deps.evict(marked);
		this.deps.event(marked, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata.uid} on node ${node.metadata.name}`);
	}
}
