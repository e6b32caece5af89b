import {canonical} from '../patch.js';
import {claimReplicaSets} from './claim.js';
import type {ControllerContext} from './context.js';
import {writeObject, writeStatus} from './context.js';
import {getCondition, newCondition, removeCondition, setCondition} from './conditions.js';
import {
	byCreation,
	copiedAnnotations,
	desiredReplicasAnnotation,
	findNewReplicaSet,
	maxReplicasAnnotation,
	revisionAnnotation,
	revisionOf,
	templateHashLabel,
	withRevision,
} from './deployment-revisions.js';
import {deleteWorkload} from './garbage-collector.js';
import {computeHash} from './hash.js';
import {deploymentComplete, deploymentProgressing, maxSurge, maxUnavailable, newRSNewReplicas, oldReplicaSetTargets, proportionalSizes} from './rolling.js';
import {prepareCreate} from './strategy.js';
import {type Condition, controllerRef, type Workload} from './types.js';

// The Deployment controller (pkg/controller/deployment: deployment_controller.go, sync.go,
// rolling.go, recreate.go, progress.go): one ReplicaSet per template revision, named
// "<deployment>-<pod-template-hash>", scaled within maxSurge and maxUnavailable as pods
// become available, old revisions kept up to revisionHistoryLimit, and the status and
// conditions kubectl rollout status reads.

export const deploymentComponent = 'deployment-controller';

type Sets = {newRS: Workload | undefined; old: Workload[]};

const replicas = (d: Workload) => d.spec.replicas ?? 1;
const specReplicas = (rs: Workload | undefined) => rs?.spec.replicas ?? 0;

/** getReplicaSetsForDeployment: claimed by the selector. */
const replicaSetsOf = (context: ControllerContext, d: Workload): Workload[] => claimReplicaSets(context, d);

/** scaleReplicaSet: the size and the desired/max annotations, and the ScalingReplicaSet event. */
function scaleReplicaSet(context: ControllerContext, rs: Workload, size: number, d: Workload): Workload {
	const annotations = {
		...rs.metadata.annotations,
		[desiredReplicasAnnotation]: String(replicas(d)),
		[maxReplicasAnnotation]: String(replicas(d) + maxSurge(d)),
	};
	const sizeChanged = specReplicas(rs) !== size;
	if (!sizeChanged && canonical(annotations) === canonical(rs.metadata.annotations)) return rs;
	const updated = writeObject(context, {...rs, metadata: {...rs.metadata, annotations}, spec: {...rs.spec, replicas: size}}) ?? rs;
	if (sizeChanged) {
		const operation = specReplicas(rs) < size ? 'up' : 'down';
		context.events.record(
			d,
			'Normal',
			'ScalingReplicaSet',
			`Scaled ${operation} replica set ${rs.metadata.name} from ${specReplicas(rs)} to ${size}`,
			deploymentComponent,
		);
	}
	return updated;
}

function writeDeploymentStatus(context: ControllerContext, d: Workload, status: NonNullable<Workload['status']>): Workload {
	return writeStatus(context, d, status) ?? d;
}

