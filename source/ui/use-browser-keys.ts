import {type Key, useApp} from 'ink';
import {type ContainerRef, parseRef, pickerMatches, selectedContainer, selectedPod} from '../model/app-state.js';
import {containerRows} from '../model/containers.js';
import type {SessionController} from '../session/controller.js';
import type {Suspend} from '../session/shell-actions.js';
import {type Command, commandFor, keyName} from './keymap.js';
import {commandAvailable, screenOfCommand} from './screens.js';
import {printable, useKeys} from './use-keys.js';

// Keys → actions and intents for the browser screen. Overlays and text entry come first and
// consume what they handle, so a key typed into the filter never also moves the list.

const browsing: Command[] = [
	'up',
	'down',
	'page-up',
	'page-down',
	'top',
	'bottom',
	'open',
	'back',
	'filter',
	'namespace',
	'context',
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
];

export function useBrowserKeys(controller: SessionController, pageSize: number): void {
	const {exit, suspendTerminal} = useApp();
	const {dispatch} = controller.store;
	// A shell takes the terminal over while Ink is suspended.
	const suspend: Suspend = async run => {
		await suspendTerminal(run);
	};

	useKeys(handle);

	function handle(input: string, key: Key): void {
		// Read the store, not the render's snapshot: earlier keys of the same chunk changed it.
		const state = controller.store.getSnapshot();
		const name = keyName(input, key);
		if (name === 'ctrl+c') {
			exit();
			return;
		}
		// An open screen handles its own keys.
		if (state.screens.length > 0) return;
		if (state.offer) {
			const offer = state.offer;
			dispatch({type: 'offer', offer: undefined});
			if (name === 'y' && offer.kind === 'debug') void controller.debug(offer.target, suspend);
			return;
		}
		const picker = state.picker;
		if (picker) {
			if (name === 'escape') dispatch({type: 'picker-close'});
			else if (name === 'up') dispatch({type: 'picker-move', delta: -1});
			else if (name === 'down') dispatch({type: 'picker-move', delta: 1});
			else if (name === 'backspace') dispatch({type: 'picker-input', text: picker.query.slice(0, -1)});
			else if (name === 'return') {
				const choice = pickerMatches(picker)[picker.index] ?? (picker.typed || picker.kind === 'namespace' ? picker.query.trim() : undefined);
				if (!choice) return;
				dispatch({type: 'picker-close'});
				if (picker.kind === 'namespace') controller.switchNamespace(choice);
				else controller.switchContext(choice);
			} else if (printable(input) && !key.ctrl && !key.meta) dispatch({type: 'picker-input', text: picker.query + input});
			return;
		}
		if (state.overlay === 'help') {
			if (name === 'escape' || name === '?' || name === 'q') dispatch({type: 'help', open: false});
			return;
		}
		if (state.filtering) {
			if (name === 'escape') dispatch({type: 'filter-end', keep: false});
			else if (name === 'return') dispatch({type: 'filter-end', keep: true});
			else if (name === 'backspace') dispatch({type: 'filter-input', text: state.filter.slice(0, -1)});
			else if (name === 'up' || name === 'down') dispatch({type: 'move', delta: name === 'up' ? -1 : 1});
			else if (printable(input) && !key.ctrl && !key.meta) dispatch({type: 'filter-input', text: state.filter + input});
			return;
		}
		const command = commandFor(name, browsing.filter(commandAvailable));
		const kind = command ? screenOfCommand[command] : undefined;
		if (command && kind) {
			const pod = selectedPod(state);
			const target = selectedContainer(state);
			if (!pod || !target) return;
			let containers: ContainerRef[] = [target];
			if (command === 'all-logs') {
				containers = containerRows(pod).map(row => ({...target, container: row.name}));
			} else if (command === 'logs' && state.marked.length > 0) {
				containers = state.marked.map(parseRef);
				dispatch({type: 'mark-clear'});
			}
			dispatch({type: 'screen-open', entry: {kind, namespace: target.namespace, pod: target.pod, containers}});
			return;
		}
		switch (command) {
			case 'mark': {
				const target = selectedContainer(state);
				if (state.focus === 'containers' && target) dispatch({type: 'mark-toggle', ref: target});
				break;
			}
			case 'shell': {
				const target = selectedContainer(state);
				if (!target) break;
				if (state.session.readOnly) {
					dispatch({type: 'message', text: 'read-only mode: shells and debug containers are disabled (--read-only)', level: 'error', at: Date.now()});
					break;
				}
				void controller.shell(target, suspend);
				break;
			}
			case 'up':
				dispatch({type: 'move', delta: -1});
				break;
			case 'down':
				dispatch({type: 'move', delta: 1});
				break;
			case 'page-up':
				dispatch({type: 'move', delta: -pageSize});
				break;
			case 'page-down':
				dispatch({type: 'move', delta: pageSize});
				break;
			case 'top':
				dispatch({type: 'move-to', where: 'top'});
				break;
			case 'bottom':
				dispatch({type: 'move-to', where: 'bottom'});
				break;
			case 'open':
				dispatch({type: 'focus', focus: 'containers'});
				break;
			case 'back':
				if (state.focus === 'containers') dispatch({type: 'focus', focus: 'pods'});
				else if (state.filter) dispatch({type: 'filter-end', keep: false});
				break;
			case 'filter':
				dispatch({type: 'filter-start'});
				break;
			case 'namespace':
				dispatch({type: 'picker-open', kind: 'namespace', loading: true});
				void controller.loadNamespaces();
				break;
			case 'context':
				dispatch({type: 'picker-open', kind: 'context', items: state.session.contexts});
				break;
			case 'help':
				dispatch({type: 'help', open: true});
				break;
			case 'quit':
				exit();
				break;
			default:
				break;
		}
	}
}
