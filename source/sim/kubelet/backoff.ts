// kubelet's crash-loop back-off: the first restart is immediate, then 10 s doubling up to
// 5 minutes. A container that ran for twice the cap before failing starts over.

export const initialBackoffSeconds = 10;
export const maxBackoffSeconds = 300;

export function backoffSeconds(failures: number): number {
	if (failures <= 1) return 0;
	return Math.min(initialBackoffSeconds * 2 ** (failures - 2), maxBackoffSeconds);
}

export function shouldResetBackoff(ranForSeconds: number): boolean {
	return ranForSeconds > 2 * maxBackoffSeconds;
}
