import {type AppState, type ContainerRef, type Picker, pickerMatches, selectedContainer, selectedPod} from '../model/app-state.js';
import {portChoices, portChoiceText, portOfChoice} from '../model/port-forward/forwards.js';
import type {KeyPress} from './keymap.js';

// F on a pod or a container: forward its only TCP port at once, or open a picker of the
// pod's declared ports (the selected container's first); with none declared, the picker takes
// a typed port number. Pure, so each case is checked without Ink.

export type ForwardIntent =
	| {type: 'none'}
	| {type: 'forward'; target: ContainerRef; port: number}
	| {type: 'pick'; target: ContainerRef; items: string[]; typed: true}
	| {type: 'close'}
	| {type: 'error'; text: string};

export const readOnlyText = 'read-only mode: port-forward is disabled (--read-only)';

export function forwardIntent(state: AppState): ForwardIntent {
	const pod = selectedPod(state);
	const target = selectedContainer(state);
	if (!pod || !target) return {type: 'none'};
	// Refused before anything: no listener, no request.
	if (state.session.readOnly) return {type: 'error', text: readOnlyText};
	if (pod.status?.phase !== 'Running')
		return {type: 'error', text: `unable to forward port because pod is not running. Current status=${pod.status?.phase ?? ''}`};
	const choices = portChoices(pod, state.focus === 'containers' ? target.container : undefined);
	if (choices.length === 1) return {type: 'forward', target: {...target, container: choices[0]!.container}, port: choices[0]!.port};
	// Typed too: kubectl forwards any port, declared or not.
	return {type: 'pick', target, items: choices.map(portChoiceText), typed: true};
}

/** Keys while the port picker is open: move, type to narrow (or type a port), ⏎ forwards, esc closes. */
export function portPickerIntent(picker: Picker, key: KeyPress): ForwardIntent | undefined {
	if (key.name !== 'return') return undefined;
	if (!picker.target) return {type: 'close'};
	const choice = pickerMatches(picker)[picker.index] ?? (picker.typed ? picker.query.trim() : undefined);
	if (choice === undefined) return {type: 'none'};
	const port = portOfChoice(choice);
	if (port === undefined || port < 1 || port > 65535) return {type: 'error', text: `not a port: ${choice}`};
	const container = /\(([^)]+)\)$/.exec(choice)?.[1] ?? picker.target.container;
	return {type: 'forward', target: {...picker.target, container}, port};
}
