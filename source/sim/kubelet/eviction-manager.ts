import type {Cancel, Clock} from '../clock.js';
import type {UsageSnapshot} from './disk-usage.js';
import {localStorageEviction} from './local-storage.js';
import {memoryPressureEviction, type PodMemory} from './memory-pressure.js';
import type {PodWorker} from './pod-worker.js';

// The kubelet's eviction manager (pkg/kubelet/eviction/eviction_manager.go): every 10 s
// (evictionMonitoringPeriod) it reads the node's stats and evicts. The stats it reads are the
// ones collected at the housekeeping before (cadvisor's housekeeping is 10 s too), so a pod is
// evicted 10 to 20 s after it crossed a limit, as on a real node. Local-storage violations come
// first and skip the node-pressure check that round; node pressure evicts one pod a round.

/** What the manager saw of one pod at a housekeeping. */
type PodStats = {disk: UsageSnapshot; memory: Map<string, number>};

export type EvictionDeps = {
	clock: Clock;
	/** The kubelet's pods. */
	workers(): Iterable<PodWorker>;
	/** The node's memory capacity in bytes. */
	memoryBytes: number;
	now(): string;
};

export const housekeepingSeconds = 10;

/** A container's working set as the stats report it: whole pages. */
const workingSet = (mi: number) => Math.round((mi * 2 ** 20) / 4096) * 4096;

export class EvictionManager {
	private observed = new Map<string, PodStats>();

	constructor(private readonly deps: EvictionDeps) {}

	start(): Cancel {
		return this.deps.clock.every(housekeepingSeconds, () => this.synchronize());
	}

	/** One housekeeping: evict on the stats of the last one, and collect the next. */
	synchronize(): void {
		const active = [...this.deps.workers()].filter(worker => !worker.stopping && worker.current.spec.nodeName);
		const seen = this.observed;
		this.observed = new Map(active.map(worker => [worker.current.metadata.uid!, stats(worker)]));
		let evicted = false;
		for (const worker of active) {
			const usage = seen.get(worker.current.metadata.uid!);
			const message = usage && localStorageEviction(worker.current, usage.disk);
			if (!message) continue;
			// Local-storage evictions kill at once and add no condition (evictPod with a nil condition).
			worker.evict({message, graceSeconds: 1});
			evicted = true;
		}
		if (evicted) return;
		const pods: PodMemory[] = active.flatMap(worker => {
			const usage = seen.get(worker.current.metadata.uid!);
			return usage ? [{pod: worker.current, usage: usage.memory}] : [];
		});
		const pressure = memoryPressureEviction(this.deps.memoryBytes, pods, this.deps.now());
		if (!pressure) return;
		// A hard threshold: immediateEvictionGracePeriodSeconds.
		const worker = active.find(candidate => candidate.current.metadata.uid === pressure.pod.metadata.uid);
		worker?.evict({message: pressure.message, graceSeconds: 1, condition: pressure.condition});
	}
}

function stats(worker: PodWorker): PodStats {
	const memory = new Map<string, number>();
	for (const slot of worker.slots) {
		if (slot.running && slot.memoryMi > 0) memory.set(slot.name, workingSet(slot.memoryMi));
	}
	return {disk: worker.disk.snapshot(), memory};
}
