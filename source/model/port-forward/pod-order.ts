import type {Pod} from '../k8s.js';
import {afterOrZero, maxRestarts, podTime as time} from '../pod-ranking.js';

// Which of a workload's pods `kubectl port-forward TYPE/NAME` (and attach, exec) picks: the
// first in sort.Reverse(podutils.ActivePods) order (k8s.io/kubectl/pkg/polymorphichelpers/
// attachablepodforobject.go, k8s.io/kubectl/pkg/util/podutils/podutils.go). Not the order
// `kubectl logs` reads in (ByLogging): the two differ on deleting pods, restarts and ready times.

const phaseRank: Record<string, number> = {Pending: 0, Unknown: 1, Running: 2};

const isReady = (pod: Pod) => pod.status?.conditions?.some(c => c.type === 'Ready' && c.status === 'True') ?? false;
const readyTime = (pod: Pod) => time(pod.status?.conditions?.find(c => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime);

/** ActivePods' Less: `i` is the better pod to delete (the worse one to attach to). */
export function activeLess(i: Pod, j: Pod): boolean {
	const [ni, nj] = [i.spec.nodeName ?? '', j.spec.nodeName ?? ''];
	// 1. unassigned < assigned
	if (ni !== nj && (ni === '' || nj === '')) return ni === '';
	// 2. Pending < Unknown < Running (any other phase ranks as Pending: Go's map gives 0)
	const [pi, pj] = [phaseRank[i.status?.phase ?? ''] ?? 0, phaseRank[j.status?.phase ?? ''] ?? 0];
	if (pi !== pj) return pi < pj;
	// 3. not ready < ready
	if (isReady(i) !== isReady(j)) return !isReady(i);
	// 4. deleting < not deleting; 5. older deletion < newer
	const [di, dj] = [time(i.metadata.deletionTimestamp), time(j.metadata.deletionTimestamp)];
	if ((di !== undefined) !== (dj !== undefined)) return di !== undefined;
	if (di !== undefined && dj !== undefined && di !== dj) return di < dj;
	// 6. ready for less time < more time
	if (isReady(i) && isReady(j) && readyTime(i) !== readyTime(j)) return afterOrZero(readyTime(i), readyTime(j));
	// 7. more restarts < fewer
	const [[regI, sideI], [regJ, sideJ]] = [maxRestarts(i), maxRestarts(j)];
	if (regI !== regJ) return regI > regJ;
	if (sideI !== sideJ) return sideI > sideJ;
	// 8. empty creation time < newer < older
	const [ci, cj] = [time(i.metadata.creationTimestamp), time(j.metadata.creationTimestamp)];
	if (ci !== cj) return afterOrZero(ci, cj);
	return false;
}

/** The pods best first, as kubectl sorts them before taking the first (a stable sort). */
export const inAttachOrder = (pods: Pod[]) => [...pods].sort((a, b) => (activeLess(b, a) ? -1 : activeLess(a, b) ? 1 : 0));
