import type {Key} from 'ink';

// One keymap for the whole TUI: input handling and the help overlay both read this table,
// so they cannot disagree. A view lists the commands it handles; a key resolves to the first
// matching command among them.

export type Command =
	| 'up'
	| 'down'
	| 'page-up'
	| 'page-down'
	| 'top'
	| 'bottom'
	| 'open'
	| 'back'
	| 'filter'
	| 'namespace'
	| 'context'
	| 'help'
	| 'quit'
	| 'mark'
	| 'logs'
	| 'all-logs'
	| 'shell'
	| 'describe'
	| 'events'
	| 'timeline'
	| 'doctor';

export type Binding = {command: Command; keys: string[]; label: string; help: string; where: string};

export const bindings: Binding[] = [
	{command: 'up', keys: ['k', 'up'], label: 'k/↑', help: 'move up', where: 'everywhere'},
	{command: 'down', keys: ['j', 'down'], label: 'j/↓', help: 'move down', where: 'everywhere'},
	{command: 'page-up', keys: ['pageup', 'ctrl+b'], label: 'PgUp', help: 'page up', where: 'everywhere'},
	{command: 'page-down', keys: ['pagedown', 'ctrl+f'], label: 'PgDn', help: 'page down', where: 'everywhere'},
	{command: 'top', keys: ['g', 'home'], label: 'g', help: 'go to the top', where: 'everywhere'},
	{command: 'bottom', keys: ['G', 'end'], label: 'G', help: 'go to the bottom', where: 'everywhere'},
	{command: 'open', keys: ['return', 'tab'], label: '⏎', help: 'focus the container list of the selected pod', where: 'pods'},
	{command: 'back', keys: ['escape'], label: 'esc', help: 'back (close, clear the filter, return to pods)', where: 'everywhere'},
	{command: 'filter', keys: ['/'], label: '/', help: 'filter pods by name as you type', where: 'pods'},
	{command: 'mark', keys: [' '], label: 'space', help: 'mark a container for a side-by-side log view', where: 'containers'},
	{command: 'logs', keys: ['l'], label: 'l', help: 'logs of the container (or of the marked containers)', where: 'pods, containers'},
	{command: 'all-logs', keys: ['L'], label: 'L', help: 'logs of every container of the pod, init and sidecars too', where: 'pods, containers'},
	{command: 'shell', keys: ['s'], label: 's', help: 'shell into the container (a debug container when it has no shell)', where: 'containers'},
	{command: 'describe', keys: ['d'], label: 'd', help: 'describe the pod, as kubectl describe', where: 'pods, containers'},
	{command: 'events', keys: ['e'], label: 'e', help: 'events of the pod, live', where: 'pods'},
	{command: 'timeline', keys: ['t'], label: 't', help: 'startup timeline of the pod', where: 'pods'},
	{command: 'doctor', keys: ['x'], label: 'x', help: 'diagnose the pod', where: 'pods'},
	{command: 'namespace', keys: ['n'], label: 'n', help: 'switch namespace', where: 'pods'},
	{command: 'context', keys: ['c'], label: 'c', help: 'switch context', where: 'pods'},
	{command: 'help', keys: ['?'], label: '?', help: 'this help', where: 'everywhere'},
	{command: 'quit', keys: ['q', 'ctrl+c'], label: 'q', help: 'quit (Ctrl-C too)', where: 'top level'},
];

/** Ink's (input, key) as one name: 'j', 'G', 'up', 'return', 'ctrl+c', ... */
export function keyName(input: string, key: Key): string {
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.pageUp) return 'pageup';
	if (key.pageDown) return 'pagedown';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'return';
	if (key.escape) return 'escape';
	if (key.tab) return 'tab';
	if (key.backspace || key.delete) return 'backspace';
	if (key.ctrl && input) return `ctrl+${input.toLowerCase()}`;
	return input;
}

export function commandFor(name: string, allowed: readonly Command[]): Command | undefined {
	for (const binding of bindings) {
		if (allowed.includes(binding.command) && binding.keys.includes(name)) return binding.command;
	}
	return undefined;
}

export const bindingOf = (command: Command) => bindings.find(binding => binding.command === command)!;
