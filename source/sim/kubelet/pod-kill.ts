import {type Cancel, type Clock, simSeconds} from '../clock.js';
import type {ContainerSlot} from './container-slot.js';

// The kubelet killing a pod's containers (killPod, pkg/kubelet/kuberuntime): the Killing
// event, the preStop hook, SIGTERM, and SIGKILL at the end of the grace period, which the
// runtime never makes shorter than two seconds (minimumGracePeriodInSeconds). A shorter grace
// period while the kill runs (a second delete, --force) restarts it with the new deadline,
// as the pod worker does when the API shortens deletionGracePeriodSeconds.

export type KillHost = {
	clock: Clock;
	slots: readonly ContainerSlot[];
	/** Apply a change, then write the status. */
	run(mutate: () => void): void;
	exited(slot: ContainerSlot, exitCode: number, reason: string): void;
	killing(slot: ContainerSlot): void;
	/** Every container has stopped; `killed` are those that were running when the kill began. */
	done(killed: ContainerSlot[]): void;
};

/** How long the process takes to exit on SIGTERM: a preStop `sleep N`, never for one that ignores it. */
function wants(slot: ContainerSlot): number {
	if (slot.behaviour.sigterm === 'ignore') return Number.POSITIVE_INFINITY;
	const preStop = slot.spec.lifecycle?.preStop?.exec?.command?.join(' ') ?? '';
	const sleep = /sleep (\d+)/.exec(preStop);
	return sleep ? Number(sleep[1]) : 0.2;
}

export class PodKill {
	private readonly startedAt: number;
	/** Seconds after the start by which every container is dead. */
	private deadline: number;
	private readonly killed: ContainerSlot[];
	private timers: Cancel[] = [];

	constructor(
		private readonly host: KillHost,
		graceSeconds: number,
	) {
		this.startedAt = host.clock.now();
		this.deadline = Math.max(graceSeconds, 2);
		this.killed = host.slots.filter(slot => slot.running);
		host.run(() => {
			for (const slot of this.killed) host.killing(slot);
			this.schedule();
		});
	}

	/** A new grace period from now: only a shorter one changes anything. */
	shorten(graceSeconds: number): void {
		const deadline = simSeconds(this.host.clock, this.startedAt) + Math.max(graceSeconds, 2);
		if (deadline >= this.deadline) return;
		this.deadline = deadline;
		this.schedule();
	}

	cancel(): void {
		for (const cancel of this.timers) cancel();
		this.timers = [];
	}

	private schedule(): void {
		this.cancel();
		const elapsed = simSeconds(this.host.clock, this.startedAt);
		let longest = 0;
		for (const slot of this.killed) {
			if (!slot.running) continue;
			const exitAt = Math.min(this.deadline, wants(slot));
			// Past the grace period the runtime sends SIGKILL.
			const [code, reason] = wants(slot) > this.deadline ? [137, 'Error'] : [0, 'Completed'];
			const after = Math.max(0, exitAt - elapsed);
			longest = Math.max(longest, after);
			this.timers.push(this.host.clock.after(after, () => this.host.run(() => this.host.exited(slot, code, reason))));
		}
		this.timers.push(this.host.clock.after(longest + 0.1, () => this.host.done(this.killed)));
	}
}
