import type {Container, Pod} from '../../model/k8s.js';
import type {Behaviour} from '../behaviour.js';
import {type Cancel, type Clock, simSeconds} from '../clock.js';
import {goDuration, relistSeconds, requeueSeconds} from './backoff.js';
import {type BehaviourHost, runBehaviour} from './container-behaviour.js';
import {type ContainerKind, ContainerSlot, newContainerID} from './container-slot.js';
import {CrashBackoff, showBackOff} from './crash-backoff.js';
import {ImagePuller} from './image-puller.js';
import type {ConfigSource} from './config-source.js';
import {configFailed, retryConfig, waitsForConfig} from './container-config.js';
import {NodeImages} from './node-images.js';
import {DiskUsage} from './disk-usage.js';
import {type Eviction, evictedPod} from './evicted-status.js';
import {LogInstance} from './log-store.js';
import {PodKill} from './pod-kill.js';
import {podConditions} from './pod-conditions.js';
import {isSidecar, isTerminalPhase, podPhase, qosClass} from './pod-phase.js';
import {VolumeManager} from './volume-manager.js';

// A kubelet for one Pod: starts init containers one at a time, native sidecars in order
// (the next waits for the sidecar's startup), main containers together, restarts with
// crash-loop back-off, runs probes and hooks, and writes the Pod's status back. Exits are
// acted on at the next PLEG relist, a second later, as a real kubelet does.

export const statusTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export type EventType = 'Normal' | 'Warning';

export type WorkerDeps = {
	clock: Clock;
	nodeName: string;
	hostIP: string;
	podIP: string;
	commit(pod: Pod): void;
	event(pod: Pod, type: EventType, reason: string, message: string, fieldPath?: string, component?: string): void;
	remove(pod: Pod): void;
	/** A container instance has just started (exec/ runtime hooks in). */
	started?(pod: Pod, slot: ContainerSlot): void;
	/** The node's images (one per node; a worker on its own gets a node of its own). */
	images?: NodeImages;
	/** The ConfigMaps and Secrets the kubelet's managers see. */
	config: ConfigSource;
};

export class PodWorker {
	readonly slots: ContainerSlot[] = [];
	private scheduled = false;
	private sandboxReady = false;
	private deleting = false;
	/** A regular container has started: init containers are done for good. */
	private initialized = false;
	/** No container will be started again (finished under Never/OnFailure, or deleted). */
	private terminal = false;
	private podTimers: Cancel[] = [];
	/** The kill under way once the pod is deleted or evicted. */
	private kill?: PodKill;
	private lastWritten = '';
	private readonly host: BehaviourHost;
	private readonly images: ImagePuller;
	/** What the containers wrote to local storage (the eviction manager's stats). */
	readonly disk = new DiskUsage(() => this.pod);

	constructor(
		private pod: Pod,
		behaviours: Record<string, Behaviour>,
		private readonly deps: WorkerDeps,
	) {
		const hasInit = (pod.spec.initContainers ?? []).length > 0;
		for (const container of pod.spec.initContainers ?? []) {
			this.slots.push(new ContainerSlot(container, isSidecar(container) ? 'sidecar' : 'init', behaviours[container.name] ?? {}, 'PodInitializing'));
		}
		for (const container of pod.spec.containers) {
			this.slots.push(new ContainerSlot(container, 'main', behaviours[container.name] ?? {}, hasInit ? 'PodInitializing' : 'ContainerCreating'));
		}
		this.host = {
			clock: deps.clock,
			podIP: deps.podIP,
			podName: () => this.pod.metadata.name,
			slots: this.slots,
			disk: this.disk,
			run: mutate => this.run(mutate),
			exited: (slot, exitCode, reason) => this.exited(slot, exitCode, reason),
			killed: (slot, exitCode, reason, restart) => this.killed(slot, exitCode, reason, restart),
			pod: () => this.pod,
			event: (type, reason, message, slot) => this.event(type, reason, message, slot),
		};
		this.images = new ImagePuller({...this.host, images: deps.images ?? new NodeImages(deps.clock), podUID: () => this.pod.metadata.uid ?? ''});
	}

	get current(): Pod {
		return this.pod;
	}

	/** The object the API stored may have moved on (labels patched): keep the latest. */
	adopt(pod: Pod): void {
		this.pod = pod;
	}

	/** The pod's spec changed (a new generation): sync it, as the kubelet does on an update. */
	resync(): void {
		this.run(() => {});
	}

