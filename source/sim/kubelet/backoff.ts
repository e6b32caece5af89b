// kubelet's crash-loop back-off (client-go flowcontrol.Backoff keyed per container): the
// first restart is immediate, then 10 s doubling up to 5 minutes, measured from the moment
// the container finished. A container that ran for twice the cap before failing starts over.

export const initialBackoffSeconds = 10;
export const maxBackoffSeconds = 300;

/** The wait before restarting a container that has failed `failures` times in a row. */
export function backoffSeconds(failures: number): number {
	if (failures <= 1) return 0;
	return Math.min(initialBackoffSeconds * 2 ** (failures - 2), maxBackoffSeconds);
}

export function shouldResetBackoff(ranForSeconds: number): boolean {
	return ranForSeconds > 2 * maxBackoffSeconds;
}

/** Go's time.Duration.String() for whole seconds, as the CrashLoopBackOff message prints it: "40s", "1m20s", "5m0s". */
export function goDuration(seconds: number): string {
	const whole = Math.round(seconds);
	const hours = Math.floor(whole / 3600);
	const minutes = Math.floor((whole % 3600) / 60);
	const rest = whole % 60;
	if (hours > 0) return `${hours}h${minutes}m${rest}s`;
	if (minutes > 0) return `${minutes}m${rest}s`;
	return `${rest}s`;
}
