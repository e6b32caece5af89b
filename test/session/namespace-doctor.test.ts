import {afterEach, expect, it, vi} from 'vitest';
import type {KubeHttp} from '../../source/kube/http.js';
import {type AppState, initialState, reduce} from '../../source/model/app-state.js';
import type {KubeEvent, Pod} from '../../source/model/k8s.js';
import {Store} from '../../source/model/store.js';
import {NamespaceDoctor} from '../../source/session/namespace-doctor.js';

// The namespace doctor diagnoses a few hundred pods per turn of the event loop. Events that
// arrive while a pass is under way, and the examine they ask for, must not be lost when the
// pass outlasts the throttle (thousands of pods on a busy machine).

afterEach(() => {
	vi.useRealTimers();
});

const pod = (index: number): Pod =>
	({
		metadata: {name: `p-${index}`, namespace: 'd', uid: `u-${index}`},
		spec: {containers: [{name: 'c', image: 'i'}]},
		status: {phase: 'Pending'},
	}) as Pod;

const failedScheduling: KubeEvent = {
	metadata: {name: 'p-0.1', namespace: 'd', resourceVersion: '5'},
	involvedObject: {kind: 'Pod', name: 'p-0', namespace: 'd', uid: 'u-0'},
	reason: 'FailedScheduling',
	type: 'Warning',
	message: '0/1 nodes are available: 1 Insufficient cpu.',
	count: 1,
	lastTimestamp: new Date().toISOString(),
} as KubeEvent;

/** Real immediates (the pass's steps) until `done`. */
async function turnsUntil(done: () => boolean): Promise<void> {
	for (let turn = 0; turn < 100 && !done(); turn++) await new Promise(resolve => setImmediate(resolve));
}

it('diagnoses events that arrived while a pass was under way', async () => {
	// Fake timeouts (the throttle) but real immediates (the pass's steps), so that the
	// throttle can fire in the middle of a pass.
	vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout', 'Date']});
	const store = new Store<AppState, Parameters<typeof reduce>[1]>(reduce, initialState({context: 'c', namespace: 'd', allNamespaces: false} as never));
	store.dispatch({type: 'pods', pods: Array.from({length: 600}, (_, index) => pod(index))}, false);
	let deliver: (events: KubeEvent[]) => void = () => {};
	const http = {
		json: () => new Promise(resolve => (deliver = items => resolve({metadata: {resourceVersion: '9'}, items}))),
		fetch: () => new Promise(() => {}),
	} as unknown as KubeHttp;
	const doctor = new NamespaceDoctor(store, () => http);
	doctor.start();
	const mark = () => store.getSnapshot().podMarks?.['d/p-0']?.severity;
	try {
		vi.advanceTimersByTime(1000);
		// The first 250 pods are done; the rest wait for the next turns. The events come now.
		deliver([failedScheduling]);
		for (let tick = 0; tick < 10; tick++) await Promise.resolve();
		vi.advanceTimersByTime(1000);
		await turnsUntil(() => mark() !== undefined);
		expect(mark()).toBe('warning');
		vi.advanceTimersByTime(1000);
		await turnsUntil(() => mark() === 'error');
		expect(mark()).toBe('error');
	} finally {
		doctor.stop();
	}
});
