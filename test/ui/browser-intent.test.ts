import {describe, expect, it} from 'vitest';
import {type Action, type AppState, initialState, reduce, sortPods} from '../../source/model/app-state.js';
import {type BrowserIntent, browserIntent} from '../../source/ui/browser-intent.js';
import type {Command, KeyPress} from '../../source/ui/keymap.js';
import {commandAvailable} from '../../source/ui/screens.js';
import {groupKey} from '../../source/model/pod-groups.js';
import {owned} from '../fixtures/owned.js';
import {crashLoop, sidecarRunning} from '../fixtures/pods.js';
import {testSession} from '../fixtures/session.js';

// The browser's keys without Ink: a state, a key, the intent it becomes.

const session = testSession({contexts: ['ctx', 'other']});
const listed = reduce(initialState(session), {type: 'pods', pods: sortPods([sidecarRunning, crashLoop], false)});
const apply = (state: AppState, ...actions: Action[]) => actions.reduce(reduce, state);
const key = (name: string, text?: string): KeyPress => (text === undefined ? {name} : {name, text});
const char = (text: string) => key(text, text);
const context = {pageSize: 7, available: commandAvailable};
const dispatch = (action: Action): BrowserIntent => ({type: 'dispatch', action});

const pod = sidecarRunning.metadata.name;
const namespace = sidecarRunning.metadata.namespace!;
const ref = (container: string) => ({namespace, pod, container});
const containers = apply(listed, {type: 'focus', focus: 'containers'});
const picker = apply(listed, {type: 'picker-open', kind: 'namespace', items: ['default', 'kube-system']}, {type: 'picker-input', text: 'kube'});

const webPods = ['web-7d4b9c8f6-a1b2c', 'web-7d4b9c8f6-x2k9p'].map(name => owned(sidecarRunning, name, 'ReplicaSet', 'web-7d4b9c8f6', '7d4b9c8f6'));
const grouped = apply(initialState(session), {type: 'pods', pods: webPods}, {type: 'group-toggle'}, {type: 'move-to', where: 'top'});
const webGroup = groupKey(namespace, 'deploy/web');
const webContainers = (name: string) => ['migrate', 'log-shipper', 'api'].map(container => ({namespace, pod: name, container}));

