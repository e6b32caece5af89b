import type {LabelSelector, ObjectMeta, PodSpec} from '../../model/k8s.js';

// The apps/v1 and batch/v1 objects the sim serves, as loose as the wire allows: the fields its
// controllers read and write are typed, the rest passes through as the client sent it.

export type PodTemplate = {metadata?: Omit<ObjectMeta, 'name'> & {name?: string}; spec: PodSpec};

export type Condition = {
	type: string;
	status: string;
	lastUpdateTime?: string;
	lastTransitionTime?: string;
	lastProbeTime?: string;
	reason?: string;
	message?: string;
};

export type RollingUpdate = {maxSurge?: number | string; maxUnavailable?: number | string; partition?: number};

export type WorkloadSpec = {
	replicas?: number;
	selector?: LabelSelector;
	template: PodTemplate;
	minReadySeconds?: number;
	revisionHistoryLimit?: number;
	progressDeadlineSeconds?: number;
	paused?: boolean;
	strategy?: {type?: string; rollingUpdate?: RollingUpdate};
	updateStrategy?: {type?: string; rollingUpdate?: RollingUpdate};
	podManagementPolicy?: string;
	serviceName?: string;
	persistentVolumeClaimRetentionPolicy?: Record<string, string>;
	// batch/v1 Job
	completions?: number;
	parallelism?: number;
	backoffLimit?: number;
	completionMode?: string;
	suspend?: boolean;
	manualSelector?: boolean;
	podReplacementPolicy?: string;
	activeDeadlineSeconds?: number;
	ttlSecondsAfterFinished?: number;
	[key: string]: unknown;
};

export type WorkloadStatus = {
	observedGeneration?: number;
	replicas?: number;
	updatedReplicas?: number;
	readyReplicas?: number;
	availableReplicas?: number;
	unavailableReplicas?: number;
	terminatingReplicas?: number;
	fullyLabeledReplicas?: number;
	currentReplicas?: number;
	currentRevision?: string;
	updateRevision?: string;
	collisionCount?: number;
	conditions?: Condition[];
	// DaemonSet
	currentNumberScheduled?: number;
	numberMisscheduled?: number;
	desiredNumberScheduled?: number;
	numberReady?: number;
	updatedNumberScheduled?: number;
	numberAvailable?: number;
	numberUnavailable?: number;
	// Job
	active?: number;
	succeeded?: number;
	failed?: number;
	terminating?: number;
	ready?: number;
	startTime?: string;
	completionTime?: string;
	uncountedTerminatedPods?: Record<string, string[]>;
	[key: string]: unknown;
};

export type WorkloadKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet' | 'Job';

export type Workload = {apiVersion: string; kind: WorkloadKind; metadata: ObjectMeta; spec: WorkloadSpec; status?: WorkloadStatus};

export type ControllerRevision = {apiVersion: 'apps/v1'; kind: 'ControllerRevision'; metadata: ObjectMeta; data: unknown; revision: number};

export type OwnerReference = {apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean};

/** The controller reference of an object, if any (metav1.GetControllerOf). */
export const controllerOf = (metadata: ObjectMeta): OwnerReference | undefined =>
	(metadata.ownerReferences as OwnerReference[] | undefined)?.find(reference => reference.controller === true);

/** metav1.NewControllerRef: what a controller sets on what it creates. */
export const controllerRef = (owner: Workload): OwnerReference => ({
	apiVersion: owner.apiVersion,
	kind: owner.kind,
	name: owner.metadata.name,
	uid: owner.metadata.uid!,
	controller: true,
	blockOwnerDeletion: true,
});
