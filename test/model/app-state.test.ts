import {describe, expect, it} from 'vitest';
import {
	type AppState,
	indexOfPod,
	initialState,
	podKey,
	reduce,
	selectedContainer,
	selectedPod,
	selectedIndex,
	sortPods,
	visiblePods,
} from '../../source/model/app-state.js';
import {crashLoop, initPending, sidecarRunning, variant} from '../fixtures/pods.js';
import {testSession} from '../fixtures/session.js';

const session = testSession();

const named = (name: string, base = crashLoop, namespace = 'default') =>
	variant(base, pod => {
		pod.metadata = {...pod.metadata, name, namespace};
	});

function withPods(names: string[]): AppState {
	return reduce(initialState(session), {
		type: 'pods',
		pods: sortPods(
			names.map(name => named(name)),
			false,
		),
	});
}

describe('pod lookups', () => {
	it('finds pods by key in each array as it is, cached per array', () => {
		const first = sortPods([named('a'), named('b'), named('c')], false);
		expect(indexOfPod(first, 'default/b')).toBe(1);
		expect(indexOfPod(first, 'default/zz')).toBe(-1);
		// A new array (every update brings one) is indexed afresh, not from the first's cache.
		const second = sortPods([named('aa'), named('b'), named('c')], false);
		expect(indexOfPod(second, 'default/b')).toBe(1);
		expect(indexOfPod(second, 'default/a')).toBe(-1);
		expect(indexOfPod(second, 'default/aa')).toBe(0);
	});

	it('filters afresh when the filter or the pods change', () => {
		let state = withPods(['api', 'web-1', 'web-2']);
		state = reduce(state, {type: 'filter-start'});
		state = reduce(state, {type: 'filter-input', text: 'web'});
		expect(visiblePods(state).map(pod => pod.metadata.name)).toEqual(['web-1', 'web-2']);
		expect(visiblePods(state)).toBe(visiblePods(state));
		state = reduce(state, {type: 'filter-input', text: 'web-2'});
		expect(visiblePods(state).map(pod => pod.metadata.name)).toEqual(['web-2']);
		state = reduce(state, {type: 'pods', pods: sortPods([named('api'), named('web-2'), named('web-3')], false)});
		expect(visiblePods(state).map(pod => pod.metadata.name)).toEqual(['web-2']);
		expect(selectedIndex(state)).toBe(0);
		expect(selectedPod(state)?.metadata.name).toBe('web-2');
	});
});

