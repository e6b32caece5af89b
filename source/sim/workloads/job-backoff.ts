import type {Pod} from '../../model/k8s.js';

// A Job's pod failure back-off and limits (pkg/controller/job: backoff_utils.go,
// job_controller.go pastBackoffLimitOnFailure): 10 s doubled for each failure since the last
// success, at most 10 min; with restartPolicy OnFailure the container restarts count instead.

export const defaultBackoffMs = 10_000;
export const maxBackoffMs = 600_000;

const finishedAt = (pod: Pod) => {
	const times = [...(pod.status?.containerStatuses ?? [])].map(status => status.state?.terminated?.finishedAt).filter((time): time is string => Boolean(time));
	return times.length > 0
		? Math.max(...times.map(time => Date.parse(time)))
		: Date.parse(pod.metadata.deletionTimestamp ?? pod.metadata.creationTimestamp ?? '');
};

/** The delay after the last failure, for failures since the last success. */
export const backoffDelay = (failures: number) => (failures <= 0 ? 0 : Math.min(maxBackoffMs, defaultBackoffMs * 2 ** (failures - 1)));

/**
 * How long (ms of simulated time) new pods still wait: the back-off of the failures after the
 * last success, from the last failure; `since` gives simulated seconds since a timestamp.
 */
export function remainingBackoff(finished: Pod[], since: (ms: number) => number): number {
	const ordered = [...finished].sort((a, b) => finishedAt(a) - finishedAt(b));
	let failures = 0;
	let lastFailure = 0;
	for (const pod of ordered) {
		if (pod.status?.phase === 'Succeeded') failures = 0;
		else {
			failures += 1;
			lastFailure = finishedAt(pod);
		}
	}
	if (failures === 0) return 0;
	return Math.max(0, backoffDelay(failures) - since(lastFailure) * 1000);
}

/** pastBackoffLimitOnFailure: with restartPolicy OnFailure, the active pods' restarts reach the limit. */
export function pastBackoffLimitOnFailure(restartPolicy: string | undefined, backoffLimit: number, active: Pod[]): boolean {
	if (restartPolicy !== 'OnFailure') return false;
	let restarts = 0;
	for (const pod of active) {
		for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) restarts += status.restartCount ?? 0;
	}
	return backoffLimit === 0 ? restarts > 0 : restarts >= backoffLimit;
}