	/**
	 * Someone else wrote the pod's status (pods/status): the status manager reconciles it with
	 * what the kubelet owns and keeps the rest, such as readiness-gate conditions (mergePodStatus).
	 */
	statusWritten(): void {
		this.lastWritten = JSON.stringify([this.pod.spec.nodeName, this.pod.status]);
		this.run(() => {});
	}

	/** The runtime lists the pod among its running ones: its sandbox is up and not yet torn down (pods/portforward). */
	get sandboxRunning(): boolean {
		return this.sandboxReady && !(this.terminal && !this.slots.some(slot => slot.running));
	}

	slot(name: string): ContainerSlot | undefined {
		return this.slots.find(slot => slot.name === name);
	}

	/** The pod is bound to this node (scheduler/scheduler.ts binds it): the kubelet takes it. */
	start(): void {
		this.run(() => {
			this.scheduled = true;
			// The sandbox is created once every volume is set up (SyncPod's WaitForAttachAndMount).
			this.mountVolumes(() =>
				this.podTimers.push(
					this.deps.clock.after(0.1, () =>
						this.run(() => {
							this.sandboxReady = true;
						}),
					),
				),
			);
		});
	}

	addEphemeral(container: Container, behaviour: Behaviour): void {
		this.run(() => {
			this.slots.push(new ContainerSlot(container, 'ephemeral', behaviour, 'ContainerCreating'));
		});
	}

	/** Graceful deletion: preStop hooks, then every container stops, then the Pod goes. */
	delete(graceSeconds: number): void {
		this.stopPod(graceSeconds);
	}

	/**
	 * Eviction by the kubelet (eviction-manager.ts): the Evicted event, every container killed
	 * with the eviction's grace period, then the pod Failed with the eviction's reason and
	 * message (evicted-status.ts). The pod stays in the API.
	 */
	evict(eviction: Eviction): void {
		if (this.deleting || this.terminal) return;
		this.event('Warning', 'Evicted', eviction.message);
		this.stopPod(eviction.graceSeconds, eviction);
	}

	/** Being deleted or evicted, or done: nothing to evict. */
	get stopping(): boolean {
		return this.deleting || this.terminal;
	}

	private stopPod(graceSeconds: number, eviction?: Eviction): void {
		if (this.kill) {
			this.kill.shorten(graceSeconds);
			return;
		}
		this.deleting = true;
		for (const slot of this.slots) this.cancelPending(slot);
		this.kill = new PodKill(
			{
				clock: this.deps.clock,
				slots: this.slots,
				run: mutate => this.run(mutate),
				exited: (slot, code, reason) => this.exited(slot, code, reason),
				killing: slot => this.event('Normal', 'Killing', `Stopping container ${slot.name}`, slot),
				done: killed => {
					// The kubelet writes a terminal phase before the pod object goes, so watchers see how it ended.
					this.terminal = true;
					if (eviction) this.pod = evictedPod(this.pod, killed, eviction);
					this.flushStatus();
					this.stopAll();
					// An evicted pod stays, unless it was deleted meanwhile.
					if (!eviction || this.pod.metadata.deletionTimestamp) this.deps.remove(this.pod);
				},
			},
			graceSeconds,
		);
	}

	/** Stop every timer (the sim is shutting down or the Pod is gone). */
	stopAll(): void {
		this.kill?.cancel();
		for (const cancel of this.podTimers) cancel();
		for (const slot of this.slots) {
			for (const cancel of slot.runTimers) cancel();
			this.cancelPending(slot);
			slot.current?.finish();
			slot.notifyStopped();
		}
	}

	/** The container's process ended on its own (a real process run for the container). */
	terminate(name: string, exitCode: number, reason: string, message?: string): void {
		const slot = this.slot(name);
		if (!slot?.running) return;
		this.run(() => this.exited(slot, exitCode, reason, message));
	}

	/** Flip a running container's readiness (the many-pods churn). */
	flapReadiness(name: string): void {
		const slot = this.slot(name);
		if (!slot?.running) return;
		this.run(() => {
			slot.ready = !slot.ready;
		});
	}

	private get policy(): string {
		return this.pod.spec.restartPolicy ?? 'Always';
	}

	private run(mutate: () => void): void {
		mutate();
		if (!this.deleting) this.sync();
		this.flushStatus();
	}

