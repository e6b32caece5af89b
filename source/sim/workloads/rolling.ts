import type {Workload} from './types.js';

// The arithmetic of a Deployment's rolling update (pkg/controller/deployment/util/
// deployment_util.go and rolling.go): fenceposts, how far the new ReplicaSet may grow, and how
// many old pods may go, given what is available.

/** intstr.GetScaledValueFromIntOrPercent: an int, or a percent of `total` rounded up or down. */
export function scaledValue(value: number | string | undefined, total: number, roundUp: boolean): number {
	if (value === undefined) return 0;
	if (typeof value === 'number') return value;
	const match = /^(\d+)%$/.exec(value);
	if (!match) {
		if (/^\d+$/.test(value)) return Number(value);
		throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
	}
	const scaled = (Number(match[1]) * total) / 100;
	return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** ResolveFenceposts: maxSurge rounded up, maxUnavailable down, and never both zero. */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): [number, number] {
	const surge = scaledValue(maxSurge, desired, true);
	const unavailable = scaledValue(maxUnavailable, desired, false);
	if (surge === 0 && unavailable === 0) return [0, 1];
	return [surge, unavailable];
}

const isRolling = (d: Workload) => d.spec.strategy?.type === 'RollingUpdate';
const rollingUpdate = (d: Workload) => d.spec.strategy?.rollingUpdate ?? {};

/** MaxUnavailable: at most the replicas; 0 for Recreate or none wanted. */
export function maxUnavailable(d: Workload): number {
	const replicas = d.spec.replicas ?? 1;
	if (!isRolling(d) || replicas === 0) return 0;
	const [, unavailable] = resolveFenceposts(rollingUpdate(d).maxSurge, rollingUpdate(d).maxUnavailable, replicas);
	return Math.min(unavailable, replicas);
}

export function maxSurge(d: Workload): number {
	if (!isRolling(d)) return 0;
	return resolveFenceposts(rollingUpdate(d).maxSurge, rollingUpdate(d).maxUnavailable, d.spec.replicas ?? 1)[0];
}

const specReplicas = (rs: Workload | undefined) => rs?.spec.replicas ?? 0;
const sum = (sets: Array<Workload | undefined>, pick: (rs: Workload) => number) => sets.reduce((total, rs) => total + (rs ? pick(rs) : 0), 0);

/** GetReplicaCountForReplicaSets: the sum of what they want. */
export const replicaCount = (sets: Array<Workload | undefined>) => sum(sets, specReplicas);
/** GetAvailableReplicaCountForReplicaSets. */
export const availableCount = (sets: Array<Workload | undefined>) => sum(sets, rs => rs.status?.availableReplicas ?? 0);

/** NewRSNewReplicas: what the new ReplicaSet may be scaled to now. */
export function newRSNewReplicas(d: Workload, all: Array<Workload | undefined>, newRS: Workload): number {
	const replicas = d.spec.replicas ?? 1;
	if (!isRolling(d)) return replicas;
	const current = replicaCount(all);
	const maxTotal = replicas + maxSurge(d);
	if (current >= maxTotal) return specReplicas(newRS);
	const scaleUp = Math.min(maxTotal - current, replicas - specReplicas(newRS));
	return specReplicas(newRS) + scaleUp;
}

/**
 * reconcileOldReplicaSets' budget: how many old pods may be scaled down without going below
 * the minimum available, counting the new ReplicaSet's unavailable pods against it.
 */
export function maxScaledDown(d: Workload, all: Array<Workload | undefined>, newRS: Workload): number {
	const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
	const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
	return replicaCount(all) - minAvailable - newUnavailable;
}

/**
 * cleanupUnhealthyReplicas then scaleDownOldReplicaSetsForRollingUpdate: the new size of each
 * old ReplicaSet (oldest first), unhealthy pods going first, then available ones while more
 * than the minimum stay available.
 */
