import {podKey} from './container-ref.js';
import type {Pod} from './k8s.js';
import {podOwner} from './owner.js';
import {podReadyCounts, podStatusReason} from './pod-status.js';

// The pod list grouped under workloads (o): a row per workload (`deploy/web ▸ 3 pods`, the
// worst status among its pods, how many are ready as `kubectl get deploy` counts them), its
// pods under it unless collapsed; a bare pod is a row of its own. Entries sort by namespace,
// then by the workload's or the bare pod's name, so the grouped list reads like the flat one.

export type GroupRow = {kind: 'group'; key: string; namespace: string; owner: string; pods: Pod[]; collapsed: boolean};
export type PodRow = {kind: 'pod'; key: string; pod: Pod /** Under a workload's row (indented). */; inGroup: boolean};
export type ListRow = GroupRow | PodRow;

/** A workload row's key: never a pod key (those have one slash and no colon). */
export const groupKey = (namespace: string, owner: string) => `group:${namespace}/${owner}`;

export const isGroupKey = (key: string | undefined) => key?.startsWith('group:') ?? false;

/** The group key of a pod's workload, or undefined for a bare pod. */
export function groupKeyOf(pod: Pod): string | undefined {
	const owner = podOwner(pod);
	return owner ? groupKey(pod.metadata.namespace ?? '', owner.text) : undefined;
}

let last: {pods: readonly Pod[]; collapsed: readonly string[]; rows: ListRow[]} | undefined;

/** The rows of the grouped list; made once per pods array and collapsed set. */
export function groupRows(pods: readonly Pod[], collapsed: readonly string[]): ListRow[] {
	if (last?.pods === pods && last.collapsed === collapsed) return last.rows;
	type Entry = {sort: string; group?: GroupRow; pod?: Pod};
	const entries: Entry[] = [];
	const groups = new Map<string, GroupRow>();
	for (const pod of pods) {
		const owner = podOwner(pod);
		const namespace = pod.metadata.namespace ?? '';
		if (!owner) {
			entries.push({sort: `${namespace}\u0000${pod.metadata.name}`, pod});
			continue;
		}
		const key = groupKey(namespace, owner.text);
		let group = groups.get(key);
		if (!group) {
			group = {kind: 'group', key, namespace, owner: owner.text, pods: [], collapsed: collapsed.includes(key)};
			groups.set(key, group);
			entries.push({sort: `${namespace}\u0000${owner.name}\u0000${owner.text}`, group});
		}
		group.pods.push(pod);
	}
	entries.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
	const rows: ListRow[] = [];
	for (const entry of entries) {
		if (entry.pod) {
			rows.push({kind: 'pod', key: podKey(entry.pod), pod: entry.pod, inGroup: false});
			continue;
		}
		const group = entry.group!;
		rows.push(group);
		if (!group.collapsed) for (const pod of group.pods) rows.push({kind: 'pod', key: podKey(pod), pod, inGroup: true});
	}
	last = {pods, collapsed, rows};
	return rows;
}

/**
 * How bad a status is, as the list colours it: 2 failing, 1 on its way (pending, creating,
 * init, terminating), 0 fine. A Running pod with containers not ready ranks just above fine.
 */
export function statusRank(pod: Pod): number {
	const status = podStatusReason(pod);
	if (!/^(Running|Completed|Succeeded)$/.test(status)) {
		return /Init:\d+\/\d+|Pending|PodInitializing|ContainerCreating|Terminating|NotReady|SchedulingGated/.test(status) ? 1 : 2;
	}
	const {ready, total} = podReadyCounts(pod);
	return status === 'Running' && ready < total ? 0.5 : 0;
}

/** A workload row's cells: ready pods of all (as `kubectl get deploy`), the worst pod's status. */
export function groupSummary(group: GroupRow): {ready: string; status: string} {
	let worst = group.pods[0]!;
	let worstRank = -1;
	let ready = 0;
	for (const pod of group.pods) {
		const {ready: up, total} = podReadyCounts(pod);
		if (total > 0 && up === total) ready++;
		const rank = statusRank(pod);
		if (rank > worstRank) {
			worst = pod;
			worstRank = rank;
		}
	}
	return {ready: `${ready}/${group.pods.length}`, status: podStatusReason(worst)};
}

/** The NAME cell of a workload row: ▸ collapsed, ▾ open. */
export const groupTitle = (group: GroupRow) => `${group.owner} ${group.collapsed ? '▸' : '▾'} ${group.pods.length} pod${group.pods.length === 1 ? '' : 's'}`;
