import {describe, expect, it} from 'vitest';
import {type Action, type AppState, initialState, reduce, sortPods} from '../../source/model/app-state.js';
import type {Pod} from '../../source/model/k8s.js';
import {Store} from '../../source/model/store.js';
import type {LogSession} from '../../source/session/log-session.js';
import {RolloutFollower} from '../../source/session/rollout.js';
import {bare, owned} from '../fixtures/owned.js';
import {crashLoop} from '../fixtures/pods.js';
import {testSession} from '../fixtures/session.js';

// Which pods a workload's logs screen adds and ends as the pod list changes: the workload's
// only, in its namespace, a pod recreated under its name (new uid) ended and added again.

function setup(opened: string[]) {
	const store = new Store<AppState, Action>(reduce, initialState(testSession({namespace: 'shop'})), 0);
	const calls: string[] = [];
	const session = {
		addPod: (namespace: string, pod: string, containers: string[]) => calls.push(`add ${namespace}/${pod} ${containers.join(',')}`),
		podGone: (namespace: string, pod: string) => calls.push(`gone ${namespace}/${pod}`),
	} as unknown as LogSession;
	const refs = opened.map(pod => ({namespace: 'shop', pod, container: 'checkout'}));
	const follower = new RolloutFollower(store, session, 'shop', 'sts/db', refs);
	const list = (...pods: Pod[]) => store.dispatch({type: 'pods', pods: sortPods(pods, false)});
	return {store, calls, follower, list};
}

const db = (name: string, uid = `uid-${name}`) => owned(crashLoop, name, 'StatefulSet', 'db', undefined, uid);

describe('RolloutFollower', () => {
	it('adds the workload’s new pods with the containers the screen opened, ends the deleted ones', () => {
		const {calls, follower, list} = setup(['db-0']);
		follower.start();
		list(db('db-0'), bare(crashLoop, 'tools'), owned(crashLoop, 'web-1', 'StatefulSet', 'web'));
		expect(calls).toEqual([]);
		list(db('db-0'), db('db-1'));
		expect(calls).toEqual(['add shop/db-1 checkout']);
		list(db('db-1'));
		expect(calls).toEqual(['add shop/db-1 checkout', 'gone shop/db-0']);
		follower.stop();
		list();
		expect(calls).toHaveLength(2);
	});

	it('treats a pod recreated under the same name as a new pod', () => {
		const {calls, follower, list} = setup(['db-0']);
		follower.start();
		list(db('db-0', 'uid-first'));
		list(db('db-0', 'uid-second'));
		expect(calls).toEqual(['gone shop/db-0', 'add shop/db-0 checkout']);
	});

	it('ends an opened pod that is already gone when the list arrives', () => {
		const {calls, follower, list} = setup(['db-0', 'db-1']);
		follower.start();
		list(db('db-1'));
		expect(calls).toEqual(['gone shop/db-0']);
	});
});
