import {podKey, refKey, type ContainerRef} from './container-ref.js';
import {containerRows} from './containers.js';
import type {PodMark} from './doctor/pod-mark.js';
import type {KubeEvent, Pod} from './k8s.js';
import {ownerText} from './owner.js';
import {type GroupRow, groupKeyOf, groupRows, isGroupKey, type ListRow} from './pod-groups.js';
import type {ForwardRow} from './port-forward/forwards.js';
import type {UsageHistory} from './usage.js';

// The TUI's whole state as plain data, and the reducer that is the only way to change it.
// Views read it; keys become actions; the session turns API results into actions too.

export type Connection =
	| {phase: 'connecting'}
	| {phase: 'live'}
	| {phase: 'reconnecting'; error: string; retryAt: number}
	| {phase: 'error'; error: string; code?: number; retryAt?: number};

export type Message = {text: string; level: 'info' | 'error'; at: number};

/** The namespace picker's first entry, as k9s's "all": the pods of every namespace, like -A. A space keeps it apart from any namespace's name. */
export const allNamespacesItem = 'all namespaces';

/** A chooser on the status area; a port picker (F with several ports) also knows whose ports it lists. */
export type Picker = {
	kind: 'namespace' | 'context' | 'port';
	items: string[];
	query: string;
	index: number;
	loading: boolean;
	typed: boolean;
	error?: string;
	target?: ContainerRef;
};

/** Views opened over the browser (logs, describe, ...); Esc pops the top one. */
export type ScreenKind = 'logs' | 'describe' | 'events' | 'timeline' | 'doctor' | 'namespace-doctor' | 'forwards';
export type {ContainerRef};
export {parseRef, podKey, refKey} from './container-ref.js';
export type ScreenEntry = {
	kind: ScreenKind;
	namespace: string;
	pod: string;
	containers: ContainerRef[];
	/** Logs opened on a workload's row (`deploy/web`): the screen follows its pods as they come and go. */
	workload?: string;
};

export type Session = {
	context: string;
	cluster: string;
	server: string;
	user: string;
	namespace: string;
	allNamespaces: boolean;
	selector?: string;
	readOnly: boolean;
	demo: boolean;
	contexts: string[];
};

export type AppState = {
	session: Session;
	connection: Connection;
	/** Every pod the watch knows, sorted (namespace with -A, then name). */
	pods: Pod[];
	/** Whether the first list has arrived (an empty list then means "no pods"). */
	listed: boolean;
	/** A pod key, or a workload row's key (pod-groups.ts) when the list is grouped. */
	selectedKey?: string;
	/** The list grouped under workloads (o), and the workload rows folded shut. */
	grouped: boolean;
	collapsed: string[];
	filter: string;
	filtering: boolean;
	focus: 'pods' | 'containers';
	containerIndex: number;
	overlay: 'none' | 'help';
	picker?: Picker;
	message?: Message;
	screens: ScreenEntry[];
	/** Containers marked with space for a multi-container log view ("ns/pod/container"). */
	marked: string[];
	/** A one-key offer on the status line (y accepts, any other key declines). */
	offer?: Offer;
	/** Live extras for the selected pod: its events and its usage samples. */
	details?: PodDetails;
	/** The doctor's worst finding per pod ("ns/name"), for the list's marks and the namespace report; undefined until first examined. */
	podMarks?: Record<string, PodMark>;
	/** The session's port-forwards (F), kept across screens. */
	forwards: ForwardRow[];
};

export type PodDetails = {key: string; events: KubeEvent[]; usage: UsageHistory};

export type Offer = {kind: 'debug'; target: ContainerRef; text: string};

export type Action =
	| {type: 'pods'; pods: Pod[]}
	| {type: 'connection'; connection: Connection}
	| {type: 'session'; session: Session}
	| {type: 'move'; delta: number}
	| {type: 'move-to'; where: 'top' | 'bottom'}
	| {type: 'focus'; focus: 'pods' | 'containers'}
	| {type: 'filter-start'}
	| {type: 'filter-input'; text: string}
	| {type: 'filter-end'; keep: boolean}
	| {type: 'help'; open: boolean}
	| {type: 'picker-open'; kind: Picker['kind']; items?: string[]; loading?: boolean; target?: ContainerRef}
	| {type: 'picker-items'; items: string[]; typed?: boolean; error?: string}
	| {type: 'picker-input'; text: string}
	| {type: 'picker-move'; delta: number}
	| {type: 'picker-close'}
	| {type: 'message'; text: string; level?: 'info' | 'error'; at: number}
	| {type: 'message-clear'; before: number}
	| {type: 'screen-open'; entry: ScreenEntry}
	| {type: 'screen-close'}
	| {type: 'mark-toggle'; ref: ContainerRef}
	| {type: 'mark-clear'}
	| {type: 'offer'; offer?: Offer}
	| {type: 'details'; details?: PodDetails}
	| {type: 'pod-marks'; marks: Record<string, PodMark>}
	| {type: 'group-toggle'}
	| {type: 'group-fold'; key: string}
	| {type: 'forwards'; forwards: ForwardRow[]};

