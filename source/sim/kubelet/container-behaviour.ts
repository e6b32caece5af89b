import type {Pod} from '../../model/k8s.js';
import {mebibytes} from '../../model/quantity.js';
import {type Behaviour, renderLine} from '../behaviour.js';
import {type Clock, simSeconds} from '../clock.js';
import type {ContainerSlot} from './container-slot.js';
import type {DiskUsage} from './disk-usage.js';
import {startProbes} from './prober.js';

// What a simulated container does while it runs, from its `x-sim` behaviour: log lines,
// ports bound in the pod's shared network namespace, exits, memory growth to an OOM kill,
// and its probes (prober.ts). The pod worker is the host.

export type BehaviourHost = {
	clock: Clock;
	podIP: string;
	podName(): string;
	slots: readonly ContainerSlot[];
	/** The pod's local-storage usage, which the kubelet's eviction manager reads. */
	disk: DiskUsage;
	/** Apply a change, then let the kubelet react and write the status. */
	run(mutate: () => void): void;
	exited(slot: ContainerSlot, exitCode: number, reason: string): void;
	/** The kubelet stopped it for a failed probe; `restart`: the same sync starts it again. */
	killed(slot: ContainerSlot, exitCode: number, reason: string, restart: boolean): void;
	/** The Pod as the kubelet has it (its spec: grace period, restart policy). */
	pod(): Pod;
	event(type: 'Normal' | 'Warning', reason: string, message: string, slot?: ContainerSlot): void;
};

function write(host: BehaviourHost, slot: ContainerSlot, lines: string[]): void {
	const instance = slot.current;
	if (!instance || !slot.running) return;
	const now = host.clock.now();
	for (const template of lines) {
		slot.linesWritten += 1;
		const vars = {n: slot.linesWritten, pod: host.podName(), container: slot.name, ip: host.podIP, now};
		for (const line of renderLine(template, vars).split('\n')) instance.append(line, now);
	}
}

function portOwner(host: BehaviourHost, port: number): ContainerSlot | undefined {
	return host.slots.find(slot => slot.running && slot.boundPorts.includes(port));
}

/** A peer that accepts and serves: bound, and not one that closes every connection. */
function serving(host: BehaviourHost, port: number): boolean {
	const owner = portOwner(host, port);
	return owner !== undefined && !owner.behaviour.closes?.includes(port);
}

/** Play a container's scripted behaviour for the instance that has just started. */
export function runBehaviour(host: BehaviourHost, slot: ContainerSlot): void {
	const behaviour = slot.behaviour;
	const clock = host.clock;
	const timers = slot.runTimers;
	const later = (seconds: number, fn: () => void) => timers.push(clock.after(seconds, () => host.run(fn)));

	if (behaviour.startup?.length) {
		const every = behaviour.startupEvery ?? 0.2;
		for (const [index, line] of behaviour.startup.entries()) later(index * every, () => write(host, slot, [line]));
	}
	if (behaviour.logs?.lines.length) {
		const {lines, every} = behaviour.logs;
		let index = 0;
		const startAt = (behaviour.startup?.length ?? 0) * (behaviour.startupEvery ?? 0.2);
		later(startAt, () => {
			timers.push(
				clock.every(every, () => {
					// Log lines alone change no status: no status write for them.
					write(host, slot, [lines[index % lines.length]!]);
					index += 1;
				}),
			);
		});
	}
	if (behaviour.flood) flood(host, slot, behaviour.flood);
	if (behaviour.listen?.length) {
		later(behaviour.listenAfter ?? 0, () => {
			for (const port of behaviour.listen!) {
				const owner = portOwner(host, port);
				if (owner && owner !== slot) {
					write(host, slot, [`listen tcp 0.0.0.0:${port}: bind: address already in use`]);
					host.exited(slot, 1, 'Error');
					return;
				}
				slot.boundPorts.push(port);
			}
		});
	}
	if (behaviour.connect) {
		const {port, after, lines, code} = behaviour.connect;
		later(after ?? 0, () => {
			if (serving(host, port)) return;
			write(host, slot, lines.length ? lines : [`dial tcp 127.0.0.1:${port}: connect: connection refused`]);
			host.exited(slot, code, code === 0 ? 'Completed' : 'Error');
		});
	}
	if (behaviour.exit) {
		const {after, code, lines} = behaviour.exit;
		later(after, () => {
			if (lines) write(host, slot, lines);
			host.exited(slot, code, code === 0 ? 'Completed' : 'Error');
		});
	}
	if (behaviour.memory) trackMemory(host, slot, behaviour.memory);
	host.disk.started(slot.name);
	if (behaviour.writes) {
		const {after, mi, path} = behaviour.writes;
		// A write changes no status: the eviction manager finds it at its next housekeeping.
		timers.push(clock.after(after, () => host.disk.write(slot.spec, path, mi * 2 ** 20)));
	}
	startProbes(host, slot);
}

function trackMemory(host: BehaviourHost, slot: ContainerSlot, memory: NonNullable<Behaviour['memory']>): void {
	const limit = mebibytes(slot.spec.resources?.limits?.memory);
	const startedAt = host.clock.now();
	slot.memoryMi = memory.startMi;
	if (!memory.growMiPerSecond) return;
	slot.runTimers.push(
		host.clock.every(1, () => {
			const elapsed = simSeconds(host.clock, startedAt);
			slot.memoryMi = memory.startMi + memory.growMiPerSecond! * elapsed;
			if (limit !== undefined && slot.memoryMi > limit) host.run(() => host.exited(slot, 137, 'OOMKilled'));
		}),
	);
}

function flood(host: BehaviourHost, slot: ContainerSlot, flood: NonNullable<Behaviour['flood']>): void {
	const pad = 'x'.repeat(Math.max(0, (flood.bytes ?? 120) - 40));
	let written = 0;
	const batch = flood.rate === 0 ? 2000 : Math.max(1, Math.round(flood.rate / 100));
	const startedAt = host.clock.now();
	const writeBatch = () => {
		const instance = slot.current;
		if (!instance || !slot.running) return false;
		const now = host.clock.now();
		// At a rate, write what is due by the clock: timers fire late on a busy machine, and a
		// program writing 12,500 lines a second does not slow down because its kubelet is busy.
		const due = flood.rate === 0 ? written + batch : Math.floor(simSeconds(host.clock, startedAt, now) * flood.rate);
		const count = Math.min(due - written, flood.lines - written);
		if (count <= 0) return true;
		for (let i = 0; i < count; i++) {
			written += 1;
			instance.append(`flood line ${String(written).padStart(9, '0')} ${pad}`, now);
		}
		slot.linesWritten = written;
		if (written >= flood.lines) {
			if (flood.exit !== false) host.run(() => host.exited(slot, 0, 'Completed'));
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
		slot.runTimers.push(host.clock.every(batch / flood.rate, () => void writeBatch()));
	}
}
