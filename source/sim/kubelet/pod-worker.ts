import type {Container, Pod} from '../../model/k8s.js';
import {mebibytes} from '../../model/quantity.js';
import {type Behaviour, renderLine} from '../behaviour.js';
import type {Cancel, Clock} from '../clock.js';
import {backoffSeconds, shouldResetBackoff} from './backoff.js';
import {type ContainerKind, ContainerSlot, newContainerID} from './container-slot.js';
import {LogInstance} from './log-store.js';
import {isSidecar, podConditions, podPhase, qosClass} from './pod-phase.js';

// A kubelet for one Pod: starts init containers one at a time, native sidecars in order
// (the next waits for the sidecar's startup), main containers together, restarts with
// crash-loop back-off, runs probes and hooks, and writes the Pod's status back.

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
};

const defaultReadyFailure = (port: number | string | undefined) =>
	port === undefined ? 'probe failed' : `HTTP probe failed with statuscode: 503`;

export class PodWorker {
	readonly slots: ContainerSlot[] = [];
	private scheduled = false;
	private sandboxReady = false;
	private deleting = false;
	private podTimers: Cancel[] = [];
	private lastWritten = '';

	constructor(
		private pod: Pod,
		private readonly behaviours: Record<string, Behaviour>,
		private readonly deps: WorkerDeps,
	) {
		const hasInit = (pod.spec.initContainers ?? []).length > 0;
		for (const container of pod.spec.initContainers ?? []) {
			this.slots.push(new ContainerSlot(container, isSidecar(container) ? 'sidecar' : 'init', behaviours[container.name] ?? {}, 'PodInitializing'));
		}
		for (const container of pod.spec.containers) {
			this.slots.push(new ContainerSlot(container, 'main', behaviours[container.name] ?? {}, hasInit ? 'PodInitializing' : 'ContainerCreating'));
		}
	}

	get current(): Pod {
		return this.pod;
	}

	/** The object the API stored may have moved on (labels patched): keep the latest. */
	adopt(pod: Pod): void {
		this.pod = pod;
	}

	slot(name: string): ContainerSlot | undefined {
		return this.slots.find(slot => slot.name === name);
	}

	start(): void {
		const timer = this.deps.clock.after(0.05, () =>
			this.run(() => {
				this.scheduled = true;
				this.pod = {...this.pod, spec: {...this.pod.spec, nodeName: this.deps.nodeName}};
				this.event('Normal', 'Scheduled', `Successfully assigned ${this.pod.metadata.namespace}/${this.pod.metadata.name} to ${this.deps.nodeName}`, undefined, 'default-scheduler');
				this.podTimers.push(
					this.deps.clock.after(0.1, () =>
						this.run(() => {
							this.sandboxReady = true;
						}),
					),
				);
			}),
		);
		this.podTimers.push(timer);
		this.flushStatus();
	}

	addEphemeral(container: Container, behaviour: Behaviour): void {
		this.run(() => {
			this.slots.push(new ContainerSlot(container, 'ephemeral', behaviour, 'ContainerCreating'));
		});
	}

	/** Graceful deletion: preStop hooks, then every container stops, then the Pod goes. */
	delete(graceSeconds: number): void {
		if (this.deleting) return;
		this.deleting = true;
		let longest = 0;
		this.run(() => {
			for (const slot of this.slots) {
				slot.restartTimer?.();
				if (!slot.running) continue;
				this.event('Normal', 'Killing', `Stopping container ${slot.name}`, slot);
				const preStop = slot.spec.lifecycle?.preStop?.exec?.command?.join(' ') ?? '';
				const sleep = /sleep (\d+)/.exec(preStop);
				const stopAfter = Math.min(graceSeconds, sleep ? Number(sleep[1]) : 0.2);
				longest = Math.max(longest, stopAfter);
				slot.runTimers.push(this.deps.clock.after(stopAfter, () => this.run(() => this.exited(slot, 0, 'Completed'))));
			}
		});
		this.podTimers.push(
			this.deps.clock.after(longest + 0.1, () => {
				this.stopAll();
				this.deps.remove(this.pod);
			}),
		);
	}

	/** Stop every timer (the sim is shutting down or the Pod is gone). */
	stopAll(): void {
		for (const cancel of this.podTimers) cancel();
		for (const slot of this.slots) {
			for (const cancel of slot.runTimers) cancel();
			slot.restartTimer?.();
			slot.current?.finish();
		}
	}