	/** computePodActions, roughly: what to start or restart now. */
	private sync(): void {
		// A sync waits for the image pulls it started (SyncPod starts containers one by one).
		if (!this.scheduled || !this.sandboxReady || this.terminal || this.images.blocking) return;
		// Ephemeral containers start even before initialization completes, and never restart.
		for (const slot of this.slots) {
			if (slot.kind === 'ephemeral' && slot.state.waiting && !slot.containerID && !this.busy(slot)) this.startContainer(slot);
		}
		if (!this.initialized && !this.syncInit()) return;
		for (const slot of this.slots) {
			if (slot.kind === 'sidecar') this.keepRunning(slot);
		}
		for (const slot of this.slots) {
			if (this.images.blocking) return;
			if (slot.kind !== 'main' || this.busy(slot)) continue;
			const terminated = slot.state.terminated;
			if (!terminated) {
				if (slot.state.waiting) this.startContainer(slot);
				continue;
			}
			if (this.policy === 'Always' || (this.policy === 'OnFailure' && terminated.exitCode !== 0)) this.restart(slot);
		}
		this.finishIfDone();
	}

	/** Init containers one at a time, sidecars until started; true once the pod has initialized. */
	private syncInit(): boolean {
		for (const slot of this.slots) {
			if (slot.kind === 'sidecar') {
				this.keepRunning(slot);
				if (!slot.started) return false;
				continue;
			}
			if (slot.kind !== 'init') continue;
			if (slot.relistTimer) return false;
			const terminated = slot.state.terminated;
			if (terminated?.exitCode === 0) continue;
			if (this.busy(slot)) return false;
			if (!terminated) this.startContainer(slot);
			else if (this.policy === 'Never') this.finish();
			else this.restart(slot);
			return false;
		}
		this.initialized = true;
		return true;
	}

	private busy(slot: ContainerSlot): boolean {
		return slot.running || slot.restartTimer !== undefined || slot.relistTimer !== undefined;
	}

	private keepRunning(slot: ContainerSlot): void {
		if (this.busy(slot)) return;
		if (slot.state.terminated) this.restart(slot);
		else this.startContainer(slot);
	}

	/** Under Never/OnFailure, once no regular container will run again the pod is done. */
	private finishIfDone(): void {
		if (this.policy === 'Always') return;
		const done = this.slots
			.filter(slot => slot.kind === 'main')
			.every(slot => !this.busy(slot) && slot.state.terminated && (this.policy === 'Never' || slot.state.terminated.exitCode === 0));
		if (done) this.finish();
	}

	/** The pod is terminal: nothing restarts, and the sidecars still running are stopped. */
	private finish(): void {
		this.terminal = true;
		for (const slot of this.slots) this.cancelPending(slot);
		// Sidecars stop in the reverse order of their start.
		for (const slot of [...this.slots].reverse()) {
			if (!slot.running) continue;
			this.event('Normal', 'Killing', `Stopping container ${slot.name}`, slot);
			slot.runTimers.push(this.deps.clock.after(0.2, () => this.run(() => this.exited(slot, 0, 'Completed'))));
		}
	}

	private cancelPending(slot: ContainerSlot): void {
		slot.restartTimer?.();
		slot.restartTimer = undefined;
		slot.relistTimer?.();
		slot.relistTimer = undefined;
	}

	/**
	 * Restart a container the kubelet has seen exit: at once the first time, then after its
	 * back-off (crash-backoff.ts). As kubelet 1.35 does, the sync that finds the container in back-off leaves its
	 * status Terminated (the status was computed before the back-off was), records BackOff and
	 * requeues the pod for when the back-off ends, capped at the resync interval and jittered
	 * (pod_workers.go completeWork). Only that later sync shows CrashLoopBackOff, and it starts
	 * the container when the back-off is over: so a short back-off reads Error, then
	 * CrashLoopBackOff for about a second, then Running.
	 */
	private restart(slot: ContainerSlot): void {
		const finishedAt = slot.finishedAtMs ?? this.deps.clock.now();
		const backoff = this.backoffOf(slot);
		if (!backoff.inBackOffSince(finishedAt)) {
			backoff.next(finishedAt);
			this.startContainer(slot);
			return;
		}
		this.backOff(slot, finishedAt);
	}

	private backoffOf(slot: ContainerSlot): CrashBackoff {
		slot.backoff ??= new CrashBackoff(this.deps.clock);
		return slot.backoff;
	}