export function oldReplicaSetTargets(d: Workload, oldSets: Workload[], newRS: Workload): Map<Workload, number> {
	const targets = new Map<Workload, number>();
	const budget = maxScaledDown(d, [...oldSets, newRS], newRS);
	if (replicaCount(oldSets) === 0 || budget <= 0) return targets;
	const byAge = [...oldSets].sort((a, b) => Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? ''));
	const size = new Map(byAge.map(rs => [rs, specReplicas(rs)]));
	let cleaned = 0;
	for (const rs of byAge) {
		if (cleaned >= budget) break;
		const replicas = size.get(rs)!;
		const available = rs.status?.availableReplicas ?? 0;
		if (replicas === 0 || available === replicas) continue;
		const down = Math.min(budget - cleaned, replicas - available);
		size.set(rs, replicas - down);
		cleaned += down;
	}
	const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
	const availablePods = availableCount([...byAge, newRS]);
	let scaledDown = 0;
	if (availablePods > minAvailable) {
		const total = availablePods - minAvailable;
		for (const rs of byAge) {
			if (scaledDown >= total) break;
			const replicas = size.get(rs)!;
			if (replicas === 0) continue;
			const down = Math.min(replicas, total - scaledDown);
			size.set(rs, replicas - down);
			scaledDown += down;
		}
	}
	for (const rs of byAge) if (size.get(rs) !== specReplicas(rs)) targets.set(rs, size.get(rs)!);
	return targets;
}

/** DeploymentComplete: every replica updated and available, the newest spec observed. */
export function deploymentComplete(d: Workload, status: Workload['status']): boolean {
	const replicas = d.spec.replicas ?? 1;
	return (
		status?.updatedReplicas === replicas &&
		status?.replicas === replicas &&
		status?.availableReplicas === replicas &&
		(status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
	);
}

/** DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than before. */
export function deploymentProgressing(d: Workload, next: NonNullable<Workload['status']>): boolean {
	const old = d.status ?? {};
	const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
	const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
	return (
		(next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
		newOld < oldOld ||
		(next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
		(next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
	);
}

/** getReplicaSetFraction: the share of a scaling a ReplicaSet takes, by the size it was made for. */
function replicaSetFraction(rs: Workload, d: Workload): number {
	const replicas = d.spec.replicas ?? 1;
	if (replicas === 0) return -specReplicas(rs);
	const maxNow = replicas + maxSurge(d);
	let before = Number(rs.metadata.annotations?.['deployment.kubernetes.io/max-replicas'] ?? 0) || 0;
	if (before === 0) {
		// Without the annotation, the deployment's current size.
		before = d.status?.replicas ?? 0;
		if (before === 0) return 0;
	}
	// integer.RoundToInt32: half away from zero.
	const size = (specReplicas(rs) * maxNow) / before;
	return Math.sign(size) * Math.round(Math.abs(size)) - specReplicas(rs);
}

/**
 * scale()'s proportional scaling of a rolling update (sync.go): the change to replicas +
 * maxSurge is shared among the active ReplicaSets by their size, the largest first, and what
 * rounding leaves goes to the first. Returns each ReplicaSet's new size.
 */
export function proportionalSizes(d: Workload, active: Workload[]): Map<Workload, number> {
	const replicas = d.spec.replicas ?? 1;
	const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
	const toAdd = allowed - replicaCount(active);
	const newerFirst = (a: Workload, b: Workload) => Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? '');
	const ordered = [...active].sort((a, b) => specReplicas(b) - specReplicas(a) || (toAdd > 0 ? newerFirst(a, b) : -newerFirst(a, b)));
	const sizes = new Map<Workload, number>();
	let added = 0;
	for (const rs of ordered) {
		let proportion = 0;
		if (toAdd !== 0 && specReplicas(rs) !== 0 && toAdd !== added) {
			const fraction = replicaSetFraction(rs, d);
			proportion = toAdd > 0 ? Math.min(fraction, toAdd - added) : Math.max(fraction, toAdd - added);
		}
		sizes.set(rs, specReplicas(rs) + proportion);
		added += proportion;
	}
	const first = ordered[0];
	if (first && toAdd !== 0) sizes.set(first, Math.max(0, sizes.get(first)! + toAdd - added));
	return sizes;
}