// Sort keys are made once per pod object too, as its pod key is (see container-ref.ts).
const sortKeys = new WeakMap<Pod, string>();

export function sortPods(pods: Iterable<Pod>, byNamespace: boolean): Pod[] {
	const list = [...pods];
	// The cached key is name-first; by namespace, the pod key (namespace/name) sorts right.
	const key = (pod: Pod) => {
		if (byNamespace) return podKey(pod).replace('/', '\u0000');
		let cached = sortKeys.get(pod);
		if (cached === undefined) {
			cached = `${pod.metadata.name}\u0000${pod.metadata.namespace ?? ''}`;
			sortKeys.set(pod, cached);
		}
		return cached;
	};
	const keys = list.map(key);
	const order = list.map((_, index) => index);
	order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
	return order.map(index => list[index]!);
}

/**
 * Where a picker's cursor starts: on what is in use now, as k9s's pickers do, so that a picker
 * opened by mistake and closed with Enter changes nothing.
 */
function currentIndex(session: Session, kind: Picker['kind'], items: string[]): number {
	const current = kind === 'namespace' ? (session.allNamespaces ? allNamespacesItem : session.namespace) : kind === 'context' ? session.context : undefined;
	return Math.max(0, current === undefined ? 0 : items.indexOf(current));
}

/** The picker's list as it arrived (a namespace picker's is fetched after it opens). */
const pickerItems = (session: Session, picker: Picker, action: Extract<Action, {type: 'picker-items'}>): Picker => ({
	...picker,
	items: action.items,
	index: currentIndex(session, picker.kind, action.items),
	loading: false,
	typed: action.typed ?? false,
	error: action.error,
});

/** A port picker takes a typed port as well as a listed one. */
const openPicker = (session: Session, action: Extract<Action, {type: 'picker-open'}>): Picker => ({
	kind: action.kind,
	items: action.items ?? [],
	query: '',
	index: currentIndex(session, action.kind, action.items ?? []),
	loading: action.loading ?? false,
	typed: action.kind === 'port',
	target: action.target,
});

export function initialState(session: Session): AppState {
	return {
		session,
		connection: {phase: 'connecting'},
		pods: [],
		listed: false,
		grouped: false,
		collapsed: [],
		filter: '',
		filtering: false,
		focus: 'pods',
		containerIndex: 0,
		overlay: 'none',
		screens: [],
		marked: [],
		forwards: [],
	};
}

// Each key press and each render asks for the visible pods and the selected one several
// times; with thousands of pods, filtering and a key-by-key search each time was the largest
// cost of a frame. Both are computed once per pods array (arrays are never mutated: every
// update brings a new one).
let lastVisible: {pods: Pod[]; filter: string; visible: Pod[]} | undefined;
const keyIndexes = new WeakMap<readonly Pod[], Map<string, number>>();

/** The pods the list shows: the filter applies as a case-insensitive substring of the name or the owner (`deploy/web`). */
export function visiblePods(state: AppState): Pod[] {
	if (!state.filter) return state.pods;
	if (lastVisible?.pods === state.pods && lastVisible.filter === state.filter) return lastVisible.visible;
	const needle = state.filter.toLowerCase();
	const visible = state.pods.filter(pod => pod.metadata.name.toLowerCase().includes(needle) || ownerText(pod).toLowerCase().includes(needle));
	lastVisible = {pods: state.pods, filter: state.filter, visible};
	return visible;
}

/** Where the pod with this key is in `pods`, or -1. */
export function indexOfPod(pods: readonly Pod[], key: string): number {
	let index = keyIndexes.get(pods);
	if (!index) {
		index = new Map();
		for (let position = 0; position < pods.length; position++) index.set(podKey(pods[position]!), position);
		keyIndexes.set(pods, index);
	}
	return index.get(key) ?? -1;
}