	/** doBackOff's event and the waiting message the reasonCache keeps. */
	private backOffMessage(slot: ContainerSlot): string {
		const podRef = `${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`;
		this.event('Warning', 'BackOff', `Back-off restarting failed container ${slot.name} in pod ${podRef}`, slot);
		return `back-off ${goDuration(this.backoffOf(slot).current)} restarting failed container=${slot.name} pod=${podRef}`;
	}

	/** One sync of a container in back-off: BackOff, then the next sync at the back-off's end. */
	private backOff(slot: ContainerSlot, finishedAt: number): void {
		const message = this.backOffMessage(slot);
		const delay = this.backoffOf(slot).current;
		slot.restartTimer = this.deps.clock.after(requeueSeconds(delay - simSeconds(this.deps.clock, finishedAt)), () =>
			this.run(() => {
				slot.restartTimer = undefined;
				showBackOff(slot, message);
				// A millisecond of slack: a timer may fire that much early.
				if (simSeconds(this.deps.clock, finishedAt) < delay - 0.001) {
					this.backOff(slot, finishedAt);
					return;
				}
				this.backoffOf(slot).next(finishedAt);
				// Started now; the running state reaches the status at the next PLEG relist.
				slot.restartTimer = this.deps.clock.after(relistSeconds, () =>
					this.run(() => {
						slot.restartTimer = undefined;
						this.startContainer(slot);
					}),
				);
			}),
		);
	}

	/**
	 * A container killed for a failed probe (probe-kill.ts). computePodActions also put it in
	 * ContainersToStart, so the sync that killed it starts it again, and its back-off check
	 * (doBackOff) reads the pod's status from before the kill: the exit before this one. In
	 * back-off, that sync records BackOff and its error, in the reasonCache, makes the next
	 * sync show CrashLoopBackOff at once; that sync counts the back-off from this exit.
	 */
	private killed(slot: ContainerSlot, exitCode: number, reason: string, restart: boolean): void {
		const before = slot.finishedAtMs;
		this.exited(slot, exitCode, reason);
		if (!restart || this.deleting || this.terminal) return;
		this.cancelPending(slot);
		const backoff = this.backoffOf(slot);
		if (before === undefined || !backoff.inBackOffSince(before)) {
			if (before !== undefined) backoff.next(before);
			this.startContainer(slot);
			return;
		}
		showBackOff(slot, this.backOffMessage(slot));
		slot.restartTimer = this.deps.clock.after(relistSeconds, () =>
			this.run(() => {
				slot.restartTimer = undefined;
				this.backOff(slot, slot.finishedAtMs!);
			}),
		);
	}

	private startContainer(slot: ContainerSlot): void {
		// The image first (image-puller.ts): a pull that fails or takes time leaves the container waiting.
		if (!this.images.ensure(slot)) return;
		const now = this.deps.clock.now();
		if (this.configFailed(slot)) return;
		if (slot.state.terminated) {
			slot.lastState = {terminated: slot.state.terminated};
			slot.restartCount += 1;
		} else if (slot.state.waiting && slot.lastState.terminated) {
			// Waiting after a run (CrashLoopBackOff, or a pull that failed on the restart): a restart.
			slot.restartCount += 1;
		}
		if (slot.current) slot.previous = slot.current;
		slot.containerID = newContainerID();
		slot.current = new LogInstance(slot.containerID);
		// kuberuntime_container.go startContainer (1.35): the messages no longer name the container.
		this.event('Normal', 'Created', 'Container created', slot);
		slot.state = {running: {startedAt: statusTime(now)}};
		slot.startedAtMs = now;
		slot.ready = false;
		slot.started = false;
		slot.linesWritten = 0;
		this.event('Normal', 'Started', 'Container started', slot);
		runBehaviour(this.host, slot);
		this.deps.started?.(this.pod, slot);
		// PLEG reports the start at its next relist, and the sync that follows retries any
		// container whose config failed (kubelet.go syncLoopIteration, plegCh).
		if (this.slots.some(waitsForConfig)) this.podTimers.push(this.deps.clock.after(relistSeconds, () => this.run(() => retryConfig(this.slots))));
	}

