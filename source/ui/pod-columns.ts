import {humanDuration} from '../model/duration.js';
import {type Pod, toTime} from '../model/k8s.js';
import {ownerText} from '../model/owner.js';
import {podReady, podRestarts, podStatusReason} from '../model/pod-status.js';
import {visibleWidth} from '../model/sanitize.js';
import {safe} from '../model/text.js';
import {type ColumnSpec, contentWidth} from './columns.js';

// The pod table's columns, each as wide as its widest cell over every pod (not only the rows
// on screen, so scrolling does not move them). Texts are measured once per pods array: 5,000
// pods are measured when the list changes, not on every key. Ages and "N (5m ago)" change with
// the clock, so the times are kept and their texts measured once a second.

type Content = {
	namespace: number;
	name: number;
	ready: number;
	status: number;
	node: number;
	owner: number;
	/** Restart counts with the time of the last restart, and the distinct creation times. */
	restarts: Array<{count: number; last?: number}>;
	created: Set<number | undefined>;
	/** Widths of the time-dependent texts at `second`. */
	timed?: {second: number; restarts: number; age: number};
};

const measured = new WeakMap<readonly Pod[], Content>();

type Cells = {namespace: number; name: number; ready: number; status: number; node: number; owner: number; restarts: number; last?: number; created?: number};

// A watch event replaces the pod object it changes, so a pod's cells are measured once: a new
// pods array costs a lookup for each pod it shares with the last.
const cellsOf = new WeakMap<Pod, Cells>();

function cells(pod: Pod): Cells {
	let known = cellsOf.get(pod);
	if (!known) {
		const {count, lastRestart} = podRestarts(pod, 0);
		const created = toTime(pod.metadata.creationTimestamp);
		known = {
			namespace: visibleWidth(safe(pod.metadata.namespace)),
			name: visibleWidth(safe(pod.metadata.name)),
			ready: podReady(pod).length,
			status: visibleWidth(safe(podStatusReason(pod))),
			node: visibleWidth(safe(pod.spec.nodeName)),
			owner: visibleWidth(safe(ownerText(pod))),
			restarts: count,
			...(created === undefined ? {} : {created}),
			...(count > 0 && lastRestart !== undefined ? {last: lastRestart} : {}),
		};
		cellsOf.set(pod, known);
	}
	return known;
}

function measure(pods: readonly Pod[]): Content {
	let content = measured.get(pods);
	if (content) return content;
	content = {namespace: 0, name: 0, ready: 0, status: 0, node: 0, owner: 0, restarts: [], created: new Set()};
	let plain = 0;
	for (const pod of pods) {
		const widths = cells(pod);
		if (widths.last !== undefined) content.restarts.push({count: widths.restarts, last: widths.last});
		else plain = Math.max(plain, widths.restarts);
		content.created.add(widths.created);
		content.namespace = Math.max(content.namespace, widths.namespace);
		content.name = Math.max(content.name, widths.name);
		content.ready = Math.max(content.ready, widths.ready);
		content.status = Math.max(content.status, widths.status);
		content.node = Math.max(content.node, widths.node);
		content.owner = Math.max(content.owner, widths.owner);
	}
	content.restarts.push({count: plain});
	measured.set(pods, content);
	return content;
}

function timed(content: Content, now: number): {restarts: number; age: number} {
	const second = Math.floor(now / 1000);
	if (content.timed?.second !== second) {
		let restarts = 0;
		for (const {count, last} of content.restarts)
			restarts = Math.max(restarts, (last === undefined ? String(count) : `${count} (${humanDuration(now - last)} ago)`).length);
		let age = 0;
		for (const created of content.created) age = Math.max(age, (created === undefined ? '<unknown>' : humanDuration(now - created)).length);
		content.timed = {second, restarts, age};
	}
	return content.timed;
}

/**
 * The pod table's columns before layout. `all`: with NAMESPACE (-A); `extra`: more cells the
 * table shows besides the pods' (workload rows, the indent of grouped pods).
 */
export function podColumns(pods: readonly Pod[], all: boolean, now: number, extra: {name?: number; status?: number} = {}): ColumnSpec[] {
	const content = measure(pods);
	const times = timed(content, now);
	return [
		...(all ? [{title: 'NAMESPACE', width: contentWidth('NAMESPACE', [content.namespace], 24)}] : []),
		{title: 'NAME', width: contentWidth('NAME', [content.name, extra.name ?? 0]), min: 16, flex: true},
		// READY and STATUS are what the list is read for: cut only when nothing else can give
		// (RESTARTS down to its count, then NAME below its minimum). STATUS keeps 16 at least:
		// CrashLoopBackOff and ImagePullBackOff whole; longer ones give in a narrow panel.
		{title: 'READY', width: contentWidth('READY', [content.ready]), min: contentWidth('READY', [content.ready])},
		{
			title: 'STATUS',
			width: contentWidth('STATUS', [content.status, extra.status ?? 0], 32),
			min: contentWidth('STATUS', [content.status, extra.status ?? 0], 16),
		},
		// Cut, it shows the count alone (PodList), as k9s does.
		{title: 'RESTARTS', width: contentWidth('RESTARTS', [times.restarts])},
		{title: 'AGE', width: contentWidth('AGE', [times.age], 9)},
		{title: 'NODE', width: contentWidth('NODE', [content.node], 24), optional: true},
		// Last, so the first to go when the list is narrow.
		{title: 'OWNER', width: contentWidth('OWNER', [content.owner], 24), optional: true},
	];
}
