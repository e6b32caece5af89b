// kubelet's crash-loop back-off (client-go flowcontrol.Backoff keyed per container, one entry
// a container: crash-backoff.ts): the first restart is immediate, then 10 s doubling up to 5
// minutes, measured from the moment the container finished. A container that ran for twice the
// cap before failing starts over.

export const initialBackoffSeconds = 10;
export const maxBackoffSeconds = 300;

/** PLEG's relist period: the kubelet learns that a container started or exited up to this much later. */
export const relistSeconds = 1;

/** kubelet's --sync-frequency: a pod waiting on its back-off is synced at least this often. */
export const resyncSeconds = 60;

/**
 * When the pod worker syncs a pod again after a sync that ended in back-off: when the back-off
 * ends, at most a resync interval away, times wait.Jitter's factor (1 + rand * 0.5). The sim
 * takes the mean, 1.25, so that runs repeat.
 */
export function requeueSeconds(untilBackoffEnds: number): number {
	return Math.min(Math.max(0, untilBackoffEnds), resyncSeconds) * 1.25;
}

/** Go's time.Duration.String() for whole seconds, as the CrashLoopBackOff message prints it: "40s", "1m20s", "5m0s". */
export function goDuration(seconds: number): string {
	return goDurationMs(Math.round(seconds) * 1000);
}

/** Go's time.Duration.String() for whole milliseconds: "850ms", "1.25s", "1m0.5s", "0s". */
export function goDurationMs(ms: number): string {
	const whole = Math.trunc(ms);
	if (whole === 0) return '0s';
	if (whole < 1000) return `${whole}ms`;
	const total = Math.floor(whole / 1000);
	const millis = whole % 1000;
	const fraction = millis ? `.${String(millis).padStart(3, '0').replace(/0+$/, '')}` : '';
	const hours = Math.floor(total / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = `${total % 60}${fraction}s`;
	if (hours > 0) return `${hours}h${minutes}m${seconds}`;
	if (minutes > 0) return `${minutes}m${seconds}`;
	return seconds;
}