describe('app state', () => {
	it('sorts by name, or by namespace then name with -A', () => {
		const pods = [named('b', crashLoop, 'x'), named('a', crashLoop, 'y'), named('c', crashLoop, 'a')];
		expect(sortPods(pods, false).map(pod => pod.metadata.name)).toEqual(['a', 'b', 'c']);
		expect(sortPods(pods, true).map(podKey)).toEqual(['a/c', 'x/b', 'y/a']);
	});

	it('selects the first pod once listed and keeps the selection across updates', () => {
		let state = withPods(['alpha', 'beta', 'gamma']);
		expect(state.selectedKey).toBe('default/alpha');
		state = reduce(state, {type: 'move', delta: 1});
		expect(state.selectedKey).toBe('default/beta');
		state = reduce(state, {type: 'pods', pods: sortPods([named('aardvark'), named('alpha'), named('beta'), named('gamma')], false)});
		expect(selectedPod(state)?.metadata.name).toBe('beta');
	});

	it('stays on the same row when the selected pod disappears', () => {
		let state = withPods(['a', 'b', 'c', 'd']);
		state = reduce(state, {type: 'move', delta: 2});
		state = reduce(state, {type: 'pods', pods: sortPods([named('a'), named('b'), named('d')], false)});
		expect(selectedPod(state)?.metadata.name).toBe('d');
	});

	it('clamps moves and jumps to top and bottom', () => {
		let state = withPods(['a', 'b', 'c']);
		state = reduce(state, {type: 'move', delta: -5});
		expect(state.selectedKey).toBe('default/a');
		state = reduce(state, {type: 'move-to', where: 'bottom'});
		expect(state.selectedKey).toBe('default/c');
		state = reduce(state, {type: 'move', delta: 10});
		expect(state.selectedKey).toBe('default/c');
		state = reduce(state, {type: 'move-to', where: 'top'});
		expect(state.selectedKey).toBe('default/a');
	});

	it('filters by name as typed and clears with escape', () => {
		let state = withPods(['web-1', 'db-1', 'web-2']);
		state = reduce(state, {type: 'filter-start'});
		state = reduce(state, {type: 'filter-input', text: 'WEB'});
		expect(visiblePods(state).map(pod => pod.metadata.name)).toEqual(['web-1', 'web-2']);
		expect(state.selectedKey).toBe('default/web-1');
		state = reduce(state, {type: 'filter-end', keep: false});
		expect(state.filter).toBe('');
		expect(visiblePods(state)).toHaveLength(3);
	});

	it("filters by the pods' owner too: deploy/web, or a part of it", () => {
		const owned = (name: string, kind: string, owner: string, hash?: string) =>
			variant(crashLoop, pod => {
				pod.metadata = {
					...pod.metadata,
					name,
					namespace: 'default',
					labels: hash ? {'pod-template-hash': hash} : {},
					ownerReferences: [{apiVersion: 'apps/v1', kind, name: owner, uid: `uid-${owner}`, controller: true}],
				};
			});
		const pods = [owned('frontend-7d4b9c8f6-a', 'ReplicaSet', 'frontend-7d4b9c8f6', '7d4b9c8f6'), owned('db-0', 'StatefulSet', 'db'), named('bare')];
		let state = reduce(initialState(session), {type: 'pods', pods: sortPods(pods, false)});
		state = reduce(state, {type: 'filter-start'});
		state = reduce(state, {type: 'filter-input', text: 'deploy/'});
		expect(visiblePods(state).map(pod => pod.metadata.name)).toEqual(['frontend-7d4b9c8f6-a']);
		state = reduce(state, {type: 'filter-input', text: 'sts/db'});
		expect(visiblePods(state).map(pod => pod.metadata.name)).toEqual(['db-0']);
	});

	it('moves within the containers of the selected pod when they are focused', () => {
		let state = reduce(initialState(session), {type: 'pods', pods: [sidecarRunning]});
		state = reduce(state, {type: 'focus', focus: 'containers'});
		expect(state.focus).toBe('containers');
		const first = selectedContainer(state)!.container;
		state = reduce(state, {type: 'move', delta: 1});
		expect(selectedContainer(state)!.container).not.toBe(first);
		state = reduce(state, {type: 'move', delta: 99});
		const last = selectedContainer(state)!.container;
		expect(sidecarRunning.spec.containers.map(c => c.name)).toContain(last);
	});

	it('refuses to focus containers with no pod, and picks the default container from the pod list', () => {
		const empty = reduce(initialState(session), {type: 'pods', pods: []});
		expect(reduce(empty, {type: 'focus', focus: 'containers'}).focus).toBe('pods');
		const state = reduce(initialState(session), {type: 'pods', pods: [initPending]});
		expect(selectedContainer(state)?.container).toBe(initPending.spec.containers[0]!.name);
	});

	it('marks containers for a multi-container view and opens and closes screens', () => {
		let state = withPods(['a']);
		const ref = {namespace: 'default', pod: 'a', container: 'x'};
		state = reduce(state, {type: 'mark-toggle', ref});
		expect(state.marked).toEqual(['default/a/x']);
		state = reduce(state, {type: 'mark-toggle', ref});
		expect(state.marked).toEqual([]);
		state = reduce(state, {type: 'screen-open', entry: {kind: 'logs', namespace: 'default', pod: 'a', containers: [ref]}});
		expect(state.screens).toHaveLength(1);
		state = reduce(state, {type: 'screen-close'});
		expect(state.screens).toHaveLength(0);
	});

	it('narrows a picker as typed and clamps its cursor', () => {
		let state = reduce(withPods(['a']), {type: 'picker-open', kind: 'namespace', loading: true});
		state = reduce(state, {type: 'picker-items', items: ['default', 'kube-system', 'kube-public']});
		state = reduce(state, {type: 'picker-input', text: 'kube'});
		state = reduce(state, {type: 'picker-move', delta: 5});
		expect(state.picker?.index).toBe(1);
	});

	it('fades messages only once they are old enough', () => {
		let state = reduce(withPods(['a']), {type: 'message', text: 'hi', at: 1000});
		expect(reduce(state, {type: 'message-clear', before: 999}).message?.text).toBe('hi');
		state = reduce(state, {type: 'message-clear', before: 1000});
		expect(state.message).toBeUndefined();
	});
});