export function selectedIndex(state: AppState, pods = visiblePods(state)): number {
	if (pods.length === 0) return -1;
	const index = state.selectedKey ? indexOfPod(pods, state.selectedKey) : -1;
	return Math.max(index, 0);
}

/** The grouped list's rows: workloads and their pods (see pod-groups.ts). */
export const listRows = (state: AppState): ListRow[] => groupRows(visiblePods(state), state.collapsed);

const rowIndexes = new WeakMap<readonly ListRow[], Map<string, number>>();

/** Where the selected row is in the grouped list (0 when it is not there), -1 for none. */
export function selectedRowIndex(state: AppState, rows = listRows(state)): number {
	if (rows.length === 0) return -1;
	let index = rowIndexes.get(rows);
	if (!index) {
		index = new Map(rows.map((row, position) => [row.key, position]));
		rowIndexes.set(rows, index);
	}
	return state.selectedKey ? (index.get(state.selectedKey) ?? 0) : 0;
}

/** The workload row under the cursor, when the list is grouped and one is. */
export function selectedGroup(state: AppState): GroupRow | undefined {
	if (!state.grouped) return undefined;
	const rows = listRows(state);
	const row = rows[selectedRowIndex(state, rows)];
	return row?.kind === 'group' ? row : undefined;
}

export function selectedPod(state: AppState): Pod | undefined {
	if (state.grouped) {
		const rows = listRows(state);
		const row = rows[selectedRowIndex(state, rows)];
		return row?.kind === 'pod' ? row.pod : undefined;
	}
	const pods = visiblePods(state);
	const index = selectedIndex(state, pods);
	return index < 0 ? undefined : pods[index];
}

/** The container under the cursor: the selected row with the container list focused, else the pod's default. */
export function selectedContainer(state: AppState): ContainerRef | undefined {
	const pod = selectedPod(state);
	if (!pod) return undefined;
	const rows = containerRows(pod);
	const row = state.focus === 'containers' ? rows[Math.min(state.containerIndex, rows.length - 1)] : (rows.find(r => r.isDefault) ?? rows[0]);
	return row ? {namespace: pod.metadata.namespace ?? '', pod: pod.metadata.name, container: row.name} : undefined;
}

export function pickerMatches(picker: Picker): string[] {
	const needle = picker.query.toLowerCase();
	return needle ? picker.items.filter(item => item.toLowerCase().includes(needle)) : picker.items;
}

const clamp = (value: number, low: number, high: number) => Math.max(low, Math.min(high, value));

function moveSelection(state: AppState, target: (index: number, count: number) => number): AppState {
	if (state.focus === 'containers') {
		const pod = selectedPod(state);
		const count = pod ? containerRows(pod).length : 0;
		if (count === 0) return state;
		const containerIndex = clamp(target(state.containerIndex, count), 0, count - 1);
		return containerIndex === state.containerIndex ? state : {...state, containerIndex};
	}
	if (state.grouped) {
		const rows = listRows(state);
		if (rows.length === 0) return state;
		const key = rows[clamp(target(selectedRowIndex(state, rows), rows.length), 0, rows.length - 1)]!.key;
		return key === state.selectedKey ? state : {...state, selectedKey: key, containerIndex: 0};
	}
	const pods = visiblePods(state);
	if (pods.length === 0) return state;
	const index = clamp(target(selectedIndex(state, pods), pods.length), 0, pods.length - 1);
	const key = podKey(pods[index]!);
	return key === state.selectedKey ? state : {...state, selectedKey: key, containerIndex: 0};
}

/**
 * The grouped list's selection after the rows changed: the same row if it is still there, its
 * workload's row if that folded it away, else the row now where it was.
 */
function keepRow(previous: AppState, next: AppState): AppState {
	const rows = listRows(next);
	const key = next.selectedKey;
	if (key && rows.some(row => row.key === key)) return next;
	const pod = key && !isGroupKey(key) ? previous.pods.find(item => podKey(item) === key) : undefined;
	const group = pod ? groupKeyOf(pod) : undefined;
	if (group && next.collapsed.includes(group) && rows.some(row => row.key === group)) return {...next, selectedKey: group};
	const before = listRows(previous);
	const fallback = rows[clamp(selectedRowIndex(previous, before), 0, rows.length - 1)];
	return {...next, selectedKey: fallback?.key};
}

