import {canonical} from '../patch.js';
import {safeEncodeString} from './hash.js';
import type {ControllerContext} from './context.js';
import {type ControllerRevision, controllerOf, controllerRef, type PodTemplate, type Workload} from './types.js';

// ControllerRevisions, the history StatefulSets and DaemonSets keep of their templates
// (pkg/controller/history/controller_history.go, statefulset's getPatch, daemonset's
// getPatch): the data is {"spec":{"template":{..., "$patch":"replace"}}} as Go marshals a
// map (keys sorted), named "<owner>-<hash>" with the hash of those bytes.

/** Go's json.Marshal escapes these; the hash is of its bytes. */
const goJson = (value: unknown) => canonical(value).replace(/[<>&\u2028\u2029]/g, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** FNV-1 (not 1a), 32 bits: hash/fnv New32, what HashControllerRevision uses. */
export function fnv32(bytes: Uint8Array): number {
	let hash = 0x811c9dc5;
	for (const byte of bytes) hash = (Math.imul(hash, 0x01000193) ^ byte) >>> 0;
	return hash;
}

export const revisionData = (template: PodTemplate) => ({spec: {template: {...template, $patch: 'replace'}}});

/** HashControllerRevision: FNV-1 of the data, then the collision count in decimal. */
export function hashRevision(template: PodTemplate, collisionCount?: number): string {
	const bytes = Buffer.from(goJson(revisionData(template)) + (collisionCount !== undefined ? String(collisionCount) : ''));
	return safeEncodeString(String(fnv32(bytes)));
}

export const revisionsOf = (context: ControllerContext, owner: Workload) =>
	context.stores.controllerRevisions
		.list()
		.filter(revision => revision.metadata.namespace === owner.metadata.namespace && controllerOf(revision.metadata)?.uid === owner.metadata.uid)
		.sort((a, b) => a.revision - b.revision);

/**
 * The revision of the owner's current template: the existing one with the same data (its
 * number raised to the newest when it comes back), or a new one numbered after the newest.
 */
export function currentRevision(context: ControllerContext, owner: Workload): ControllerRevision {
	const revisions = revisionsOf(context, owner);
	const data = canonical(revisionData(owner.spec.template));
	const newest = revisions.at(-1)?.revision ?? 0;
	const existing = revisions.find(revision => canonical(revision.data) === data);
	const store = context.stores.controllerRevisions;
	if (existing) {
		if (existing !== revisions.at(-1)) return store.update({...existing, revision: newest + 1});
		return existing;
	}
	const hash = hashRevision(owner.spec.template, owner.status?.collisionCount);
	const now = context.stamp();
	const revision: ControllerRevision = {
		apiVersion: 'apps/v1',
		kind: 'ControllerRevision',
		metadata: {
			name: `${owner.metadata.name}-${hash}`,
			namespace: owner.metadata.namespace,
			uid: crypto.randomUUID(),
			creationTimestamp: now,
			labels: {...(owner.spec.template.metadata?.labels ?? {}), 'controller.kubernetes.io/hash': hash},
			ownerReferences: [controllerRef(owner)],
		},
		data: revisionData(owner.spec.template),
		revision: newest + 1,
	};
	return store.get(revision.metadata.namespace, revision.metadata.name) ?? store.create(revision);
}

/** Truncate the history to revisionHistoryLimit, keeping revisions pods still use. */
export function truncateHistory(context: ControllerContext, owner: Workload, live: Set<string>): void {
	const limit = owner.spec.revisionHistoryLimit ?? 10;
	const old = revisionsOf(context, owner)
		.slice(0, -1)
		.filter(revision => !live.has(revision.metadata.name));
	for (const revision of old.slice(0, Math.max(0, old.length - limit))) {
		context.stores.controllerRevisions.delete(revision.metadata.namespace, revision.metadata.name);
	}
}
