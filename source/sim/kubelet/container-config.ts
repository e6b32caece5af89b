import {type Clock, simSeconds} from '../clock.js';
import {relistSeconds, requeueSeconds} from './backoff.js';
import type {Pod} from '../../model/k8s.js';
import type {ConfigSource} from './config-source.js';
import type {ContainerSlot} from './container-slot.js';
import {resolveEnvironment} from './env-resolution.js';
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

export type ConfigSync = {clock: Clock; source: ConfigSource; slots: ContainerSlot[]; resync(): void};

/**
 * generateContainerConfig for the container's env (kuberuntime_container.go startContainer):
 * false, with the variables kept for its processes, when every source is there; else true, the
 * container Waiting in CreateContainerConfigError with the kubelet's message, a Warning Failed
 * "Error: <message>" event, and the next sync scheduled.
 */
export function configFailed(pod: Pod, slot: ContainerSlot, sync: ConfigSync, failed: (message: string) => void): boolean {
	const resolved = resolveEnvironment(pod, slot.spec, sync.source);
	if (!('error' in resolved)) {
		slot.environment = resolved.env;
		return false;
	}
	if (slot.state.terminated) slot.lastState = {terminated: slot.state.terminated};
	slot.state = {waiting: {reason: 'CreateContainerConfigError', message: resolved.error}};
	failed(resolved.error);
	slot.restartTimer = sync.clock.after(configRetrySeconds(sync.slots, sync.clock), () => {
		slot.restartTimer = undefined;
		sync.resync();
	});
	return true;
}
