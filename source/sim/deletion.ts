import type {Pod} from '../model/k8s.js';

// How kube-apiserver deletes a Pod: the graceful-deletion rules of BeforeDelete
// (k8s.io/apiserver pkg/registry/rest/delete.go) with the pod strategy's CheckGracefulDelete
// (pkg/registry/core/pod/strategy.go), and the generic store's handling of finalizers
// (Delete, updateForGracefulDeletionAndFinalizers, markAsDeleting and ShouldDeleteDuringUpdate
// in k8s.io/apiserver pkg/registry/generic/registry/store.go). Pure: the cluster applies it.

const time = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * What a DELETE does to the stored pod:
 * - `pending`: a graceful deletion is under way and this one does not shorten it; nothing is
 *   written and the answer is the pod as stored;
 * - `update`: the pod stays, with its deletion timestamp and grace period (a graceful delete,
 *   or finalizers still pending), and the kubelet stops it within `grace` seconds;
 * - `delete`: the pod goes now; `pod` is its last state (written first when it changed).
 */
export type DeletePlan = {kind: 'pending'; pod: Pod} | {kind: 'update'; pod: Pod; grace: number} | {kind: 'delete'; pod: Pod};

type BeforeDelete = {graceful: boolean; pending: boolean; pod: Pod; period: number};

const hasFinalizers = (pod: Pod) => (pod.metadata.finalizers ?? []).length > 0;

/** BeforeDelete with the pod's CheckGracefulDelete. `requested` is DeleteOptions.gracePeriodSeconds. */
function beforeDelete(pod: Pod, requested: number | undefined, now: number): BeforeDelete {
	// Negative values are treated as one second on the delete path.
	const grace = requested !== undefined && requested < 0 ? 1 : requested;
	const meta = pod.metadata;
	if (meta.deletionTimestamp) {
		const current = meta.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds < 0 ? 1 : meta.deletionGracePeriodSeconds;
		// Already at 0 (or never set): delete at once.
		if (current === undefined || current === 0) return {graceful: false, pending: false, pod, period: 0};
		// Only a shorter grace period may be asked for.
		if (grace === undefined || grace >= current) return {graceful: false, pending: true, pod, period: current};
		let period = grace;
		let at = Date.parse(meta.deletionTimestamp) - current * 1000 + grace * 1000;
		if (at < now) {
			// Never into the past; a graceful request whose whole period has gone by is one second.
			at = now;
			if (period !== 0) period = 1;
		}
		return {graceful: true, pending: false, pod: {...pod, metadata: {...meta, deletionTimestamp: time(at), deletionGracePeriodSeconds: period}}, period};
	}
	// CheckGracefulDelete: unscheduled or finished pods go at once.
	let period = grace ?? pod.spec.terminationGracePeriodSeconds ?? 0;
	if (!pod.spec.nodeName) period = 0;
	if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') period = 0;
	if (period < 0) period = 1;
	return {graceful: true, pending: false, pod: markDeleted(pod, time(now + period * 1000), period), period};
}

/**
 * The first graceful delete: the deletion timestamp and grace period, and a new generation for
 * an object that counts them (BeforeDelete).
 */
export function markDeleted(pod: Pod, deletionTimestamp: string, grace: number): Pod {
	const generation = pod.metadata.generation;
	return {
		...pod,
		metadata: {
			...pod.metadata,
			deletionTimestamp,
			deletionGracePeriodSeconds: grace,
			...(generation !== undefined && generation > 0 ? {generation: generation + 1} : {}),
		},
	};
}

/** markAsDeleting: an object kept by its finalizers is marked deleted now, with no grace left. */
function markAsDeleting(pod: Pod, now: number): Pod {
	const meta = pod.metadata;
	const generation = !meta.deletionTimestamp && meta.generation !== undefined && meta.generation > 0 ? meta.generation + 1 : meta.generation;
	const deletionTimestamp = !meta.deletionTimestamp || Date.parse(meta.deletionTimestamp) > now ? time(now) : meta.deletionTimestamp;
	return {...pod, metadata: {...meta, deletionTimestamp, deletionGracePeriodSeconds: 0, ...(generation !== undefined ? {generation} : {})}};
}

/**
 * The grace period the kubelet kills with (calculateEffectiveGracePeriod, pkg/kubelet/
 * pod_workers.go): the API's deletionGracePeriodSeconds, at least one second.
 */
export const kubeletGrace = (pod: Pod) => Math.max(1, pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30);

/** The generic store's Delete for a pod: what to write, given the requested grace period. */
export function planDelete(pod: Pod, requested: number | undefined, now: number): DeletePlan {
	const {graceful, pending, pod: next, period} = beforeDelete(pod, requested, now);
	if (pending) return {kind: 'pending', pod};
	if (!graceful) {
		// Finalizers keep an object whose grace is up: it is only marked as deleting.
		if (hasFinalizers(pod)) {
			const marked = markAsDeleting(pod, now);
			return {kind: 'update', pod: marked, grace: kubeletGrace(marked)};
		}
		return {kind: 'delete', pod};
	}
	// Finalizers never let the object go at once; neither does a grace period still to run.
	if (hasFinalizers(pod) || period > 0) return {kind: 'update', pod: next, grace: kubeletGrace(next)};
	return {kind: 'delete', pod: next};
}

/**
 * ShouldDeleteDuringUpdate: an update that leaves no finalizers on an object whose deletion
 * has no grace left deletes it.
 */
export function deletesOnUpdate(current: Pod, next: Pod): boolean {
	if (hasFinalizers(next) || !current.metadata.deletionTimestamp) return false;
	return !current.metadata.deletionGracePeriodSeconds;
}

/** ValidateNoNewFinalizers: an object being deleted takes no new finalizers. */
export function newFinalizersError(current: Pod, next: Pod): string | undefined {
	if (!current.metadata.deletionTimestamp) return undefined;
	const before = new Set(current.metadata.finalizers ?? []);
	const extra = [...new Set(next.metadata.finalizers ?? [])].filter(name => !before.has(name)).sort();
	if (extra.length === 0) return undefined;
	return `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map(name => JSON.stringify(name)).join(', ')}}`;
}
