import type {PullFailure} from '../behaviour.js';
import {type Cancel, type Clock, simSeconds} from '../clock.js';
import {qualifiedImage} from './container-slot.js';
import {ImageBackoff} from './image-backoff.js';
import type {PullOutcome} from './image-registry.js';

// The node's side of images: what containerd has, the kubelet's one pull queue and its pull
// back-off. The sim's node starts with every image a pod asks for, as the cluster test's node
// has its stand-ins imported, except the ones a scenario says are absent (x-sim `pull`) or
// that no node could have fetched (a registry under .invalid). A successful pull makes the
// image present for every later start on the node.
//
// The kubelet pulls one image at a time (serializeImagePulls defaults to true: the serial
// puller of pkg/kubelet/images/puller.go), so a pull waits for the ones queued before it;
// the Pulled event tells both times, the pull's own and the one including that wait.

export type PullResult = {failure?: PullFailure; pullSeconds: number; totalSeconds: number; bytes: number};

type Job = {image: string; outcome: PullOutcome; queuedAt: number; done?: (result: PullResult) => void};

export class NodeImages {
	readonly backoff: ImageBackoff;
	private readonly pulled = new Set<string>();
	private readonly queue: Job[] = [];

	constructor(private readonly clock: Clock) {
		this.backoff = new ImageBackoff(clock);
	}

	/** Whether containerd has the image: pulled here, or never said to be absent. */
	has(image: string, absent: boolean): boolean {
		return !absent || this.pulled.has(qualifiedImage(image));
	}

	/** Queue a pull; `done` is called when it ends. Cancelling only stops the call: a pull in flight goes on, as containerd's does. */
	pull(image: string, outcome: PullOutcome, done: (result: PullResult) => void): Cancel {
		const job: Job = {image, outcome, queuedAt: this.clock.now(), done};
		this.queue.push(job);
		if (this.queue.length === 1) this.start(job);
		return () => {
			job.done = undefined;
		};
	}

	/** Pulls queued or in flight on the node. */
	get pending(): number {
		return this.queue.length;
	}

	private start(job: Job): void {
		const startedAt = this.clock.now();
		this.clock.after(job.outcome.seconds, () => {
			const {failure, bytes} = job.outcome;
			if (!failure) {
				this.pulled.add(qualifiedImage(job.image));
				this.backoff.gc();
			}
			this.queue.shift();
			const next = this.queue[0];
			if (next) this.start(next);
			// Node's timers may fire a millisecond early; a pull never takes less than it takes.
			const pullSeconds = Math.max(job.outcome.seconds, simSeconds(this.clock, startedAt));
			const totalSeconds = Math.max(pullSeconds, simSeconds(this.clock, job.queuedAt));
			job.done?.({failure, bytes, pullSeconds, totalSeconds});
		});
	}
}