function toggleGrouping(state: AppState): AppState {
	const grouped = !state.grouped;
	const next: AppState = {...state, grouped, focus: 'pods', containerIndex: 0};
	if (grouped) return keepRow(state, next);
	// Back to the flat list: from a workload's row to its first pod.
	const group = selectedGroup(state);
	return group ? {...next, selectedKey: podKey(group.pods[0]!)} : next;
}

function fold(state: AppState, key: string): AppState {
	const collapsed = state.collapsed.includes(key) ? state.collapsed.filter(item => item !== key) : [...state.collapsed, key];
	return keepRow(state, {...state, collapsed});
}

export function reduce(state: AppState, action: Action): AppState {
	switch (action.type) {
		case 'group-toggle':
			return toggleGrouping(state);
		case 'group-fold':
			return state.grouped ? fold(state, action.key) : state;
		case 'forwards':
			return {...state, forwards: action.forwards};
		case 'pods': {
			if (state.grouped) return keepRow(state, {...state, pods: action.pods, listed: true});
			let {selectedKey} = state;
			const previous = visiblePods(state);
			const next = {...state, pods: action.pods, listed: true};
			const visible = visiblePods(next);
			if (selectedKey && indexOfPod(visible, selectedKey) < 0) {
				// The selected pod went away: stay at the same row rather than jumping to the top.
				const oldIndex = indexOfPod(previous, selectedKey);
				const fallback = visible[clamp(oldIndex, 0, visible.length - 1)];
				selectedKey = fallback ? podKey(fallback) : undefined;
			}
			if (!selectedKey && visible[0]) selectedKey = podKey(visible[0]);
			return {...next, selectedKey};
		}
		case 'connection':
			return {...state, connection: action.connection};
		case 'session':
			return {...initialState(action.session), message: state.message, marked: state.marked, grouped: state.grouped};
		case 'move':
			return moveSelection(state, index => index + action.delta);
		case 'move-to':
			return moveSelection(state, (_, count) => (action.where === 'top' ? 0 : count - 1));
		case 'focus': {
			if (action.focus === 'containers' && !selectedPod(state)) return state;
			return {...state, focus: action.focus};
		}
		case 'filter-start':
			// A new / starts a new filter, as in k9s and less.
			return {...state, filtering: true, focus: 'pods', filter: ''};
		case 'filter-input': {
			const next = {...state, filter: action.text};
			if (state.grouped) {
				const rows = listRows(next);
				return rows.some(row => row.key === state.selectedKey) ? next : {...next, selectedKey: rows[0]?.key ?? state.selectedKey};
			}
			const first = visiblePods(next)[0];
			const keep = state.selectedKey !== undefined && indexOfPod(visiblePods(next), state.selectedKey) >= 0;
			return {...next, selectedKey: keep ? state.selectedKey : first ? podKey(first) : state.selectedKey};
		}
		case 'filter-end':
			return {...state, filtering: false, filter: action.keep ? state.filter : ''};
		case 'help':
			return {...state, overlay: action.open ? 'help' : 'none'};
		case 'picker-open':
			return {...state, picker: openPicker(state.session, action)};
		case 'picker-items':
			return state.picker ? {...state, picker: pickerItems(state.session, state.picker, action)} : state;
		case 'picker-input':
			if (!state.picker) return state;
			return {...state, picker: {...state.picker, query: action.text, index: 0}};
		case 'picker-move': {
			if (!state.picker) return state;
			const count = pickerMatches(state.picker).length;
			return {...state, picker: {...state.picker, index: clamp(state.picker.index + action.delta, 0, Math.max(0, count - 1))}};
		}
		case 'picker-close':
			return {...state, picker: undefined};
		case 'message':
			return {...state, message: {text: action.text, level: action.level ?? 'info', at: action.at}};
		case 'message-clear':
			return state.message && state.message.at <= action.before ? {...state, message: undefined} : state;
		case 'screen-open':
			return {...state, screens: [...state.screens, action.entry], filtering: false};
		case 'screen-close':
			return state.screens.length === 0 ? state : {...state, screens: state.screens.slice(0, -1)};
		case 'mark-toggle': {
			const key = refKey(action.ref);
			const marked = state.marked.includes(key) ? state.marked.filter(item => item !== key) : [...state.marked, key];
			return {...state, marked};
		}
		case 'mark-clear':
			return state.marked.length === 0 ? state : {...state, marked: []};
		case 'offer':
			return {...state, offer: action.offer};
		case 'details':
			return {...state, details: action.details};
		case 'pod-marks':
			return {...state, podMarks: action.marks};
	}
}
