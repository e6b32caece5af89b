import type {Change, ObjectStore, StoredObject, WatchListener} from './store.js';

// A read-only view of a store in another version of its type: the apiserver keeps one copy
// of an object in etcd and converts it for each group version that serves it (events.k8s.io/v1
// Events are core/v1 Events). Lists, gets and watches (history replay included) go through
// the conversion; resourceVersions stay those of the store.

export class ConvertedStore<S extends StoredObject, T extends StoredObject> {
	constructor(
		private readonly source: ObjectStore<S>,
		private readonly convert: (object: S) => T,
	) {}

	get revision(): number {
		return this.source.revision;
	}

	get(namespace: string | undefined, name: string): T | undefined {
		const object = this.source.get(namespace, name);
		return object && this.convert(object);
	}

	list(): T[] {
		return this.source.list().map(this.convert);
	}

	watch(fromRevision: number, listener: WatchListener<T>): () => void {
		return this.source.watch(fromRevision, (change: Change<S>) =>
			listener({...change, object: this.convert(change.object), previous: change.previous && this.convert(change.previous)}),
		);
	}

	/** Deletes go to the one stored copy. */
	delete(namespace: string | undefined, name: string): T | undefined {
		const object = this.source.delete(namespace, name);
		return object && this.convert(object);
	}

	/** For the list and watch code, which reads only the members above. */
	asStore(): ObjectStore<T> {
		return this as unknown as ObjectStore<T>;
	}
}
