import type {ObjectMeta} from '../model/k8s.js';

// An etcd-like object store with one revision counter shared by every resource, and a
// bounded history per resource that watches resume from. A resourceVersion older than
// the history is "too old" (410 Gone), as kube-apiserver's watch cache answers.

export type StoredObject = {metadata: ObjectMeta};

export type Change<T> = {type: 'ADDED' | 'MODIFIED' | 'DELETED'; object: T; previous?: T; revision: number};

export type WatchListener<T> = (change: Change<T>) => void;

export class Revisions {
	current = 1;
	next(): number {
		this.current += 1;
		return this.current;
	}
}

/** kube-apiserver's watch cache names the oldest resourceVersion a watch may still start from. */
export class TooOldError extends Error {
	constructor(
		readonly requested: number,
		readonly oldest: number,
	) {
		super(`too old resource version: ${requested} (${oldest})`);
	}
}

const key = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

/**
 * JSON without the resourceVersion, to compare two versions of an object. Keys are not
 * sorted: versions are built by the same code in the same order, and sorting every object of
 * every update cost more than the rest of a 5,000-pod sim. A reordered but equal object only
 * costs one needless event.
 */
function canonical(object: StoredObject): string {
	const {resourceVersion: _resourceVersion, ...metadata} = object.metadata;
	return JSON.stringify({...object, metadata});
}

export class ObjectStore<T extends StoredObject> {
	private readonly objects = new Map<string, T>();
	private history: Array<Change<T>> = [];
	/** Revision of the newest change no longer in `history`: watches must start at or after it. */
	private droppedUpTo = 0;
	private readonly listeners = new Set<WatchListener<T>>();

	constructor(
		private readonly revisions: Revisions,
		private readonly historySize = 5000,
	) {}

	get size(): number {
		return this.objects.size;
	}

	get(namespace: string | undefined, name: string): T | undefined {
		return this.objects.get(key(namespace, name));
	}

	list(): T[] {
		return [...this.objects.values()];
	}

	create(object: T): T {
		const id = key(object.metadata.namespace, object.metadata.name);
		if (this.objects.has(id)) throw new Error(`${id} already exists`);
		return this.commit('ADDED', object, undefined);
	}

	update(object: T): T {
		const previous = this.objects.get(key(object.metadata.namespace, object.metadata.name));
		if (!previous) throw new Error(`${object.metadata.name} not found`);
		// Like etcd3's GuaranteedUpdate, an update that changes nothing is not written: no new revision, no event.
		if (canonical(object) === canonical(previous)) return previous;
		return this.commit('MODIFIED', object, previous);
	}

	delete(namespace: string | undefined, name: string): T | undefined {
		const previous = this.objects.get(key(namespace, name));
		if (!previous) return undefined;
		return this.commit('DELETED', previous, previous);
	}

	/**
	 * Subscribe to changes after `fromRevision`; the history since then is replayed first.
	 * Throws TooOldError when that part of history is gone.
	 */
	watch(fromRevision: number, listener: WatchListener<T>): () => void {
		if (fromRevision < this.droppedUpTo) throw new TooOldError(fromRevision, this.droppedUpTo);
		for (const change of this.history) {
			if (change.revision > fromRevision) listener(change);
		}
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	get revision(): number {
		return this.revisions.current;
	}

	/** Forget history older than the newest `keep` changes (tests and fault injection). */
	compact(keep = 0): void {
		const drop = Math.max(0, this.history.length - keep);
		if (drop > 0) this.droppedUpTo = this.history[drop - 1]!.revision;
		this.history = this.history.slice(drop);
		if (this.history.length === 0) this.droppedUpTo = this.revisions.current;
	}

	private commit(type: Change<T>['type'], object: T, previous: T | undefined): T {
		const revision = this.revisions.next();
		const stored = {...object, metadata: {...object.metadata, resourceVersion: String(revision)}} as T;
		const id = key(stored.metadata.namespace, stored.metadata.name);
		if (type === 'DELETED') this.objects.delete(id);
		else this.objects.set(id, stored);
		const change: Change<T> = {type, object: stored, previous, revision};
		this.history.push(change);
		if (this.history.length > this.historySize) {
			const dropped = this.history.splice(0, this.history.length - this.historySize);
			this.droppedUpTo = dropped[dropped.length - 1]!.revision;
		}
		for (const listener of this.listeners) listener(change);
		return stored;
	}
}
