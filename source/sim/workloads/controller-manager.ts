import type {ObjectMeta} from '../../model/k8s.js';
import {simSeconds} from '../clock.js';
import type {Cluster} from '../cluster.js';
import {statusTime} from '../kubelet/pod-worker.js';
import type {ControllerContext} from './context.js';
import {syncDeployment} from './deployment-controller.js';
import {ControllerEvents} from './events.js';
import {GarbageCollector} from './garbage-collector.js';
import {syncDaemonSet} from './daemonset-controller.js';
import {syncJob} from './job-controller.js';
import {keyOf, splitKey, WorkQueue} from './queue.js';
import {syncReplicaSet} from './replicaset-controller.js';
import {syncStatefulSet} from './statefulset-controller.js';
import {controllerOf, type WorkloadKind} from './types.js';

// The sim's kube-controller-manager: the workload controllers and the garbage collector, each
// fed by the stores' changes as informers would feed them, plus a periodic resync for what
// changes with time alone (minReadySeconds, the progress deadline).

type Sync = (context: ControllerContext, namespace: string, name: string) => void;

export type ControllerManager = {context: ControllerContext; collector: GarbageCollector; stop(): void};

const resyncMs = 1000;

/** What the controllers of one cluster share; tests drive the sync functions with it directly. */
export function controllerContext(cluster: Cluster): ControllerContext {
	return {
		cluster,
		stores: cluster.workloads,
		events: new ControllerEvents(cluster.events, () => cluster.clock.now()),
		now: () => cluster.clock.now(),
		stamp: () => statusTime(cluster.clock.now()),
		since: ms => simSeconds(cluster.clock, ms),
	};
}

export function startControllerManager(cluster: Cluster, extra: Partial<Record<WorkloadKind, Sync>> = {}): ControllerManager {
	const stores = cluster.workloads;
	const context = controllerContext(cluster);
	const syncs: Partial<Record<WorkloadKind, Sync>> = {
		Deployment: syncDeployment,
		ReplicaSet: syncReplicaSet,
		Job: syncJob,
		StatefulSet: syncStatefulSet,
		DaemonSet: syncDaemonSet,
		...extra,
	};
	const queues = new Map<WorkloadKind, WorkQueue>();
	for (const [kind, sync] of Object.entries(syncs) as Array<[WorkloadKind, Sync]>) {
		queues.set(
			kind,
			new WorkQueue(
				key => sync(context, ...splitKey(key)),
				(key, error) => process.emitWarning(`${kind} ${key}: ${(error as Error).message}`),
			),
		);
	}
	const enqueue = (kind: string, namespace: string | undefined, name: string) => queues.get(kind as WorkloadKind)?.add(keyOf(namespace, name));
	/** An object changed: its own controller syncs it, and its owner's controller its owner. */
	const changed = (kind: string | undefined, metadata: ObjectMeta) => {
		if (kind) enqueue(kind, metadata.namespace, metadata.name);
		const owner = controllerOf(metadata);
		if (owner) enqueue(owner.kind, metadata.namespace, owner.name);
	};
	const stops: Array<() => void> = [];
	for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'] as WorkloadKind[]) {
		const store = stores.store(kind);
		stops.push(store.watch(store.revision, change => changed(kind, change.object.metadata)));
		for (const object of store.list()) changed(kind, object.metadata);
	}
	stops.push(cluster.pods.watch(cluster.pods.revision, change => changed(undefined, change.object.metadata)));
	const collector = new GarbageCollector(cluster, stores).start();
	const timer = setInterval(() => {
		for (const kind of queues.keys()) for (const object of stores.store(kind).list()) enqueue(kind, object.metadata.namespace, object.metadata.name);
	}, resyncMs);
	timer.unref();
	return {
		context,
		collector,
		stop() {
			clearInterval(timer);
			for (const stop of stops) stop();
			for (const queue of queues.values()) queue.stop();
			collector.stop();
		},
	};
}