	/** Flip a running container's readiness (the many-pods churn). */
	flapReadiness(name: string): void {
		const slot = this.slot(name);
		if (!slot?.running) return;
		this.run(() => {
			slot.ready = !slot.ready;
		});
	}

	private run(mutate: () => void): void {
		mutate();
		if (!this.deleting) this.sync();
		this.flushStatus();
	}

	private sync(): void {
		if (!this.scheduled || !this.sandboxReady) return;
		const policy = this.pod.spec.restartPolicy ?? 'Always';
		// Init containers and native sidecars, strictly in order.
		for (const slot of this.slots) {
			if (slot.kind === 'sidecar') {
				if (!slot.running && !slot.restartTimer) this.startOrBackOff(slot);
				if (!slot.started) return;
				continue;
			}
			if (slot.kind !== 'init') continue;
			const terminated = slot.state.terminated;
			if (terminated?.exitCode === 0) continue;
			if (slot.running) return;
			if (terminated && policy === 'Never') return;
			if (!slot.restartTimer) this.startOrBackOff(slot);
			return;
		}
		for (const slot of this.slots) {
			if (slot.kind === 'init' || slot.kind === 'sidecar') continue;
			if (slot.running || slot.restartTimer) continue;
			const terminated = slot.state.terminated;
			if (terminated) {
				const restart =
					slot.kind !== 'ephemeral' && (policy === 'Always' || (policy === 'OnFailure' && terminated.exitCode !== 0));
				if (restart) this.startOrBackOff(slot);
				continue;
			}
			if (slot.state.waiting) this.startOrBackOff(slot);
		}
	}

	/** Start now, or wait out the back-off in CrashLoopBackOff as kubelet does. */
	private startOrBackOff(slot: ContainerSlot): void {
		const previous = slot.state.terminated;
		if (!previous) {
			this.startContainer(slot);
			return;
		}
		const ranFor = previous.startedAt && previous.finishedAt ? (Date.parse(previous.finishedAt) - Date.parse(previous.startedAt)) / 1000 : 0;
		if (shouldResetBackoff(ranFor)) slot.failures = 1;
		const delay = backoffSeconds(slot.failures);
		const restart = () =>
			this.run(() => {
				slot.restartTimer = undefined;
				this.startContainer(slot);
			});
		if (delay === 0) {
			// kubelet notices the exit on its next relist, about a second later.
			slot.restartTimer = this.deps.clock.after(1, restart);
			return;
		}
		slot.lastState = {terminated: previous};
		const podRef = `${this.pod.metadata.name}_${this.pod.metadata.namespace}(${this.pod.metadata.uid})`;
		slot.state = {waiting: {reason: 'CrashLoopBackOff', message: `back-off ${delay}s restarting failed container=${slot.name} pod=${podRef}`}};
		this.event('Warning', 'BackOff', `Back-off restarting failed container ${slot.name} in pod ${podRef}`, slot);
		slot.restartTimer = this.deps.clock.after(delay, restart);
	}

