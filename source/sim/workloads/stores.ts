import type {Behaviour} from '../behaviour.js';
import {ObjectStore, type Revisions} from '../store.js';
import type {ControllerRevision, Workload, WorkloadKind} from './types.js';

// The apps/v1 and batch/v1 objects, in stores sharing the cluster's revision counter, and the
// `x-sim` behaviours a scenario gave a workload's template (which never reach the API).

export class WorkloadStores {
	readonly deployments: ObjectStore<Workload>;
	readonly replicaSets: ObjectStore<Workload>;
	readonly statefulSets: ObjectStore<Workload>;
	readonly daemonSets: ObjectStore<Workload>;
	readonly jobs: ObjectStore<Workload>;
	readonly controllerRevisions: ObjectStore<ControllerRevision>;
	private readonly behaviours = new Map<string, Record<string, Behaviour>>();

	constructor(revisions: Revisions) {
		this.deployments = new ObjectStore<Workload>(revisions);
		this.replicaSets = new ObjectStore<Workload>(revisions);
		this.statefulSets = new ObjectStore<Workload>(revisions);
		this.daemonSets = new ObjectStore<Workload>(revisions);
		this.jobs = new ObjectStore<Workload>(revisions);
		this.controllerRevisions = new ObjectStore<ControllerRevision>(revisions);
	}

	store(kind: WorkloadKind): ObjectStore<Workload> {
		switch (kind) {
			case 'Deployment':
				return this.deployments;
			case 'ReplicaSet':
				return this.replicaSets;
			case 'StatefulSet':
				return this.statefulSets;
			case 'DaemonSet':
				return this.daemonSets;
			default:
				return this.jobs;
		}
	}

	/** Every workload store, parents before the children they make. */
	all(): Array<ObjectStore<Workload>> {
		return [this.deployments, this.replicaSets, this.statefulSets, this.daemonSets, this.jobs];
	}

	setBehaviours(kind: string, namespace: string, name: string, behaviours: Record<string, Behaviour>): void {
		this.behaviours.set(`${kind}/${namespace}/${name}`, behaviours);
	}

	behavioursOf(kind: string, namespace: string, name: string): Record<string, Behaviour> | undefined {
		return this.behaviours.get(`${kind}/${namespace}/${name}`);
	}
}