const cases: Array<[string, AppState, KeyPress, BrowserIntent]> = [
	[
		'ctrl+c quits even over a screen',
		apply(listed, {type: 'screen-open', entry: {kind: 'describe', namespace, pod, containers: []}}),
		key('ctrl+c'),
		{type: 'exit'},
	],
	[
		'an open screen takes every other key',
		apply(listed, {type: 'screen-open', entry: {kind: 'describe', namespace, pod, containers: []}}),
		char('q'),
		{type: 'none'},
	],
	['j moves down', listed, char('j'), dispatch({type: 'move', delta: 1})],
	['↑ moves up', listed, key('up'), dispatch({type: 'move', delta: -1})],
	['PgDn moves a page', listed, key('pagedown'), dispatch({type: 'move', delta: 7})],
	['ctrl+b moves a page up', listed, key('ctrl+b'), dispatch({type: 'move', delta: -7})],
	['G goes to the bottom', listed, char('G'), dispatch({type: 'move-to', where: 'bottom'})],
	['⏎ focuses the containers', listed, key('return'), dispatch({type: 'focus', focus: 'containers'})],
	['esc returns to the pods', containers, key('escape'), dispatch({type: 'focus', focus: 'pods'})],
	[
		'esc clears a kept filter',
		apply(listed, {type: 'filter-start'}, {type: 'filter-input', text: 'api'}, {type: 'filter-end', keep: true}),
		key('escape'),
		dispatch({type: 'filter-end', keep: false}),
	],
	['esc with nothing to undo does nothing', listed, key('escape'), {type: 'none'}],
	['/ starts the filter', listed, char('/'), dispatch({type: 'filter-start'})],
	[
		'typing goes into the filter',
		apply(listed, {type: 'filter-start'}, {type: 'filter-input', text: 'ap'}),
		char('i'),
		dispatch({type: 'filter-input', text: 'api'}),
	],
	['j goes into the filter too', apply(listed, {type: 'filter-start'}), char('j'), dispatch({type: 'filter-input', text: 'j'})],
	['↓ moves while filtering', apply(listed, {type: 'filter-start'}), key('down'), dispatch({type: 'move', delta: 1})],
	['⏎ keeps the filter', apply(listed, {type: 'filter-start'}), key('return'), dispatch({type: 'filter-end', keep: true})],
	[
		'backspace in the filter',
		apply(listed, {type: 'filter-start'}, {type: 'filter-input', text: 'ap'}),
		key('backspace'),
		dispatch({type: 'filter-input', text: 'a'}),
	],
	['a control key types nothing', apply(listed, {type: 'filter-start'}), key('ctrl+a'), {type: 'none'}],
	['n opens the namespace picker', listed, char('n'), {type: 'pick-namespace'}],
	['c opens the context picker', listed, char('c'), dispatch({type: 'picker-open', kind: 'context', items: ['ctx', 'other']})],
	['typing goes into the picker', picker, char('-'), dispatch({type: 'picker-input', text: 'kube-'})],
	['j types into the picker, as into the pod filter', picker, char('j'), dispatch({type: 'picker-input', text: 'kubej'})],
	['^N moves down in the picker', picker, key('ctrl+n'), dispatch({type: 'picker-move', delta: 1})],
	['^P moves up in the picker', picker, key('ctrl+p'), dispatch({type: 'picker-move', delta: -1})],
	['↓ moves down in the picker', picker, key('down'), dispatch({type: 'picker-move', delta: 1})],
	['⏎ picks the match', picker, key('return'), {type: 'switch', kind: 'namespace', name: 'kube-system'}],
	['⏎ picks a typed namespace', apply(picker, {type: 'picker-input', text: ' typed '}), key('return'), {type: 'switch', kind: 'namespace', name: 'typed'}],
	[
		'⏎ with no context matching does nothing',
		apply(listed, {type: 'picker-open', kind: 'context', items: ['ctx']}, {type: 'picker-input', text: 'zz'}),
		key('return'),
		{type: 'none'},
	],
	['esc closes the picker', picker, key('escape'), dispatch({type: 'picker-close'})],
	['? opens the help', listed, char('?'), dispatch({type: 'help', open: true})],
	['q closes the help', apply(listed, {type: 'help', open: true}), char('q'), dispatch({type: 'help', open: false})],
	['the help takes other keys', apply(listed, {type: 'help', open: true}), char('j'), {type: 'none'}],
	['q quits', listed, char('q'), {type: 'exit'}],
	[
		'l opens the logs of the default container',
		listed,
		char('l'),
		{type: 'open-screen', entry: {kind: 'logs', namespace, pod, containers: [ref('api')]}, clearMarks: false},
	],
	[
		'L opens the logs of every container',
		listed,
		char('L'),
		{type: 'open-screen', entry: {kind: 'logs', namespace, pod, containers: [ref('migrate'), ref('log-shipper'), ref('api')]}, clearMarks: false},
	],
	[
		'l opens the marked containers and clears the marks',
		apply(listed, {type: 'mark-toggle', ref: ref('migrate')}, {type: 'mark-toggle', ref: ref('api')}),
		char('l'),
		{type: 'open-screen', entry: {kind: 'logs', namespace, pod, containers: [ref('migrate'), ref('api')]}, clearMarks: true},
	],
	['d describes the pod', listed, char('d'), {type: 'open-screen', entry: {kind: 'describe', namespace, pod, containers: [ref('api')]}, clearMarks: false}],
	['x opens the doctor', listed, char('x'), {type: 'open-screen', entry: {kind: 'doctor', namespace, pod, containers: [ref('api')]}, clearMarks: false}],
	['space marks a container in the list', containers, char(' '), dispatch({type: 'mark-toggle', ref: ref('migrate')})],
	['space does nothing on the pods', listed, char(' '), {type: 'none'}],
	['s opens a shell', containers, char('s'), {type: 'shell', target: ref('migrate')}],
	[
		's is refused read-only',
		apply(containers, {type: 'session', session: {...session, readOnly: true}}, {type: 'pods', pods: [sidecarRunning]}, {type: 'focus', focus: 'containers'}),
		char('s'),
		{type: 'error', text: 'read-only mode: shells and debug containers are disabled (--read-only)'},
	],
	[
		'y accepts a debug offer',
		apply(listed, {type: 'offer', offer: {kind: 'debug', target: ref('api'), text: 'no shell'}}),
		char('y'),
		{type: 'answer-offer', debug: ref('api')},
	],
	[
		'any other key declines it',
		apply(listed, {type: 'offer', offer: {kind: 'debug', target: ref('api'), text: 'no shell'}}),
		char('j'),
		{type: 'answer-offer', debug: undefined},
	],
	['an unbound key does nothing', listed, char('z'), {type: 'none'}],
	['o groups the pods under their workloads', listed, char('o'), dispatch({type: 'group-toggle'})],
	['o again lists them flat', grouped, char('o'), dispatch({type: 'group-toggle'})],
	['⏎ on a workload folds it', grouped, key('return'), dispatch({type: 'group-fold', key: webGroup})],
	['⏎ on a pod of a workload opens its containers', apply(grouped, {type: 'move', delta: 1}), key('return'), dispatch({type: 'focus', focus: 'containers'})],
	[
		'L on a workload opens every container of every pod, following the workload',
		grouped,
		char('L'),
		{
			type: 'open-screen',
			entry: {
				kind: 'logs',
				namespace,
				pod: '',
				workload: 'deploy/web',
				containers: [...webContainers('web-7d4b9c8f6-a1b2c'), ...webContainers('web-7d4b9c8f6-x2k9p')],
			},
			clearMarks: false,
		},
	],
	[
		"l on a workload opens each pod's default container",
		grouped,
		char('l'),
		{
			type: 'open-screen',
			entry: {
				kind: 'logs',
				namespace,
				pod: '',
				workload: 'deploy/web',
				containers: [
					{namespace, pod: 'web-7d4b9c8f6-a1b2c', container: 'api'},
					{namespace, pod: 'web-7d4b9c8f6-x2k9p', container: 'api'},
				],
			},
			clearMarks: false,
		},
	],
	['d on a workload says what works there', grouped, char('d'), {type: 'error', text: 'deploy/web is a workload: ⏎ shows its pods, l/L opens their logs'}],
];

describe('browserIntent', () => {
	it.each(cases)('%s', (_, state, pressed, intent) => {
		expect(browserIntent(state, pressed, context)).toEqual(intent);
	});

	it('offers only the commands that work', () => {
		const without = (missing: Command) => ({pageSize: 1, available: (command: Command) => command !== missing});
		expect(browserIntent(listed, char('l'), without('logs'))).toEqual({type: 'none'});
		expect(browserIntent(listed, char('d'), without('logs')).type).toBe('open-screen');
	});

	it('opens nothing without pods', () => {
		expect(browserIntent(initialState(session), char('l'), context)).toEqual({type: 'none'});
	});

	it('reconnects on ctrl+r, with or without pods (a 401 leaves the list empty)', () => {
		expect(browserIntent(initialState(session), key('ctrl+r'), context)).toEqual({type: 'reconnect'});
		expect(browserIntent(listed, key('ctrl+r'), context)).toEqual({type: 'reconnect'});
	});
});