	private startContainer(slot: ContainerSlot): void {
		const now = this.deps.clock.now();
		const image = slot.spec.image ?? '';
		if (slot.state.terminated) {
			slot.lastState = {terminated: slot.state.terminated};
			slot.restartCount += 1;
		} else if (slot.state.waiting?.reason === 'CrashLoopBackOff') {
			slot.restartCount += 1;
		}
		if (slot.current) slot.previous = slot.current;
		if (slot.spec.imagePullPolicy === 'Always') {
			// A :latest image is pulled on every start, as kubelet does with pull policy Always.
			this.event('Normal', 'Pulling', `Pulling image "${image}"`, slot);
			const ms = 400 + (image.length * 37) % 900;
			this.event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${ms}ms (${ms}ms including waiting). Image size: ${(image.length * 1_048_573) % 50_000_000 + 3_000_000} bytes.`, slot);
		} else {
			this.event('Normal', 'Pulled', `Container image "${image}" already present on machine`, slot);
		}
		slot.containerID = newContainerID();
		slot.current = new LogInstance(slot.containerID);
		this.event('Normal', 'Created', `Created container: ${slot.name}`, slot);
		slot.state = {running: {startedAt: statusTime(now)}};
		slot.startedAtMs = now;
		slot.ready = false;
		slot.started = false;
		slot.linesWritten = 0;
		this.event('Normal', 'Started', `Started container ${slot.name}`, slot);
		this.runBehaviour(slot);
	}

	private exited(slot: ContainerSlot, exitCode: number, reason: string): void {
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
				startedAt: slot.state.running?.startedAt,
				finishedAt: statusTime(now),
				containerID: slot.containerID,
			},
		};
		slot.ready = false;
		slot.started = false;
		const needsRestart = slot.kind === 'sidecar' || exitCode !== 0 || (slot.kind === 'main' && (this.pod.spec.restartPolicy ?? 'Always') === 'Always');
		if (needsRestart && slot.kind !== 'ephemeral') slot.failures += 1;
	}

	private write(slot: ContainerSlot, lines: string[]): void {
		const instance = slot.current;
		if (!instance || !slot.running) return;
		const now = this.deps.clock.now();
		for (const template of lines) {
			slot.linesWritten += 1;
			const vars = {n: slot.linesWritten, pod: this.pod.metadata.name, container: slot.name, ip: this.deps.podIP, now};
			for (const line of renderLine(template, vars).split('\n')) instance.append(line, now);
		}
	}

	private portOwner(port: number): ContainerSlot | undefined {
		return this.slots.find(slot => slot.running && slot.boundPorts.includes(port));
	}

	/** A peer that accepts and serves: bound, and not one that closes every connection. */
	private serving(port: number): boolean {
		const owner = this.portOwner(port);
		return owner !== undefined && !owner.behaviour.closes?.includes(port);
	}

	private runBehaviour(slot: ContainerSlot): void {
		const behaviour = slot.behaviour;
		const clock = this.deps.clock;
		const timers = slot.runTimers;
		const later = (seconds: number, fn: () => void) => timers.push(clock.after(seconds, () => this.run(fn)));

		if (behaviour.startup?.length) {
			const every = behaviour.startupEvery ?? 0.2;
			behaviour.startup.forEach((line, index) => later(index * every, () => this.write(slot, [line])));
		}
		if (behaviour.logs?.lines.length) {
			const {lines, every} = behaviour.logs;
			let index = 0;
			const startAt = (behaviour.startup?.length ?? 0) * (behaviour.startupEvery ?? 0.2);
			later(startAt, () => {
				timers.push(
					clock.every(every, () => {
						// Log lines alone change no status: no status write for them.
						this.write(slot, [lines[index % lines.length]!]);
						index += 1;
					}),
				);
			});
		}
		if (behaviour.flood) this.flood(slot, behaviour.flood);
		if (behaviour.listen?.length) {
			later(behaviour.listenAfter ?? 0, () => {
				for (const port of behaviour.listen!) {
					const owner = this.portOwner(port);
					if (owner && owner !== slot) {
						this.write(slot, [`listen tcp 0.0.0.0:${port}: bind: address already in use`]);
						this.exited(slot, 1, 'Error');
						return;
					}
					slot.boundPorts.push(port);
				}
			});
		}
		if (behaviour.connect) {
			const {port, after, lines, code} = behaviour.connect;
			later(after ?? 0, () => {
				if (this.serving(port)) return;
				this.write(slot, lines.length ? lines : [`dial tcp 127.0.0.1:${port}: connect: connection refused`]);
				this.exited(slot, code, code === 0 ? 'Completed' : 'Error');
			});
		}
		if (behaviour.exit) {
			const {after, code, lines} = behaviour.exit;
			later(after, () => {
				if (lines) this.write(slot, lines);
				this.exited(slot, code, code === 0 ? 'Completed' : 'Error');
			});
		}
		if (behaviour.memory) this.trackMemory(slot, behaviour.memory);
		this.probe(slot);
	}

	private trackMemory(slot: ContainerSlot, memory: NonNullable<Behaviour['memory']>): void {
		const limit = mebibytes(slot.spec.resources?.limits?.memory);
		const startedAt = this.deps.clock.now();
		slot.memoryMi = memory.startMi;
		if (!memory.growMiPerSecond) return;
		slot.runTimers.push(
			this.deps.clock.every(1, () => {
				const elapsed = (this.deps.clock.now() - startedAt) / 1000;
				slot.memoryMi = memory.startMi + memory.growMiPerSecond! * elapsed;
				if (limit !== undefined && slot.memoryMi > limit) this.run(() => this.exited(slot, 137, 'OOMKilled'));
			}),
		);
	}

	private flood(slot: ContainerSlot, flood: NonNullable<Behaviour['flood']>): void {
		const pad = 'x'.repeat(Math.max(0, (flood.bytes ?? 120) - 40));
		let written = 0;
		const batch = flood.rate === 0 ? 2000 : Math.max(1, Math.round(flood.rate / 100));
		const writeBatch = () => {
			const instance = slot.current;
			if (!instance || !slot.running) return false;
			const now = this.deps.clock.now();
			const count = Math.min(batch, flood.lines - written);
			for (let i = 0; i < count; i++) {
				written += 1;
				instance.append(`flood line ${String(written).padStart(9, '0')} ${pad}`, now);
			}
			slot.linesWritten = written;
			if (written >= flood.lines) {
				this.run(() => this.exited(slot, 0, 'Completed'));
				return false;
			}
			return true;
		};
		if (flood.rate === 0) {
			const loop = () => {
				if (writeBatch()) immediate = setImmediate(loop);
			};
			let immediate = setImmediate(loop);
			slot.runTimers.push(() => clearImmediate(immediate));
		} else {
			slot.runTimers.push(this.deps.clock.every(batch / flood.rate, () => void writeBatch()));
		}
	}

	/** Startup and readiness probes, driven by the behaviour's declared delays. */
	private probe(slot: ContainerSlot): void {
		const {spec, behaviour} = slot;
		const later = (seconds: number, fn: () => void) => slot.runTimers.push(this.deps.clock.after(seconds, () => this.run(fn)));
		const startupDelay = spec.startupProbe
			? behaviour.startedAfter ?? (spec.startupProbe.initialDelaySeconds ?? 0) + (spec.startupProbe.periodSeconds ?? 10) / 10
			: 0;
		const becomeReady = () => {
			if (slot.kind === 'init') return;
			const readiness = spec.readinessProbe;
			if (!readiness) {
				slot.ready = true;
				return;
			}
			const period = readiness.periodSeconds ?? 10;
			if (behaviour.readyAfter === 'never') {
				const port = readiness.httpGet?.port ?? readiness.tcpSocket?.port;
				const message = behaviour.readyFailure ?? defaultReadyFailure(port);
				const fail = () => this.event('Warning', 'Unhealthy', `Readiness probe failed: ${message}`, slot);
				later(readiness.initialDelaySeconds ?? 0, () => {
					fail();
					slot.runTimers.push(this.deps.clock.every(period, () => this.run(fail)));
				});
				return;
			}
			later(behaviour.readyAfter ?? readiness.initialDelaySeconds ?? 0, () => {
				slot.ready = true;
			});
		};
		if (startupDelay === 0) {
			slot.started = true;
			becomeReady();
		} else {
			later(startupDelay, () => {
				slot.started = true;
				becomeReady();
			});
		}
	}

	private event(type: EventType, reason: string, message: string, slot?: ContainerSlot, component = 'kubelet'): void {
		const fieldPath = slot ? `spec.${slotField(slot.kind)}{${slot.name}}` : undefined;
		this.deps.event(this.pod, type, reason, message, fieldPath, component);
	}

	private flushStatus(): void {
		const now = statusTime(this.deps.clock.now());
		const byKind = (kinds: ContainerKind[]) => this.slots.filter(slot => kinds.includes(slot.kind)).map(slot => slot.status());
		const status = {...this.pod.status};
		status.qosClass = qosClass(this.pod);
		if (this.scheduled) {
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
		status.phase = this.scheduled ? podPhase(next) : 'Pending';
		status.conditions = podConditions(next, now, this.scheduled, this.sandboxReady);
		// Like kubelet's status manager, an unchanged status is not written again.
		const fingerprint = JSON.stringify([next.spec.nodeName, status]);
		if (fingerprint === this.lastWritten) return;
		this.lastWritten = fingerprint;
		this.pod = next;
		this.deps.commit(next);
	}
}

const slotField = (kind: ContainerKind) =>
	kind === 'main' ? 'containers' : kind === 'ephemeral' ? 'ephemeralContainers' : 'initContainers';
