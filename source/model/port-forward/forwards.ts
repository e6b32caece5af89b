import {containerRows} from '../containers.js';
import type {Pod} from '../k8s.js';
import {ownerText} from '../owner.js';
import {activeLess} from './pod-order.js';

// The TUI's port-forwards as plain data (the session owns the listeners): what the header
// counts, what the forwards screen lists, and the pure choices behind them (which ports a
// pod offers, which pod replaces one that went away).

/** active: forwarding to its pod; waiting: its pod is gone and no pod of its workload runs yet. */
export type ForwardState = 'active' | 'waiting';

export type ForwardRow = {
	id: number;
	namespace: string;
	/** The pod forwarded to now (a replacement's name once the first one was replaced). */
	pod: string;
	container?: string;
	/** The pod's workload (`deploy/web`), whose next pod takes over; `-` for a bare pod. */
	owner: string;
	local: number;
	remote: number;
	state: ForwardState;
	/** Connections carried so far. */
	connections: number;
	/** What last went wrong, or what the forward waits for. */
	detail?: string;
};

/** One port a pod declares, as the port picker lists it. */
export type PortChoice = {port: number; container: string; name?: string; protocol: string};

/** The TCP ports the pod's containers declare (UDP cannot be forwarded), the given container's first. */
export function portChoices(pod: Pod, container?: string): PortChoice[] {
	const rows = containerRows(pod);
	const specs = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
	const choices: PortChoice[] = [];
	for (const row of rows) {
		const spec = specs.find(item => item.name === row.name);
		for (const port of spec?.ports ?? []) {
			const protocol = port.protocol ?? 'TCP';
			if (protocol !== 'TCP') continue;
			choices.push({port: port.containerPort, container: row.name, name: port.name, protocol});
		}
	}
	return container ? [...choices.filter(item => item.container === container), ...choices.filter(item => item.container !== container)] : choices;
}

/** The picker's line for a port: `80 http (web-app)`; the number leads, so it is read back from the line. */
export const portChoiceText = (choice: PortChoice) => `${choice.port}${choice.name ? ` ${choice.name}` : ''} (${choice.container})`;

/** The port number a picker line starts with. */
export const portOfChoice = (text: string): number | undefined => {
	const match = /^(\d+)\b/.exec(text.trim());
	return match ? Number(match[1]) : undefined;
};

const usable = (pod: Pod) => pod.status?.phase === 'Running' && !pod.metadata.deletionTimestamp;

/**
 * The pod a forward should go to now: its own pod while it runs; otherwise the best running pod
 * of the same workload (kubectl's attach order), or undefined to wait for one.
 */
export function forwardTarget(row: Pick<ForwardRow, 'pod' | 'owner'>, pods: Iterable<Pod>): Pod | undefined {
	const list = [...pods];
	const current = list.find(pod => pod.metadata.name === row.pod);
	if (current && usable(current)) return current;
	if (row.owner === '-') return undefined;
	let best: Pod | undefined;
	for (const pod of list) {
		if (!usable(pod) || ownerText(pod) !== row.owner) continue;
		if (!best || activeLess(best, pod)) best = pod;
	}
	return best;
}
