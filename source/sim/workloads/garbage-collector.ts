import type {ObjectMeta, Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import type {ObjectStore} from '../store.js';
import type {ControllerContext} from './context.js';
import type {WorkloadStores} from './stores.js';
import type {Workload} from './types.js';

// The garbage collector (pkg/controller/garbagecollector) for what the workloads own: when an
// owner goes, its dependents go too (background deletion, what kubectl delete asks for), or
// lose their owner reference (orphan); a foreground deletion keeps the owner, marked with the
// foregroundDeletion finalizer, until its dependents are gone.

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

type Owned = {metadata: ObjectMeta};

const foreground = 'foregroundDeletion';
const orphanFinalizer = 'orphan';

const ownedBy = (object: Owned, uid: string) => (object.metadata.ownerReferences ?? []).some(reference => reference.uid === uid);

/** Delete an object from its store; the collector sees the deletion and takes care of its dependents. */
export function deleteWorkload(context: {stores: WorkloadStores}, object: Workload): void {
	context.stores.store(object.kind).delete(object.metadata.namespace, object.metadata.name);
}

export class GarbageCollector {
	private readonly stops: Array<() => void> = [];

	constructor(
		private readonly cluster: Cluster,
		private readonly stores: WorkloadStores,
	) {}

	start(): this {
		for (const store of this.stores.all()) {
			this.stops.push(
				store.watch(store.revision, change => {
					if (change.type === 'DELETED') setImmediate(() => this.ownerGone(change.object.metadata.uid!));
					else if (change.object.metadata.finalizers?.includes(foreground)) setImmediate(() => this.foregroundStep(change.object));
				}),
			);
		}
		// A dependent gone may be the last one a foreground deletion waits for.
		const recheck = (change: {type: string; object: Owned}) => {
			if (change.type !== 'DELETED') return;
			for (const reference of change.object.metadata.ownerReferences ?? []) setImmediate(() => this.recheckOwner(reference.uid));
		};
		this.stops.push(this.cluster.pods.watch(this.cluster.pods.revision, recheck));
		for (const store of this.stores.all()) this.stops.push(store.watch(store.revision, recheck));
		return this;
	}

	stop(): void {
		for (const stop of this.stops) stop();
	}

	/** The dependents of an owner: pods, workloads and controller revisions with its uid among their owners. */
	private dependents(uid: string): Array<{kind: 'Pod'; object: Pod} | {kind: 'Workload'; object: Workload; store: ObjectStore<Workload>}> {
		const result: Array<{kind: 'Pod'; object: Pod} | {kind: 'Workload'; object: Workload; store: ObjectStore<Workload>}> = [];
		for (const pod of this.cluster.pods.list()) if (ownedBy(pod, uid)) result.push({kind: 'Pod', object: pod});
		for (const store of this.stores.all()) for (const object of store.list()) if (ownedBy(object, uid)) result.push({kind: 'Workload', object, store});
		return result;
	}

	/** attemptToDeleteItem for every dependent whose only owner has gone. */
	private ownerGone(uid: string): void {
		for (const dependent of this.dependents(uid)) this.deleteDependent(dependent.object.metadata, dependent);
		for (const revision of this.stores.controllerRevisions.list()) {
			if (ownedBy(revision, uid)) this.stores.controllerRevisions.delete(revision.metadata.namespace, revision.metadata.name);
		}
	}

	private deleteDependent(
		metadata: ObjectMeta,
		dependent: {kind: 'Pod'; object: Pod} | {kind: 'Workload'; object: Workload; store: ObjectStore<Workload>},
	): void {
		if (dependent.kind === 'Pod') {
			if (!metadata.deletionTimestamp) this.cluster.deletePod(metadata.namespace!, metadata.name);
			return;
		}
		dependent.store.delete(metadata.namespace, metadata.name);
	}

	/** Orphan: the dependents keep running without the owner's reference. */
	orphan(owner: Workload): void {
		const uid = owner.metadata.uid!;
		for (const dependent of this.dependents(uid)) {
			const ownerReferences = (dependent.object.metadata.ownerReferences ?? []).filter(reference => reference.uid !== uid);
			const metadata = {...dependent.object.metadata, ownerReferences};
			if (ownerReferences.length === 0) delete (metadata as Partial<ObjectMeta>).ownerReferences;
			if (dependent.kind === 'Pod') {
				const saved = this.cluster.pods.update({...dependent.object, metadata});
				this.cluster.worker(saved)?.adopt(saved);
			} else dependent.store.update({...dependent.object, metadata});
		}
	}

	/** A foreground deletion: delete the dependents, and the owner once none is left. */
	private foregroundStep(owner: Workload): void {
		const dependents = this.dependents(owner.metadata.uid!);
		for (const dependent of dependents) this.deleteDependent(dependent.object.metadata, dependent);
		this.recheckOwner(owner.metadata.uid!);
	}

	private recheckOwner(uid: string): void {
		for (const store of this.stores.all()) {
			const owner = store.list().find(object => object.metadata.uid === uid);
			if (!owner?.metadata.finalizers?.includes(foreground)) continue;
			if (this.dependents(uid).length > 0) return;
			const finalizers = owner.metadata.finalizers.filter(name => name !== foreground && name !== orphanFinalizer);
			if (finalizers.length === 0) store.delete(owner.metadata.namespace, owner.metadata.name);
			else store.update({...owner, metadata: {...owner.metadata, finalizers}});
		}
	}
}

/** The DELETE of a workload with its propagation policy: what is written, and what the API answers. */
export function deleteWithPropagation(context: ControllerContext, collector: GarbageCollector, object: Workload, policy: Propagation): Workload {
	const store = context.stores.store(object.kind);
	if (policy === 'Foreground') {
		const finalizers = [...new Set([...(object.metadata.finalizers ?? []), foreground])];
		return store.update({...object, metadata: {...object.metadata, deletionTimestamp: context.stamp(), deletionGracePeriodSeconds: 0, finalizers}});
	}
	if (policy === 'Orphan') collector.orphan(object);
	store.delete(object.metadata.namespace, object.metadata.name);
	return object;
}
