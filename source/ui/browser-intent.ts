import {
	type Action,
	type AppState,
	type ContainerRef,
	type Picker,
	parseRef,
	pickerMatches,
	type ScreenEntry,
	selectedContainer,
	selectedGroup,
	selectedPod,
} from '../model/app-state.js';
import type {GroupRow} from '../model/pod-groups.js';
import {containerRows} from '../model/containers.js';
import {type Command, commandFor, type KeyPress} from './keymap.js';
import {screenOfCommand} from './screen-commands.js';
import {type ForwardIntent, forwardIntent, portPickerIntent} from './port-forward-intent.js';

// Keys → intents for the browser screen, as a pure function of the state and the key, so every
// key can be checked without Ink. Overlays and text entry come first and consume what they
// handle, so a key typed into the filter never also moves the list.

export type BrowserIntent =
	| {type: 'none'}
	| {type: 'exit'}
	| {type: 'dispatch'; action: Action}
	/** The offer on the status line is answered: gone either way, a debug container when accepted. */
	| {type: 'answer-offer'; debug?: ContainerRef}
	/** The picker closes on a choice, and the session switches to it. */
	| {type: 'switch'; kind: Picker['kind']; name: string}
	| {type: 'open-screen'; entry: ScreenEntry; clearMarks: boolean}
	/** The namespace picker opens while the session lists the namespaces. */
	| {type: 'pick-namespace'}
	| {type: 'shell'; target: ContainerRef}
	/** The pod list connects again now (after a 401 it waits for this). */
	| {type: 'reconnect'}
	/** A port-forward starts (the picker, if open, closes). */
	| {type: 'forward'; target: ContainerRef; port: number}
	| {type: 'error'; text: string};

/** What the keys need besides the state: the list's page, and which commands work (see commandAvailable). */
export type BrowserContext = {pageSize: number; available(command: Command): boolean};

export const browsing: Command[] = [
	'up',
	'down',
	'page-up',
	'page-down',
	'top',
	'bottom',
	'open',
	'back',
	'filter',
	'group',
	'namespace',
	'context',
	'reconnect',
	'help',
	'quit',
	'mark',
	'logs',
	'all-logs',
	'shell',
	'describe',
	'events',
	'timeline',
	'doctor',
	'namespace-doctor',
	'port-forward',
	'forwards',
];

const none: BrowserIntent = {type: 'none'};
const dispatch = (action: Action): BrowserIntent => ({type: 'dispatch', action});

export function browserIntent(state: AppState, key: KeyPress, context: BrowserContext): BrowserIntent {
	const {name} = key;
	if (name === 'ctrl+c') return {type: 'exit'};
	// An open screen handles its own keys.
	if (state.screens.length > 0) return none;
	if (state.offer) return {type: 'answer-offer', debug: name === 'y' && state.offer.kind === 'debug' ? state.offer.target : undefined};
	if (state.picker) return (state.picker.kind === 'port' ? fromForward(portPickerIntent(state.picker, key)) : undefined) ?? pickerIntent(state.picker, key);
	if (state.overlay === 'help') return name === 'escape' || name === '?' || name === 'q' ? dispatch({type: 'help', open: false}) : none;
	if (state.filtering) return filterIntent(state.filter, key);
	const command = commandFor(name, browsing.filter(context.available));
	return command ? commandIntent(state, command, context.pageSize) : none;
}

function pickerIntent(picker: Picker, {name, text}: KeyPress): BrowserIntent {
	if (name === 'escape') return dispatch({type: 'picker-close'});
	// Letters type into the filter (j and k too, as in the pod filter); arrows, ^P and ^N move.
	const move = commandFor(name, ['picker-up', 'picker-down']);
	if (move) return dispatch({type: 'picker-move', delta: move === 'picker-up' ? -1 : 1});
	if (name === 'backspace') return dispatch({type: 'picker-input', text: picker.query.slice(0, -1)});
	if (name === 'return') {
		const choice = pickerMatches(picker)[picker.index] ?? (picker.typed || picker.kind === 'namespace' ? picker.query.trim() : undefined);
		return choice ? {type: 'switch', kind: picker.kind, name: choice} : none;
	}
	return text === undefined ? none : dispatch({type: 'picker-input', text: picker.query + text});
}

function filterIntent(filter: string, {name, text}: KeyPress): BrowserIntent {
	if (name === 'escape') return dispatch({type: 'filter-end', keep: false});
	if (name === 'return') return dispatch({type: 'filter-end', keep: true});
	if (name === 'backspace') return dispatch({type: 'filter-input', text: filter.slice(0, -1)});
	if (name === 'up' || name === 'down') return dispatch({type: 'move', delta: name === 'up' ? -1 : 1});
	return text === undefined ? none : dispatch({type: 'filter-input', text: filter + text});
}

