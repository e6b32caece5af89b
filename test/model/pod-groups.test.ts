import {describe, expect, it} from 'vitest';
import {type AppState, initialState, listRows, reduce, selectedGroup, selectedPod, sortPods} from '../../source/model/app-state.js';
import {groupKey, groupRows, groupSummary, groupTitle, type GroupRow} from '../../source/model/pod-groups.js';
import {bare, owned} from '../fixtures/owned.js';
import {crashLoop, initPending, sidecarRunning} from '../fixtures/pods.js';
import {testSession} from '../fixtures/session.js';

// The pod list grouped under workloads (o): rows, the worst status, folding, and the cursor.

const web1 = owned(sidecarRunning, 'web-7d4b9c8f6-a1b2c', 'ReplicaSet', 'web-7d4b9c8f6', '7d4b9c8f6');
const web2 = owned(crashLoop, 'web-7d4b9c8f6-x2k9p', 'ReplicaSet', 'web-7d4b9c8f6', '7d4b9c8f6');
const db = owned(sidecarRunning, 'db-0', 'StatefulSet', 'db');
const tools = bare(initPending, 'tools');
const pods = sortPods([web1, web2, db, tools], false);
const webKey = groupKey('shop', 'deploy/web');
const dbKey = groupKey('shop', 'sts/db');

const keys = (state: AppState) => listRows(state).map(row => row.key);

function listed(): AppState {
	return reduce(initialState(testSession({namespace: 'shop'})), {type: 'pods', pods});
}

describe('grouped rows', () => {
	it('puts each workload before its pods, bare pods on their own, sorted by name', () => {
		const rows = groupRows(pods, []);
		expect(rows.map(row => (row.kind === 'group' ? groupTitle(row) : `${row.inGroup ? '  ' : ''}${row.pod.metadata.name}`))).toEqual([
			'sts/db ▾ 1 pod',
			'  db-0',
			'tools',
			'deploy/web ▾ 2 pods',
			'  web-7d4b9c8f6-a1b2c',
			'  web-7d4b9c8f6-x2k9p',
		]);
		const folded = groupRows(pods, [webKey]);
		expect(folded.map(row => row.key)).toEqual([dbKey, 'shop/db-0', 'shop/tools', webKey]);
		expect(groupTitle(folded[3] as GroupRow)).toBe('deploy/web ▸ 2 pods');
	});

	it("shows a workload's worst pod status and how many pods are ready", () => {
		const web = groupRows(pods, []).find(row => row.key === webKey) as GroupRow;
		expect(groupSummary(web)).toEqual({ready: '1/2', status: 'CrashLoopBackOff'});
		const db0 = groupRows(pods, []).find(row => row.key === dbKey) as GroupRow;
		expect(groupSummary(db0)).toEqual({ready: '1/1', status: 'Running'});
	});
});

describe('grouping in the app state', () => {
	it('toggles with o, keeping the selected pod, and moves over workload rows too', () => {
		let state = reduce(listed(), {type: 'move', delta: 2});
		expect(selectedPod(state)?.metadata.name).toBe('web-7d4b9c8f6-a1b2c');
		state = reduce(state, {type: 'group-toggle'});
		expect(state.grouped).toBe(true);
		expect(selectedPod(state)?.metadata.name).toBe('web-7d4b9c8f6-a1b2c');
		state = reduce(state, {type: 'move', delta: -1});
		expect(selectedGroup(state)?.owner).toBe('deploy/web');
		expect(selectedPod(state)).toBeUndefined();
		// Containers are a pod's: ⏎ does not focus them on a workload's row.
		expect(reduce(state, {type: 'focus', focus: 'containers'}).focus).toBe('pods');
		state = reduce(state, {type: 'move-to', where: 'top'});
		expect(state.selectedKey).toBe(dbKey);
		// Back to the flat list, a workload's row gives way to its first pod.
		state = reduce(state, {type: 'group-toggle'});
		expect(state.grouped).toBe(false);
		expect(state.selectedKey).toBe('shop/db-0');
	});

	it('folds a workload: its pods leave the list and a cursor on one moves to the workload', () => {
		let state = reduce(listed(), {type: 'group-toggle'});
		state = reduce(state, {type: 'move-to', where: 'bottom'});
		expect(state.selectedKey).toBe('shop/web-7d4b9c8f6-x2k9p');
		state = reduce(state, {type: 'group-fold', key: webKey});
		expect(keys(state)).toEqual([dbKey, 'shop/db-0', 'shop/tools', webKey]);
		expect(state.selectedKey).toBe(webKey);
		state = reduce(state, {type: 'group-fold', key: webKey});
		expect(keys(state)).toHaveLength(6);
		expect(state.selectedKey).toBe(webKey);
	});

	it('keeps the cursor on a row as pods come and go, and filters rows by owner', () => {
		let state = reduce(listed(), {type: 'group-toggle'});
		state = reduce(state, {type: 'move-to', where: 'bottom'});
		// The pod under the cursor is replaced by a new one of the rollout.
		const web3 = owned(sidecarRunning, 'web-5c8f7b9d4-q7w8e', 'ReplicaSet', 'web-5c8f7b9d4', '5c8f7b9d4');
		state = reduce(state, {type: 'pods', pods: sortPods([web1, web3, db, tools], false)});
		expect(keys(state)).toEqual([dbKey, 'shop/db-0', 'shop/tools', webKey, 'shop/web-5c8f7b9d4-q7w8e', 'shop/web-7d4b9c8f6-a1b2c']);
		expect(state.selectedKey).toBe('shop/web-7d4b9c8f6-a1b2c');
		state = reduce(state, {type: 'filter-start'});
		state = reduce(state, {type: 'filter-input', text: 'sts/'});
		expect(keys(state)).toEqual([dbKey, 'shop/db-0']);
		expect(state.selectedKey).toBe(dbKey);
	});
});