/** getNewReplicaSet when none matches the template: the ReplicaSet of the next revision. */
function createNewReplicaSet(context: ControllerContext, d: Workload, old: Workload[], revision: number): Workload | undefined {
	const collisionCount = d.status?.collisionCount;
	const hash = computeHash(d.spec.template, collisionCount);
	const labels = {...(d.spec.template.metadata?.labels ?? {}), [templateHashLabel]: hash};
	const template = {...d.spec.template, metadata: {...d.spec.template.metadata!, labels}};
	const draft: Workload = {
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		metadata: {
			name: `${d.metadata.name}-${hash}`,
			namespace: d.metadata.namespace,
			labels,
			annotations: {
				...copiedAnnotations(d.metadata.annotations),
				[desiredReplicasAnnotation]: String(replicas(d)),
				[maxReplicasAnnotation]: String(replicas(d) + maxSurge(d)),
				[revisionAnnotation]: String(revision),
			},
			ownerReferences: [controllerRef(d)],
		},
		spec: {
			replicas: 0,
			minReadySeconds: d.spec.minReadySeconds ?? 0,
			selector: {...d.spec.selector, matchLabels: {...(d.spec.selector?.matchLabels ?? {}), [templateHashLabel]: hash}},
			template,
		},
	};
	draft.spec.replicas = newRSNewReplicas(d, old, draft);
	const store = context.stores.replicaSets;
	const existing = store.get(d.metadata.namespace, draft.metadata.name);
	if (existing) {
		// A hash collision: another template has this name. The next hash gets a new count.
		writeDeploymentStatus(context, d, {...d.status, collisionCount: (collisionCount ?? 0) + 1});
		return undefined;
	}
	const created = store.create(prepareCreate(draft, 'ReplicaSet', d.metadata.namespace!, context.stamp()));
	if (specReplicas(created) > 0) {
		context.events.record(
			d,
			'Normal',
			'ScalingReplicaSet',
			`Scaled up replica set ${created.metadata.name} from 0 to ${specReplicas(created)}`,
			deploymentComponent,
		);
	}
	const conditions = setCondition(
		d.status?.conditions,
		newCondition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`, context.stamp()),
	);
	writeDeploymentStatus(context, d, {...d.status, conditions});
	return created;
}

/** getAllReplicaSetsAndSyncRevision: the new ReplicaSet (made when asked), the old ones, revisions in step. */
function allReplicaSets(context: ControllerContext, d: Workload, create: boolean): Sets {
	const sets = replicaSetsOf(context, d);
	const existing = findNewReplicaSet(d, sets);
	const old = sets.filter(rs => rs !== existing);
	const revision = Math.max(0, ...old.map(revisionOf)) + 1;
	let newRS = existing;
	if (existing) {
		const annotations = withRevision({...existing.metadata.annotations, ...copiedAnnotations(d.metadata.annotations)}, revision);
		if (canonical(annotations) !== canonical(existing.metadata.annotations ?? {})) {
			newRS = writeObject(context, {...existing, metadata: {...existing.metadata, annotations}}) ?? existing;
		}
		if (d.spec.progressDeadlineSeconds !== undefined && !getCondition(d.status?.conditions, 'Progressing')) {
			const condition = newCondition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${existing.metadata.name}"`, context.stamp());
			writeDeploymentStatus(context, d, {...d.status, conditions: setCondition(d.status?.conditions, condition)});
		}
	} else if (create) {
		newRS = createNewReplicaSet(context, d, old, revision);
	}
	// SetDeploymentRevision: the Deployment carries its new ReplicaSet's revision.
	const current = context.stores.deployments.get(d.metadata.namespace, d.metadata.name);
	if (newRS && current && current.metadata.annotations?.[revisionAnnotation] !== String(revisionOf(newRS))) {
		writeObject(context, {
			...current,
			metadata: {...current.metadata, annotations: {...current.metadata.annotations, [revisionAnnotation]: String(revisionOf(newRS))}},
		});
	}
	return {newRS, old};
}

const sumOf = (sets: Array<Workload | undefined>, pick: (status: NonNullable<Workload['status']>) => number | undefined) =>
	sets.reduce((total, rs) => total + (rs ? (pick(rs.status ?? {}) ?? 0) : 0), 0);

/** calculateStatus. */
function calculateStatus(context: ControllerContext, sets: Sets, d: Workload): NonNullable<Workload['status']> {
	const all = [...sets.old, sets.newRS];
	const available = sumOf(all, status => status.availableReplicas);
	const total = all.reduce((count, rs) => count + specReplicas(rs), 0);
	const status: NonNullable<Workload['status']> = {
		observedGeneration: d.metadata.generation ?? 1,
		replicas: sumOf(all, status => status.replicas),
		updatedReplicas: sumOf([sets.newRS], status => status.replicas),
		readyReplicas: sumOf(all, status => status.readyReplicas),
		availableReplicas: available,
		unavailableReplicas: Math.max(0, total - available),
		terminatingReplicas: sumOf(all, status => status.terminatingReplicas),
		...(d.status?.collisionCount !== undefined ? {collisionCount: d.status.collisionCount} : {}),
		conditions: d.status?.conditions ?? [],
	};
	const condition =
		available >= replicas(d) - maxUnavailable(d)
			? newCondition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', context.stamp())
			: newCondition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', context.stamp());
	status.conditions = setCondition(status.conditions, condition);
	return status;
}

