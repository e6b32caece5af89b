import type {Pod} from '../k8s.js';
import {afterOrZero, maxRestarts, podTime as time} from '../pod-ranking.js';

// Which of a workload's pods `kubectl logs TYPE/NAME` reads: the first in podutils.ByLogging
// order (k8s.io/kubectl/pkg/util/podutils/podutils.go), which --all-pods keeps for all of them.

const phaseRank: Record<string, number> = {Running: 0, Unknown: 1, Pending: 2};

const readyTime = (pod: Pod): string | undefined => pod.status?.conditions?.find(c => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime;

/** ByLogging's Less: a negative number when `a` is the better pod to read. */
export function byLogging(a: Pod, b: Pod): number {
	const less = (i: Pod, j: Pod): boolean => {
		const [ni, nj] = [i.spec.nodeName ?? '', j.spec.nodeName ?? ''];
		// 1. assigned < unassigned
		if (ni !== nj && (ni === '' || nj === '')) return ni !== '';
		// 2. Running < Unknown < Pending (any other phase ranks as Running: Go's map gives 0)
		const [pi, pj] = [phaseRank[i.status?.phase ?? ''] ?? 0, phaseRank[j.status?.phase ?? ''] ?? 0];
		if (pi !== pj) return pi < pj;
		// 3. ready < not ready
		const [ri, rj] = [readyTime(i), readyTime(j)];
		const [readyI, readyJ] = [
			i.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True') ?? false,
			j.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True') ?? false,
		];
		if (readyI !== readyJ) return readyI;
		// 4. ready for longer < shorter < empty time
		if (readyI && readyJ && time(ri) !== time(rj)) return afterOrZero(time(rj), time(ri));
		// 5. more restarts < fewer
		const [[regI, sideI], [regJ, sideJ]] = [maxRestarts(i), maxRestarts(j)];
		if (regI !== regJ) return regI > regJ;
		if (sideI !== sideJ) return sideI > sideJ;
		// 6. older < newer < empty creation time
		const [ci, cj] = [time(i.metadata.creationTimestamp), time(j.metadata.creationTimestamp)];
		if (ci !== cj) return afterOrZero(cj, ci);
		return false;
	};
	return less(a, b) ? -1 : less(b, a) ? 1 : 0;
}

/** The pods in the order kubectl reads them (a stable sort: the API's order breaks ties). */
export const inLoggingOrder = (pods: Pod[]) => [...pods].sort(byLogging);
