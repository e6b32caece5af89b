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
	| 'group'
	| 'namespace'
	| 'context'
	| 'reconnect'
	| 'help'
	| 'quit'
	| 'mark'
	| 'logs'
	| 'all-logs'
	| 'shell'
	| 'describe'
	| 'events'
	| 'timeline'
	| 'doctor'
	| 'namespace-doctor'
	| 'log-pause'
	| 'log-search'
	| 'log-older'
	| 'log-newer'
	| 'log-filter'
	| 'log-timestamps'
	| 'log-wrap'
	| 'log-previous'
	| 'log-merge'
	| 'log-hide'
	| 'log-layout'
	| 'log-json'
	| 'log-fields'
	| 'log-since'
	| 'log-colors'
	| 'log-save'
	| 'log-next-pane'
	| 'log-prev-pane'
	| 'inspect-search'
	| 'inspect-next'
	| 'inspect-prev'
	| 'inspect-warnings'
	| 'inspect-wrap'
	| 'inspect-left'
	| 'inspect-right'
	| 'port-forward'
	| 'forwards'
	| 'forward-stop'
	| 'picker-up'
	| 'picker-down';

/** `short`: the label's first key alone, where footer hints pair commands ('j/k', '←/→'). */
export type Binding = {command: Command; keys: string[]; label: string; short?: string; help: string; where: string};

