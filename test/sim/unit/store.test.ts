import {describe, expect, test} from 'vitest';
import {type Change, ObjectStore, Revisions, TooOldError} from '../../../source/sim/store.js';

// The etcd-like store behind the sim's API: one revision counter for every resource,
// watches that replay history from a resourceVersion, and 410 once that history is gone.

type Thing = {metadata: {name: string; namespace?: string; resourceVersion?: string}; value?: number};

const thing = (name: string, value = 0): Thing => ({metadata: {name, namespace: 'default'}, value});

function collect(store: ObjectStore<Thing>, from: number) {
	const seen: Array<Change<Thing>> = [];
	const stop = store.watch(from, change => seen.push(change));
	return {seen, stop, brief: () => seen.map(change => `${change.type} ${change.object.metadata.name} ${change.revision}`)};
}

describe('ObjectStore', () => {
	test('every write takes the next revision, shared between resources', () => {
		const revisions = new Revisions();
		const pods = new ObjectStore<Thing>(revisions);
		const events = new ObjectStore<Thing>(revisions);
		expect(pods.create(thing('a')).metadata.resourceVersion).toBe('2');
		expect(events.create(thing('e')).metadata.resourceVersion).toBe('3');
		expect(pods.update(thing('a', 1)).metadata.resourceVersion).toBe('4');
		expect(pods.revision).toBe(4);
		expect(events.revision).toBe(4);
		expect(pods.get('default', 'a')?.value).toBe(1);
	});

	test('create refuses a duplicate, update and delete a missing object', () => {
		const store = new ObjectStore<Thing>(new Revisions());
		store.create(thing('a'));
		expect(() => store.create(thing('a'))).toThrow('already exists');
		expect(() => store.update(thing('b'))).toThrow('not found');
		expect(store.delete('default', 'b')).toBeUndefined();
	});

	test('an update that changes nothing is not written', () => {
		const store = new ObjectStore<Thing>(new Revisions());
		const created = store.create(thing('a', 1));
		const watch = collect(store, store.revision);
		const same = store.update({...thing('a', 1), metadata: {...created.metadata}});
		expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
		expect(store.revision).toBe(Number(created.metadata.resourceVersion));
		expect(watch.seen).toEqual([]);
	});

	test('a watch replays the changes after its resourceVersion, then follows live', () => {
		const store = new ObjectStore<Thing>(new Revisions());
		store.create(thing('a')); // 2
		store.create(thing('b')); // 3
		store.update(thing('a', 1)); // 4
		store.delete('default', 'b'); // 5
		const watch = collect(store, 3);
		expect(watch.brief()).toEqual(['MODIFIED a 4', 'DELETED b 5']);
		store.create(thing('c'));
		expect(watch.brief()).toEqual(['MODIFIED a 4', 'DELETED b 5', 'ADDED c 6']);
		// A DELETED change carries the object as it was last stored.
		expect(watch.seen[1]!.object.metadata.resourceVersion).toBe('5');
		expect(watch.seen[0]!.previous?.value).toBe(0);
		watch.stop();
		store.create(thing('d'));
		expect(watch.seen).toHaveLength(3);
	});

	test('a watch from the current revision sees only what comes next', () => {
		const store = new ObjectStore<Thing>(new Revisions());
		store.create(thing('a'));
		const watch = collect(store, store.revision);
		expect(watch.seen).toEqual([]);
		store.update(thing('a', 2));
		expect(watch.brief()).toEqual(['MODIFIED a 3']);
	});

	test('history beyond its size is trimmed: older resourceVersions are too old', () => {
		const store = new ObjectStore<Thing>(new Revisions(), 3);
		for (let i = 0; i < 6; i++) store.create(thing(`t${i}`)); // revisions 2..7; 5, 6, 7 kept
		expect(() => store.watch(3, () => {})).toThrow(TooOldError);
		try {
			store.watch(3, () => {});
		} catch (error) {
			// kube-apiserver: "too old resource version: <requested> (<oldest it can start from>)"
			expect((error as TooOldError).message).toBe('too old resource version: 3 (4)');
			expect((error as TooOldError).oldest).toBe(4);
		}
		expect(collect(store, 4).brief()).toEqual(['ADDED t3 5', 'ADDED t4 6', 'ADDED t5 7']);
		expect(collect(store, 6).brief()).toEqual(['ADDED t5 7']);
	});

	test('compaction forgets history, as a restarted watch cache would', () => {
		const store = new ObjectStore<Thing>(new Revisions());
		for (let i = 0; i < 4; i++) store.create(thing(`t${i}`)); // 2..5
		store.compact(1);
		expect(() => store.watch(3, () => {})).toThrow('too old resource version: 3 (4)');
		expect(collect(store, 4).brief()).toEqual(['ADDED t3 5']);
		store.compact();
		expect(() => store.watch(4, () => {})).toThrow(TooOldError);
		expect(collect(store, 5).seen).toEqual([]);
	});

	test('objects in other stores never appear in a watch, but their revisions leave gaps', () => {
		const revisions = new Revisions();
		const pods = new ObjectStore<Thing>(revisions);
		const events = new ObjectStore<Thing>(revisions);
		const watch = collect(pods, revisions.current);
		events.create(thing('e1'));
		pods.create(thing('p1'));
		events.create(thing('e2'));
		pods.create(thing('p2'));
		expect(watch.brief()).toEqual(['ADDED p1 3', 'ADDED p2 5']);
	});
});
