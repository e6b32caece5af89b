import type {LabelSelector, ObjectMeta, Pod} from '../../model/k8s.js';
import type {ControllerContext} from './context.js';
import {selectorMatches} from './label-selector.js';
import {controllerOf, controllerRef, type OwnerReference, type Workload} from './types.js';

// ControllerRefManager's claim (pkg/controller/controller_ref_manager.go): of the objects in the
// owner's namespace, those it controls and its selector still matches are its own; those it
// controls that no longer match are released; orphans that match are adopted (unless either
// side is being deleted). Objects another controller owns are left alone.

type Claimable = {metadata: ObjectMeta};

function claim<T extends Claimable>(
	owner: Workload,
	candidates: T[],
	selector: LabelSelector | undefined,
	write: (object: T, references: OwnerReference[]) => T | undefined,
): T[] {
	const uid = owner.metadata.uid;
	const claimed: T[] = [];
	for (const object of candidates) {
		if (object.metadata.namespace !== owner.metadata.namespace) continue;
		const references = (object.metadata.ownerReferences ?? []) as OwnerReference[];
		const controller = controllerOf(object.metadata);
		const matches = selectorMatches(selector, object.metadata.labels);
		if (controller?.uid === uid) {
			if (matches || owner.metadata.deletionTimestamp) claimed.push(object);
			else
				write(
					object,
					references.filter(reference => reference.uid !== uid),
				);
		} else if (!controller && matches && !owner.metadata.deletionTimestamp && !object.metadata.deletionTimestamp) {
			const adopted = write(object, [...references.filter(reference => reference.uid !== uid), controllerRef(owner)]);
			if (adopted) claimed.push(adopted);
		}
	}
	return claimed;
}

const withReferences = <T extends Claimable>(object: T, references: OwnerReference[]): T => {
	const metadata = {...object.metadata, ownerReferences: references};
	if (references.length === 0) delete (metadata as Partial<ObjectMeta>).ownerReferences;
	return {...object, metadata};
};

/** ClaimPods: the owner's pods, adopting and releasing by its selector. */
export function claimPods(context: ControllerContext, owner: Workload): Pod[] {
	return claim(owner, context.cluster.pods.list(), owner.spec.selector, (pod, references) => {
		const current = context.cluster.pods.get(pod.metadata.namespace, pod.metadata.name);
		if (!current || current.metadata.uid !== pod.metadata.uid) return undefined;
		const saved = context.cluster.pods.update(withReferences(current, references));
		context.cluster.worker(saved)?.adopt(saved);
		return saved;
	});
}

/** ClaimReplicaSets: a Deployment's ReplicaSets, adopting and releasing by its selector. */
export function claimReplicaSets(context: ControllerContext, d: Workload): Workload[] {
	const store = context.stores.replicaSets;
	return claim(d, store.list(), d.spec.selector, (rs, references) => {
		const current = store.get(rs.metadata.namespace, rs.metadata.name);
		if (!current || current.metadata.uid !== rs.metadata.uid) return undefined;
		return store.update(withReferences(current, references));
	});
}