	/** The container's config (its env) cannot be made: CreateContainerConfigError until a later sync. */
	private configFailed(slot: ContainerSlot): boolean {
		const config = {clock: this.deps.clock, source: this.deps.config, slots: this.slots, resync: () => this.run(() => {})};
		return configFailed(this.pod, slot, config, message => this.event('Warning', 'Failed', `Error: ${message}`, slot));
	}

	private mountVolumes(mounted: () => void): void {
		const volumes = new VolumeManager({
			clock: this.deps.clock,
			pod: () => this.pod,
			source: this.deps.config,
			failed: message => this.event('Warning', 'FailedMount', message),
		});
		this.podTimers.push(() => volumes.stop());
		volumes.mount(mounted);
	}

	private exited(slot: ContainerSlot, exitCode: number, reason: string, message?: string): void {
		if (!slot.running) return;
		for (const cancel of slot.runTimers) cancel();
		slot.runTimers = [];
		slot.boundPorts = [];
		slot.memoryMi = 0;
		slot.current?.finish();
		const now = this.deps.clock.now();
		slot.state = {
			terminated: {
				exitCode,
				reason,
				...(message ? {message} : {}),
				startedAt: slot.state.running?.startedAt,
				finishedAt: statusTime(now),
				containerID: slot.containerID,
			},
		};
		slot.finishedAtMs = now;
		// The prober reports a regular init container ready once it exited 0.
		slot.ready = slot.kind === 'init' && exitCode === 0;
		slot.started = false;
		// The kubelet acts on an exit at its next PLEG relist, up to a second later.
		slot.relistTimer = this.deps.clock.after(relistSeconds, () =>
			this.run(() => {
				slot.relistTimer = undefined;
			}),
		);
		slot.notifyStopped();
	}

	private event(type: EventType, reason: string, message: string, slot?: ContainerSlot, component = 'kubelet'): void {
		const fieldPath = slot ? `spec.${slotField(slot.kind)}{${slot.name}}` : undefined;
		this.deps.event(this.pod, type, reason, message, fieldPath, component);
	}

	private flushStatus(): void {
		// The kubelet writes no status for a pod not bound to its node.
		if (!this.scheduled) return;
		const now = statusTime(this.deps.clock.now());
		const byKind = (kinds: ContainerKind[]) => this.slots.filter(slot => kinds.includes(slot.kind)).map(slot => slot.status());
		const status = {...this.pod.status};
		status.qosClass = qosClass(this.pod);
		if (this.scheduled) {
			// The status manager stamps every status it writes with the pod's generation, never
			// going back (SetPodStatus and updateStatusInternal, pkg/kubelet/status/status_manager.go).
			const generation = Math.max(this.pod.metadata.generation ?? 0, status.observedGeneration ?? 0);
			if (generation > 0) status.observedGeneration = generation;
			status.hostIP = this.deps.hostIP;
			status.hostIPs = [{ip: this.deps.hostIP}];
			status.startTime ??= now;
		}
		if (this.sandboxReady) {
			status.podIP = this.deps.podIP;
			status.podIPs = [{ip: this.deps.podIP}];
		}
		if (this.scheduled) {
			if ((this.pod.spec.initContainers ?? []).length > 0) status.initContainerStatuses = byKind(['init', 'sidecar']);
			status.containerStatuses = byKind(['main']);
			const ephemeral = byKind(['ephemeral']);
			if (ephemeral.length > 0) status.ephemeralContainerStatuses = ephemeral;
		}
		const next: Pod = {...this.pod, status};
		const stopped = this.terminal && !this.slots.some(slot => slot.running);
		const before = this.pod.status?.phase;
		let phase = this.scheduled ? podPhase(next, stopped, this.initialized) : 'Pending';
		// A pod never leaves a terminal phase, and a terminated one always reaches one (TerminatePod).
		if (isTerminalPhase(before)) phase = before!;
		else if (stopped && !isTerminalPhase(phase)) phase = 'Failed';
		status.phase = phase;
		status.conditions = podConditions(next, now, {scheduled: this.scheduled, sandboxReady: this.sandboxReady, phase});
		// Like kubelet's status manager, an unchanged status is not written again.
		const fingerprint = JSON.stringify([next.spec.nodeName, status]);
		if (fingerprint === this.lastWritten) return;
		this.lastWritten = fingerprint;
		this.pod = next;
		this.deps.commit(next);
	}
}

const slotField = (kind: ContainerKind) => (kind === 'main' ? 'containers' : kind === 'ephemeral' ? 'ephemeralContainers' : 'initContainers');
