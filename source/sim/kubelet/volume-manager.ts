import type {Pod} from '../../model/k8s.js';
import {type Cancel, type Clock, simSeconds} from '../clock.js';
import {requeueSeconds} from './backoff.js';
import type {ConfigSource} from './config-source.js';
import {volumeContent} from './volume-contents.js';

// The kubelet's volume manager for one pod's configMap, secret, downwardAPI and projected
// volumes (pkg/kubelet/volumemanager). Its reconciler sets each volume up as soon as the pod is
// known; a SetUp that fails is a Warning FailedMount event, "MountVolume.SetUp failed for volume
// "config" : configmap "app-config" not found" (operation_generator.go, GenerateError), and is
// tried again after an exponential back-off per volume: 500 ms doubling up to 2m2s
// (pkg/util/goroutinemap/exponentialbackoff). Meanwhile the pod worker's sync waits in
// WaitForAttachAndMount, polling every 300 ms for up to 2m3s; a sync that times out records no
// event (the wait was interrupted) and is requeued after the worker's back-off, 10 s jittered.
// So once the last volume mounts, the sandbox is created at the next poll, or at the next sync
// when the previous one has given up.

export const initialRetrySeconds = 0.5;
export const maxRetrySeconds = 122;
/** podAttachAndMountTimeout and podAttachAndMountRetryInterval (volume_manager.go). */
export const mountTimeoutSeconds = 123;
export const mountPollSeconds = 0.3;
/** The pod worker's backOffPeriod after a failed sync (kubelet.go), before its jitter. */
export const syncBackoffSeconds = 10;

/** The wait before the attempt after `failures` failed SetUps in a row. */
export function mountRetrySeconds(failures: number): number {
	return Math.min(initialRetrySeconds * 2 ** (failures - 1), maxRetrySeconds);
}

/**
 * How long after `elapsed` seconds of waiting the pod worker sees that every volume is mounted:
 * the next 300 ms poll inside a 2m3s wait, or the start of the next sync after a wait timed out.
 */
export function noticeDelaySeconds(elapsed: number): number {
	const gap = requeueSeconds(syncBackoffSeconds);
	const cycle = mountTimeoutSeconds + gap;
	const position = elapsed % cycle;
	if (position >= mountTimeoutSeconds) return cycle - position;
	const polls = Math.ceil(position / mountPollSeconds - 1e-9);
	return Math.min(polls * mountPollSeconds, mountTimeoutSeconds) - position;
}

export type VolumeManagerDeps = {
	clock: Clock;
	pod(): Pod;
	source: ConfigSource;
	failed(message: string): void;
};

export class VolumeManager {
	private readonly timers = new Map<string, Cancel>();
	private readonly failures = new Map<string, number>();
	private stopped = false;

	constructor(private readonly deps: VolumeManagerDeps) {}

	/** Set every volume up; `mounted` runs once the pod worker has seen them all mounted. */
	mount(mounted: () => void): void {
		const started = this.deps.clock.now();
		const pending = new Set((this.deps.pod().spec.volumes ?? []).map(volume => volume.name));
		const done = (name: string) => {
			pending.delete(name);
			if (pending.size > 0 || this.stopped) return;
			const elapsed = simSeconds(this.deps.clock, started);
			if (elapsed === 0) {
				mounted();
				return;
			}
			this.timers.set('', this.deps.clock.after(noticeDelaySeconds(elapsed), mounted));
		};
		const attempt = (name: string) => {
			this.timers.delete(name);
			if (this.stopped) return;
			const volume = (this.deps.pod().spec.volumes ?? []).find(candidate => candidate.name === name);
			const content = volume ? volumeContent(this.deps.pod(), volume, this.deps.source) : undefined;
			if (!content || 'files' in content) {
				done(name);
				return;
			}
			const failures = (this.failures.get(name) ?? 0) + 1;
			this.failures.set(name, failures);
			this.deps.failed(`MountVolume.SetUp failed for volume "${name}" : ${content.error}`);
			this.timers.set(
				name,
				this.deps.clock.after(mountRetrySeconds(failures), () => attempt(name)),
			);
		};
		if (pending.size === 0) {
			mounted();
			return;
		}
		for (const name of [...pending]) attempt(name);
	}

	stop(): void {
		this.stopped = true;
		for (const cancel of this.timers.values()) cancel();
		this.timers.clear();
	}
}
