import type {Cluster} from '../cluster.js';
import type {ControllerEvents} from './events.js';
import type {WorkloadStores} from './stores.js';
import type {Workload} from './types.js';

// What every controller gets: the cluster it drives, the workload stores, its event recorder.

export type ControllerContext = {
	cluster: Cluster;
	stores: WorkloadStores;
	events: ControllerEvents;
	now(): number;
	/** metav1.Time of now, as the controllers stamp conditions. */
	stamp(): string;
	/** Simulated seconds since a timestamp: what minReadySeconds, back-offs and deadlines count (the clock's speed compresses them). */
	since(ms: number): number;
};

/** Write a controller's status for an object (its UpdateStatus), unless the object has gone or nothing changed. */
export function writeStatus(context: ControllerContext, object: Workload, status: NonNullable<Workload['status']>): Workload | undefined {
	const store = context.stores.store(object.kind);
	const current = store.get(object.metadata.namespace, object.metadata.name);
	if (!current || current.metadata.uid !== object.metadata.uid) return undefined;
	return store.update({...current, status});
}

/** Write a controller's change of an object's spec or metadata (its Update): a changed spec is a new generation. */
export function writeObject(context: ControllerContext, next: Workload): Workload | undefined {
	const store = context.stores.store(next.kind);
	const current = store.get(next.metadata.namespace, next.metadata.name);
	if (!current || current.metadata.uid !== next.metadata.uid) return undefined;
	const specChanged = JSON.stringify(current.spec) !== JSON.stringify(next.spec);
	const generation = (current.metadata.generation ?? 1) + (specChanged ? 1 : 0);
	return store.update({...next, status: current.status, metadata: {...next.metadata, generation, resourceVersion: current.metadata.resourceVersion}});
}