/** syncRolloutStatus (progress.go): the status, and Progressing as the rollout moves, completes or times out. */
function syncRolloutStatus(context: ControllerContext, sets: Sets, d: Workload): void {
	const status = calculateStatus(context, sets, d);
	const deadline = d.spec.progressDeadlineSeconds;
	if (deadline === undefined) status.conditions = removeCondition(status.conditions, 'Progressing');
	const current = getCondition(d.status?.conditions, 'Progressing');
	const completed = status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
	const name = sets.newRS?.metadata.name;
	if (deadline !== undefined && !completed) {
		const now = context.stamp();
		if (deploymentComplete(d, status)) {
			const message = name ? `ReplicaSet "${name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`;
			status.conditions = setCondition(status.conditions, newCondition('Progressing', 'True', 'NewReplicaSetAvailable', message, now));
		} else if (deploymentProgressing(d, status)) {
			const message = name ? `ReplicaSet "${name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`;
			const condition = newCondition('Progressing', 'True', 'ReplicaSetUpdated', message, now);
			if (current?.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
			status.conditions = [...removeCondition(status.conditions, 'Progressing'), condition];
		} else if (current && current.reason !== 'ProgressDeadlineExceeded' && context.since(Date.parse(current.lastUpdateTime ?? '')) > deadline) {
			const message = name ? `ReplicaSet "${name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`;
			status.conditions = setCondition(status.conditions, newCondition('Progressing', 'False', 'ProgressDeadlineExceeded', message, now));
		}
	}
	writeDeploymentStatus(context, d, status);
}

/** cleanupDeployment: old ReplicaSets beyond revisionHistoryLimit, once scaled to nothing, go. */
function cleanup(context: ControllerContext, old: Workload[], d: Workload): void {
	const limit = d.spec.revisionHistoryLimit;
	if (limit === undefined) return;
	const cleanable = old.filter(rs => !rs.metadata.deletionTimestamp).sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
	const diff = cleanable.length - limit;
	for (const rs of cleanable.slice(0, Math.max(0, diff))) {
		if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
		deleteWorkload(context, rs);
	}
}

/** scale(): a scaling event outside a rollout resizes the one active ReplicaSet. */
function scale(context: ControllerContext, d: Workload, sets: Sets): void {
	const active = [...sets.old, ...(sets.newRS ? [sets.newRS] : [])].filter(rs => specReplicas(rs) > 0);
	let target: Workload | undefined;
	if (active.length === 0) target = sets.newRS ?? [...sets.old].sort(byCreation).at(-1);
	else if (active.length === 1) target = active[0];
	if (target) {
		scaleReplicaSet(context, target, replicas(d), d);
		return;
	}
	// IsSaturated: the new ReplicaSet holds every replica, available; the old ones go.
	const {newRS} = sets;
	if (
		newRS &&
		newRS.metadata.annotations?.[desiredReplicasAnnotation] === String(replicas(d)) &&
		specReplicas(newRS) === replicas(d) &&
		newRS.status?.availableReplicas === replicas(d)
	) {
		for (const rs of sets.old.filter(old => specReplicas(old) > 0)) scaleReplicaSet(context, rs, 0, d);
		return;
	}
	if (d.spec.strategy?.type !== 'RollingUpdate') return;
	for (const [rs, size] of proportionalSizes(d, active)) scaleReplicaSet(context, rs, size, d);
}

function rolloutRolling(context: ControllerContext, d: Workload): void {
	let sets = allReplicaSets(context, d, true);
	const {newRS} = sets;
	if (newRS) {
		let scaled = false;
		if (specReplicas(newRS) > replicas(d)) {
			scaleReplicaSet(context, newRS, replicas(d), d);
			scaled = true;
		} else if (specReplicas(newRS) < replicas(d)) {
			const size = newRSNewReplicas(d, [...sets.old, newRS], newRS);
			if (size !== specReplicas(newRS)) {
				scaleReplicaSet(context, newRS, size, d);
				scaled = true;
			}
		}
		if (!scaled) {
			for (const [rs, size] of oldReplicaSetTargets(d, sets.old, newRS)) scaleReplicaSet(context, rs, size, d);
		}
	}
	sets = refreshed(context, sets);
	const current = context.stores.deployments.get(d.metadata.namespace, d.metadata.name) ?? d;
	if (deploymentComplete(current, current.status)) cleanup(context, sets.old, current);
	syncRolloutStatus(context, sets, current);
}

function rolloutRecreate(context: ControllerContext, d: Workload): void {
	let sets = allReplicaSets(context, d, false);
	const activeOld = sets.old.filter(rs => specReplicas(rs) > 0);
	for (const rs of activeOld) scaleReplicaSet(context, rs, 0, d);
	const oldPodsRunning = sets.old.some(rs => (rs.status?.replicas ?? 0) > 0 || (rs.status?.terminatingReplicas ?? 0) > 0);
	if (activeOld.length === 0 && !oldPodsRunning) {
		if (!sets.newRS) sets = allReplicaSets(context, context.stores.deployments.get(d.metadata.namespace, d.metadata.name) ?? d, true);
		if (sets.newRS && specReplicas(sets.newRS) !== replicas(d)) scaleReplicaSet(context, sets.newRS, replicas(d), d);
	}
	sets = refreshed(context, sets);
	const current = context.stores.deployments.get(d.metadata.namespace, d.metadata.name) ?? d;
	if (deploymentComplete(current, current.status)) cleanup(context, sets.old, current);
	syncRolloutStatus(context, sets, current);
}

const refreshed = (context: ControllerContext, sets: Sets): Sets => {
	const get = (rs: Workload) => context.stores.replicaSets.get(rs.metadata.namespace, rs.metadata.name);
	return {newRS: sets.newRS && get(sets.newRS), old: sets.old.map(get).filter((rs): rs is Workload => rs !== undefined)};
};

/** isScalingEvent: an active ReplicaSet was sized for another replica count. */
function isScalingEvent(d: Workload, sets: Workload[]): boolean {
	return sets.some(
		rs =>
			specReplicas(rs) > 0 &&
			rs.metadata.annotations?.[desiredReplicasAnnotation] !== undefined &&
			rs.metadata.annotations[desiredReplicasAnnotation] !== String(replicas(d)),
	);
}

/** checkPausedConditions: Progressing Unknown while paused, and once resumed, so a pause never times out. */
function checkPausedConditions(context: ControllerContext, d: Workload): Workload {
	if (d.spec.progressDeadlineSeconds === undefined) return d;
	const current = getCondition(d.status?.conditions, 'Progressing');
	if (current?.reason === 'ProgressDeadlineExceeded') return d;
	const paused = current?.reason === 'DeploymentPaused';
	let condition: Condition | undefined;
	if (d.spec.paused && !paused) condition = newCondition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', context.stamp());
	else if (!d.spec.paused && paused) condition = newCondition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', context.stamp());
	if (!condition) return d;
	return writeDeploymentStatus(context, d, {...d.status, conditions: setCondition(d.status?.conditions, condition)});
}

export function syncDeployment(context: ControllerContext, namespace: string, name: string): void {
	const stored = context.stores.deployments.get(namespace, name);
	if (!stored || stored.metadata.deletionTimestamp) return;
	const d = checkPausedConditions(context, stored);
	const sets = replicaSetsOf(context, d);
	if (d.spec.paused || isScalingEvent(d, sets)) {
		const all = allReplicaSets(context, d, false);
		scale(context, d, all);
		const current = context.stores.deployments.get(namespace, name) ?? d;
		if (d.spec.paused) cleanup(context, all.old, current);
		const status = calculateStatus(context, refreshed(context, all), current);
		writeDeploymentStatus(context, current, status);
		return;
	}
	if (d.spec.strategy?.type === 'Recreate') rolloutRecreate(context, d);
	else rolloutRolling(context, d);
}
