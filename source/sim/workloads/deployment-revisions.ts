import {canonical} from '../patch.js';
import type {PodTemplate, Workload} from './types.js';

// How the Deployment controller tells its ReplicaSets apart (pkg/controller/deployment/util/
// deployment_util.go): by template, ignoring the pod-template-hash label, and by the
// deployment.kubernetes.io/revision annotation.

export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
export const templateHashLabel = 'pod-template-hash';

/** What copyDeploymentAnnotationsToReplicaSet leaves out. */
const skippedAnnotations = new Set([
	'kubectl.kubernetes.io/last-applied-configuration',
	revisionAnnotation,
	revisionHistoryAnnotation,
	desiredReplicasAnnotation,
	maxReplicasAnnotation,
	'deprecated.deployment.rollback.to',
]);

export const copiedAnnotations = (annotations: Record<string, string> | undefined) =>
	Object.fromEntries(Object.entries(annotations ?? {}).filter(([key]) => !skippedAnnotations.has(key)));

function withoutHash(template: PodTemplate | undefined): string {
	const labels = {...(template?.metadata?.labels ?? {})};
	delete labels[templateHashLabel];
	return canonical({...template, metadata: {...template?.metadata, labels}});
}

/** EqualIgnoreHash. */
export const equalIgnoreHash = (a: PodTemplate | undefined, b: PodTemplate | undefined) => withoutHash(a) === withoutHash(b);

export const revisionOf = (rs: Workload) => Number(rs.metadata.annotations?.[revisionAnnotation] ?? 0) || 0;

export const byCreation = (a: Workload, b: Workload) =>
	Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '') || (a.metadata.name < b.metadata.name ? -1 : 1);

/** FindNewReplicaSet: the oldest ReplicaSet whose template is the Deployment's. */
export const findNewReplicaSet = (d: Workload, sets: Workload[]) => [...sets].sort(byCreation).find(rs => equalIgnoreHash(rs.spec.template, d.spec.template));

/**
 * SetNewReplicaSetAnnotations' revision part: a ReplicaSet that becomes the new one again
 * takes the next revision, and its old one goes into the revision history.
 */
export function withRevision(annotations: Record<string, string>, revision: number): Record<string, string> {
	const old = Number(annotations[revisionAnnotation] ?? 0) || 0;
	if (old >= revision) return annotations;
	const result: Record<string, string> = {...annotations, [revisionAnnotation]: String(revision)};
	if (old > 0) {
		const history = annotations[revisionHistoryAnnotation];
		result[revisionHistoryAnnotation] = history ? `${history},${old}` : String(old);
	}
	return result;
}
