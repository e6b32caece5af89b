import {type Clock, simSeconds} from '../clock.js';

// The kubelet's image pull back-off: one client-go flowcontrol.Backoff for the node, keyed
// "<pod uid>_<image>" (pkg/kubelet/images/image_manager.go pullImage), made with
// NewBackOff(10s, MaxImageBackOff = 300s) and no jitter (pkg/kubelet/kubelet.go). A failed
// pull starts the window at 10 s or doubles it, up to 5 minutes; a pull is refused while the
// time since the last failure is inside the window. An entry not updated for twice the cap
// starts over (hasExpired, client-go util/flowcontrol/backoff.go).

export const initialImageBackoffSeconds = 10;
export const maxImageBackoffSeconds = 300;

type Entry = {seconds: number; lastUpdate: number};

export class ImageBackoff {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly clock: Clock) {}

	private expired(entry: Entry): boolean {
		return simSeconds(this.clock, entry.lastUpdate) > 2 * maxImageBackoffSeconds;
	}

	/** Backoff.Next: a pull failed now. */
	next(key: string): void {
		const entry = this.entries.get(key);
		const seconds = !entry || this.expired(entry) ? initialImageBackoffSeconds : Math.min(entry.seconds * 2, maxImageBackoffSeconds);
		this.entries.set(key, {seconds, lastUpdate: this.clock.now()});
	}

	/** Backoff.IsInBackOffSinceUpdate: whether a pull must wait. */
	inBackOff(key: string): boolean {
		const entry = this.entries.get(key);
		if (!entry || this.expired(entry)) return false;
		return simSeconds(this.clock, entry.lastUpdate) < entry.seconds;
	}

	/** The current window, for tests and for the sim's own reasoning (0 when none). */
	window(key: string): number {
		const entry = this.entries.get(key);
		return entry && !this.expired(entry) ? entry.seconds : 0;
	}

	/** Backoff.GC, run after every successful pull: forget expired entries. */
	gc(): void {
		for (const [key, entry] of this.entries) if (this.expired(entry)) this.entries.delete(key);
	}
}
