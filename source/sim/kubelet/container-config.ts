import {type Clock, simSeconds} from '../clock.js';
import {relistSeconds, requeueSeconds} from './backoff.js';
import type {ContainerSlot} from './container-slot.js';
import {syncBackoffSeconds} from './volume-manager.js';

// Containers the kubelet could not create for want of a ConfigMap or Secret in their env
// (CreateContainerConfigError). Nothing holds them back but the pod worker's next sync: its
// back-off requeue, or any sync that comes earlier, as the one after PLEG sees another
// container of the pod start.

export const waitsForConfig = (slot: ContainerSlot) => slot.state.waiting?.reason === 'CreateContainerConfigError' && slot.restartTimer !== undefined;

/** Let the sync about to run try these containers again, ahead of their requeue. */
export function retryConfig(slots: ContainerSlot[]): void {
	for (const slot of slots) {
		if (!waitsForConfig(slot)) continue;
		slot.restartTimer?.();
		slot.restartTimer = undefined;
	}
}

/**
 * When the sync that just failed a container's config is followed by another: at the next PLEG
 * relist when a container of the pod started within the last one (its ContainerStarted event
 * syncs the pod), else after the pod worker's back-off.
 */
export function configRetrySeconds(slots: ContainerSlot[], clock: Clock): number {
	const starts = slots.flatMap(slot => (slot.running && slot.startedAtMs !== undefined ? [simSeconds(clock, slot.startedAtMs)] : []));
	const latest = Math.min(Infinity, ...starts);
	return latest < relistSeconds ? relistSeconds - latest : requeueSeconds(syncBackoffSeconds);
}
