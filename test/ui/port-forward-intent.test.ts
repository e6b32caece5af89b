import {describe, expect, it} from 'vitest';
import {type Action, type AppState, initialState, reduce} from '../../source/model/app-state.js';
import type {Pod} from '../../source/model/k8s.js';
import {type BrowserIntent, browserIntent} from '../../source/ui/browser-intent.js';
import {forwardsIntent} from '../../source/ui/forwards/forwards-intent.js';
import type {KeyPress} from '../../source/ui/keymap.js';
import {commandAvailable} from '../../source/ui/screens.js';
import {sidecarRunning} from '../fixtures/pods.js';
import {testSession} from '../fixtures/session.js';

// F, the port picker and the forwards screen's keys, without Ink.

const withPorts = (pod: Pod, ports: Record<string, Array<{name?: string; containerPort: number; protocol?: string}>>): Pod => ({
	...pod,
	spec: {
		...pod.spec,
		initContainers: pod.spec.initContainers?.map(container => ({...container, ports: ports[container.name]})),
		containers: pod.spec.containers.map(container => ({...container, ports: ports[container.name]})),
	},
});

const onePort = withPorts(sidecarRunning, {api: [{name: 'http', containerPort: 8080, protocol: 'TCP'}]});
const manyPorts = withPorts(sidecarRunning, {
	api: [
		{name: 'http', containerPort: 8080, protocol: 'TCP'},
		{name: 'dns', containerPort: 53, protocol: 'UDP'},
	],
	'log-shipper': [{name: 'metrics', containerPort: 24231, protocol: 'TCP'}],
});
const noPorts = withPorts(sidecarRunning, {});

const apply = (state: AppState, ...actions: Action[]) => actions.reduce(reduce, state);
const listed = (pod: Pod, readOnly = false) => reduce(initialState(testSession({readOnly})), {type: 'pods', pods: [pod]});
const key = (name: string, text?: string): KeyPress => (text === undefined ? {name} : {name, text});
const press = (state: AppState, pressed: KeyPress) => browserIntent(state, pressed, {pageSize: 5, available: commandAvailable});
const ref = (pod: Pod, container: string) => ({namespace: pod.metadata.namespace!, pod: pod.metadata.name, container});
const pickerOpen = (state: AppState, intent: BrowserIntent) => apply(state, (intent as {action: Action}).action);

describe('F', () => {
	it("forwards a pod's only TCP port at once", () => {
		expect(press(listed(onePort), key('F', 'F'))).toEqual({type: 'forward', target: ref(onePort, 'api'), port: 8080});
	});

	it("opens a picker of the pod's TCP ports, the focused container's first, UDP left out", () => {
		const focused = apply(listed(manyPorts), {type: 'focus', focus: 'containers'}, {type: 'move', delta: 1});
		const intent = press(focused, key('F', 'F'));
		expect(intent).toEqual({
			type: 'dispatch',
			action: {type: 'picker-open', kind: 'port', items: ['24231 metrics (log-shipper)', '8080 http (api)'], target: ref(manyPorts, 'log-shipper')},
		});
		const state = pickerOpen(focused, intent);
		expect(state.picker).toMatchObject({kind: 'port', typed: true});
		expect(press(apply(state, {type: 'picker-move', delta: 1}), key('return'))).toEqual({type: 'forward', target: ref(manyPorts, 'api'), port: 8080});
	});

	it('takes a typed port, declared or not, and refuses what is not a port', () => {
		const state = pickerOpen(listed(noPorts), press(listed(noPorts), key('F', 'F')));
		expect(state.picker).toMatchObject({kind: 'port', items: []});
		expect(press(apply(state, {type: 'picker-input', text: '9090'}), key('return'))).toEqual({type: 'forward', target: ref(noPorts, 'api'), port: 9090});
		expect(press(apply(state, {type: 'picker-input', text: '70000'}), key('return'))).toEqual({type: 'error', text: 'not a port: 70000'});
		expect(press(state, key('escape'))).toEqual({type: 'dispatch', action: {type: 'picker-close'}});
	});

	it('refuses in read-only mode, and on a pod that is not running, as kubectl says it', () => {
		expect(press(listed(onePort, true), key('F', 'F'))).toEqual({type: 'error', text: 'read-only mode: port-forward is disabled (--read-only)'});
		expect(press(listed({...onePort, status: {...onePort.status, phase: 'Pending'}}), key('F', 'F'))).toEqual({
			type: 'error',
			text: 'unable to forward port because pod is not running. Current status=Pending',
		});
	});

	it('f opens the forwards screen', () => {
		expect(press(listed(onePort), key('f', 'f'))).toEqual({
			type: 'open-screen',
			entry: {kind: 'forwards', namespace: '', pod: '', containers: []},
			clearMarks: false,
		});
	});
});

describe('forwardsIntent', () => {
	it.each([
		['down', 0, 3, {type: 'select', to: 1}],
		['up', 0, 3, {type: 'select', to: 0}],
		['G', 0, 3, {type: 'select', to: 2}],
		['ctrl+d', 1, 3, {type: 'stop', index: 1}],
		['backspace', 2, 3, {type: 'stop', index: 2}],
		['ctrl+d', 0, 0, {type: 'none'}],
		['escape', 1, 3, {type: 'close'}],
		['q', 1, 3, {type: 'none'}],
	] as const)('%s at %i of %i', (name, selected, total, intent) => {
		expect(forwardsIntent(selected, total, {name})).toEqual(intent);
	});
});
