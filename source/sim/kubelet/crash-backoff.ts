import {type Clock, simSeconds} from '../clock.js';
import {initialBackoffSeconds, maxBackoffSeconds} from './backoff.js';
import type {ContainerSlot} from './container-slot.js';

// One container's entry in the kubelet's crash-loop back-off (client-go util/flowcontrol
// Backoff, keyed per container; kuberuntime_manager.go doBackOff). The entry's back-off is
// set by Next when the kubelet starts a container again, and doubles each time up to the cap;
// a container is in back-off while less than that has passed since the exit the check reads.
// Which exit that is matters: after an exit it is that exit, but a container killed for a
// failed probe is started again in the sync that killed it, whose pod status is from before
// the kill, so the check reads the exit before (see probe-kill.ts).

export class CrashBackoff {
	/** The back-off in seconds; undefined until the first Next. */
	private seconds?: number;
	private lastUpdateMs = 0;

	constructor(private readonly clock: Clock) {}

	/** Backoff.Get: the current back-off (0 before the first Next). */
	get current(): number {
		return this.seconds ?? 0;
	}

	/** IsInBackOffSince(exit): less than the back-off has passed since that exit. */
	inBackOffSince(exitMs: number): boolean {
		if (this.seconds === undefined || this.expired(exitMs)) return false;
		return simSeconds(this.clock, exitMs) < this.seconds;
	}

	/** Next(exit): the first back-off, or twice the last up to the cap; stamped now. */
	next(exitMs: number): void {
		this.seconds = this.seconds === undefined || this.expired(exitMs) ? initialBackoffSeconds : Math.min(this.seconds * 2, maxBackoffSeconds);
		this.lastUpdateMs = this.clock.now();
	}

	/** hasExpired: an exit more than twice the cap after the last Next starts the back-off over. */
	private expired(exitMs: number): boolean {
		return simSeconds(this.clock, this.lastUpdateMs, exitMs) > 2 * maxBackoffSeconds;
	}
}

/**
 * The status of a container in back-off: Waiting, CrashLoopBackOff, its exit as its last state;
 * but an init container (a sidecar too) that exited 0 stays Terminated (convertToAPIContainerStatuses,
 * kubelet_pods.go), as a sidecar killed for its startup probe does.
 */
export function showBackOff(slot: ContainerSlot, message: string): void {
	const terminated = slot.state.terminated;
	if (terminated?.exitCode === 0 && (slot.kind === 'init' || slot.kind === 'sidecar')) return;
	if (terminated) slot.lastState = {terminated};
	slot.state = {waiting: {reason: 'CrashLoopBackOff', message}};
}