function openScreen(state: AppState, command: Command): BrowserIntent {
	const kind = screenOfCommand[command]!;
	// The forwards are the session's: the screen opens with or without a pod.
	if (kind === 'forwards') return {type: 'open-screen', entry: {kind, namespace: '', pod: '', containers: []}, clearMarks: false};
	// The namespace report is about the list, not a pod: it opens on an empty list too.
	if (kind === 'namespace-doctor') {
		const namespace = state.session.allNamespaces ? '' : state.session.namespace;
		return {type: 'open-screen', entry: {kind, namespace, pod: '', containers: []}, clearMarks: false};
	}
	const group = selectedGroup(state);
	if (group) return openOnGroup(group, command);
	const pod = selectedPod(state);
	const target = selectedContainer(state);
	if (!pod || !target) return none;
	let containers: ContainerRef[] = [target];
	let clearMarks = false;
	if (command === 'all-logs') {
		containers = containerRows(pod).map(row => ({...target, container: row.name}));
	} else if (command === 'logs' && state.marked.length > 0) {
		containers = state.marked.map(parseRef);
		clearMarks = true;
	}
	return {type: 'open-screen', entry: {kind, namespace: target.namespace, pod: target.pod, containers}, clearMarks};
}

/** On a workload's row, logs open on all its pods (l: each default container, L: every container). */
function openOnGroup(group: GroupRow, command: Command): BrowserIntent {
	if (command !== 'logs' && command !== 'all-logs') return {type: 'error', text: `${group.owner} is a workload: ⏎ shows its pods, l/L opens their logs`};
	const containers = group.pods.flatMap(pod => {
		const rows = containerRows(pod);
		const chosen = command === 'all-logs' ? rows : rows.filter(row => row.isDefault).slice(0, 1);
		return (chosen.length ? chosen : rows.slice(0, 1)).map(row => ({namespace: group.namespace, pod: pod.metadata.name, container: row.name}));
	});
	if (containers.length === 0) return none;
	const entry: ScreenEntry = {kind: 'logs', namespace: group.namespace, pod: '', containers, workload: group.owner};
	return {type: 'open-screen', entry, clearMarks: false};
}

function commandIntent(state: AppState, command: Command, pageSize: number): BrowserIntent {
	if (screenOfCommand[command]) return openScreen(state, command);
	switch (command) {
		case 'mark': {
			const target = selectedContainer(state);
			return state.focus === 'containers' && target ? dispatch({type: 'mark-toggle', ref: target}) : none;
		}
		case 'shell': {
			const target = selectedContainer(state);
			if (!target) return none;
			if (state.session.readOnly) return {type: 'error', text: 'read-only mode: shells and debug containers are disabled (--read-only)'};
			return {type: 'shell', target};
		}
		case 'port-forward':
			return fromForward(forwardIntent(state)) ?? none;
		case 'up':
		case 'down':
		case 'page-up':
		case 'page-down': {
			const step = command.startsWith('page') ? pageSize : 1;
			return dispatch({type: 'move', delta: command.endsWith('up') ? -step : step});
		}
		case 'top':
		case 'bottom':
			return dispatch({type: 'move-to', where: command});
		case 'open': {
			const group = selectedGroup(state);
			return dispatch(group ? {type: 'group-fold', key: group.key} : {type: 'focus', focus: 'containers'});
		}
		case 'group':
			return dispatch({type: 'group-toggle'});
		case 'back':
			if (state.focus === 'containers') return dispatch({type: 'focus', focus: 'pods'});
			return state.filter ? dispatch({type: 'filter-end', keep: false}) : none;
		case 'filter':
			return dispatch({type: 'filter-start'});
		case 'namespace':
			return {type: 'pick-namespace'};
		case 'context':
			return dispatch({type: 'picker-open', kind: 'context', items: state.session.contexts});
		case 'reconnect':
			return {type: 'reconnect'};
		case 'help':
			return dispatch({type: 'help', open: true});
		case 'quit':
			return {type: 'exit'};
		default:
			return none;
	}
}

/** F's intents as the browser's (undefined: the picker's usual keys apply). */
function fromForward(intent: ForwardIntent | undefined): BrowserIntent | undefined {
	switch (intent?.type) {
		case undefined:
			return undefined;
		case 'none':
			return none;
		case 'forward':
			return intent;
		case 'pick':
			return dispatch({type: 'picker-open', kind: 'port', items: intent.items, target: intent.target});
		case 'close':
			return dispatch({type: 'picker-close'});
		case 'error':
			return intent;
	}
}