export const bindings: Binding[] = [
	{command: 'up', keys: ['k', 'up'], label: 'k/↑', short: 'k', help: 'move up (where you type: ↑ or ^P)', where: 'everywhere'},
	{command: 'down', keys: ['j', 'down'], label: 'j/↓', short: 'j', help: 'move down (where you type: ↓ or ^N)', where: 'everywhere'},
	{command: 'page-up', keys: ['pageup', 'ctrl+b'], label: 'PgUp', help: 'page up', where: 'everywhere'},
	{command: 'page-down', keys: ['pagedown', 'ctrl+f'], label: 'PgDn', help: 'page down', where: 'everywhere'},
	{command: 'top', keys: ['g', 'home'], label: 'g', help: 'go to the top', where: 'everywhere'},
	{command: 'bottom', keys: ['G', 'end'], label: 'G', help: 'go to the bottom', where: 'everywhere'},
	{command: 'open', keys: ['return', 'tab'], label: '⏎', help: 'focus the container list of the selected pod', where: 'pods'},
	{command: 'back', keys: ['escape'], label: 'esc', help: 'back (close, clear the filter, return to pods)', where: 'everywhere'},
	{command: 'filter', keys: ['/'], label: '/', help: 'filter pods by name or owner (deploy/web) as you type', where: 'pods'},
	{command: 'group', keys: ['o'], label: 'o', help: 'group the pods under their workload (⏎ folds one; L: its logs) / flat list', where: 'pods'},
	{command: 'mark', keys: [' '], label: 'space', help: 'mark a container for a side-by-side log view', where: 'containers'},
	{command: 'logs', keys: ['l'], label: 'l', help: 'logs of the container (or of the marked containers)', where: 'pods, containers'},
	{command: 'all-logs', keys: ['L'], label: 'L', help: 'logs of every container of the pod, init and sidecars too', where: 'pods, containers'},
	{command: 'shell', keys: ['s'], label: 's', help: 'shell into the container (a debug container when it has no shell)', where: 'containers'},
	{command: 'describe', keys: ['d'], label: 'd', help: 'describe the pod, as kubectl describe', where: 'pods, containers'},
	{command: 'events', keys: ['e'], label: 'e', help: 'events of the pod, live', where: 'pods, containers'},
	{command: 'timeline', keys: ['t'], label: 't', help: 'startup timeline of the pod', where: 'pods, containers'},
	{command: 'doctor', keys: ['x'], label: 'x', help: 'diagnose the pod', where: 'pods, containers'},
	{command: 'namespace-doctor', keys: ['X'], label: 'X', help: 'diagnose every pod in the list, worst first (⏎ opens one)', where: 'pods'},
	{
		command: 'port-forward',
		keys: ['F'],
		label: 'F',
		help: "port-forward a local port to the pod's port (a picker when it has several)",
		where: 'pods, containers',
	},
	{command: 'forwards', keys: ['f'], label: 'f', help: 'the port-forwards: where each goes, stop one', where: 'pods, containers'},
	{command: 'namespace', keys: ['n'], label: 'n', help: 'switch namespace', where: 'pods'},
	{command: 'context', keys: ['c'], label: 'c', help: 'switch context', where: 'pods'},
	{command: 'reconnect', keys: ['ctrl+r'], label: '^R', help: 'reconnect now (after Unauthorized, or to skip a back-off)', where: 'pods'},
	{command: 'help', keys: ['?'], label: '?', help: 'this help', where: 'everywhere'},
	{command: 'quit', keys: ['q', 'ctrl+c'], label: 'q', help: 'quit (Ctrl-C too)', where: 'top level'},
	{command: 'log-pause', keys: [' '], label: 'space', help: 'pause / follow (a counter shows new lines)', where: 'logs'},
	{command: 'log-search', keys: ['/'], label: '/', help: 'search (tab: plain or regex); matches highlighted', where: 'logs'},
	{command: 'log-older', keys: ['n'], label: 'n', help: 'next match, older (upward)', where: 'logs'},
	{command: 'log-newer', keys: ['N'], label: 'N', help: 'next match, newer (downward)', where: 'logs'},
	{command: 'log-filter', keys: ['f'], label: 'f', help: 'filter: only matching lines, !pattern all but those (tab: plain or regex)', where: 'logs'},
	{command: 'log-timestamps', keys: ['t'], label: 't', help: 'timestamps on/off', where: 'logs'},
	{command: 'log-wrap', keys: ['w'], label: 'w', help: 'wrap long lines on/off', where: 'logs'},
	{command: 'log-previous', keys: ['p'], label: 'p', help: 'previous instance of the container on/off', where: 'logs'},
	{command: 'log-merge', keys: ['m'], label: 'm', help: 'merge all panes by timestamp / back to panes', where: 'logs'},
	{command: 'log-hide', keys: ['h'], label: 'h', help: 'merged view: hide / show a container or a pod (type its name)', where: 'logs'},
	{command: 'log-layout', keys: ['v'], label: 'v', help: 'panes side by side / stacked', where: 'logs'},
	{command: 'log-json', keys: ['J'], label: 'J', help: 'JSON lines: raw → pretty → chosen fields', where: 'logs'},
	{command: 'log-fields', keys: ['F'], label: 'F', help: 'choose the JSON fields to show (comma separated)', where: 'logs'},
	{command: 'log-since', keys: ['s'], label: 's', help: 'since: start the panes over from a window (5m, 1h; empty: the tail)', where: 'logs'},
	{command: 'log-colors', keys: ['c'], label: 'c', help: "keep / strip the containers' colours", where: 'logs'},
	{command: 'log-save', keys: ['S'], label: 'S', help: "save the pane's buffer to a file you name (new, mode 0600)", where: 'logs'},
	{command: 'log-next-pane', keys: ['right', 'tab'], label: '→/tab', short: '→', help: 'next pane', where: 'logs'},
	{command: 'log-prev-pane', keys: ['left'], label: '←', help: 'previous pane', where: 'logs'},
	{command: 'inspect-search', keys: ['/'], label: '/', help: 'search the text (n/N: next/previous match)', where: 'describe'},
	{command: 'inspect-next', keys: ['n'], label: 'n', help: 'next match', where: 'describe'},
	{command: 'inspect-prev', keys: ['N'], label: 'N', help: 'previous match', where: 'describe'},
	{command: 'inspect-warnings', keys: ['W'], label: 'W', help: 'only Warnings, or every event', where: 'events'},
	// w wraps as in the logs (and k9s); unwrapped, long lines scroll sideways.
	{command: 'inspect-wrap', keys: ['w'], label: 'w', help: 'wrap long lines / cut them and scroll sideways with ←/→', where: 'describe, events, doctor'},
	{command: 'inspect-left', keys: ['left', 'h'], label: '←', help: 'scroll left (lines not wrapped)', where: 'describe, events, doctor'},
	{command: 'inspect-right', keys: ['right', 'l'], label: '→', help: 'scroll right (lines not wrapped)', where: 'describe, events, doctor'},
	{command: 'picker-up', keys: ['up', 'ctrl+p'], label: '↑', help: 'move up (letters, j and k too, filter the list)', where: 'pickers'},
	{command: 'picker-down', keys: ['down', 'ctrl+n'], label: '↓', help: 'move down', where: 'pickers'},
	{command: 'forward-stop', keys: ['ctrl+d', 'backspace', 'x'], label: '^D', help: 'stop the selected port-forward', where: 'forwards'},
];

/** How a key name is shown where it is not one of a binding's labels (help, text entry hints). */
const keyNames: Record<string, string> = {
	return: '⏎',
	escape: 'esc',
	' ': 'space',
	up: '↑',
	down: '↓',
	left: '←',
	right: '→',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	home: 'Home',
	end: 'End',
};
export const keyLabel = (name: string) => keyNames[name] ?? (name.startsWith('ctrl+') ? `^${name.slice(5).toUpperCase()}` : name);

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

/** A footer hint from the keymap's labels: the keys of these commands, then what they do. */
export function hint(commands: readonly Command[], text: string): [string, string] {
	return [commands.map(command => bindingOf(command).short ?? bindingOf(command).label).join('/'), text];
}

/** A key as the intent functions see it: its name, and the text it types when it types any. */
export type KeyPress = {name: string; text?: string};

// Text entry takes only what types something: no control bytes, nor keys held with ctrl or meta.
const printable = (input: string) => input.length > 0 && !/[\u0000-\u001f\u007f]/.test(input);

export function keyPress(input: string, key: Key): KeyPress {
	const name = keyName(input, key);
	return printable(input) && !key.ctrl && !key.meta ? {name, text: input} : {name};
}
