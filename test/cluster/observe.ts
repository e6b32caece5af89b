import type {ContainerStatus, KubeEvent, Pod} from '../../source/model/k8s.js';

// What the differential test compares between the real node and the sim, per pod: the fields a
// user reads in `kubectl get`, `describe` and `get events`, gathered over the whole run, so a
// state seen only for a moment on one side still counts.

export type Observation = {
	/** Every STATUS `kubectl get pods` showed, in the order first seen. */
	statuses: string[];
	ready: string;
	restarted: boolean;
	conditions: Record<string, string>;
	/**
	 * READY and condition values seen once the pod has restarted: a crash loop is at another
	 * point of its cycle when a run ends, so for a pod that restarts the range it moves through
	 * is compared, not where it stopped.
	 */
	readyInLoop: string[];
	conditionsInLoop: Record<string, string[]>;
	/** Per container: every waiting or terminated reason seen (`Terminated:Error(1)`), sorted. */
	states: Record<string, string[]>;
	/** `Type/Reason` of every event of the pod, sorted. */
	events: string[];
	/** Per `Type/Reason`, every message seen with what differs between runs replaced (messagePattern). */
	messages: Record<string, string[]>;
	/** The pod object's uid: events of an earlier pod of the same name are not this one's. */
	uid?: string;
};

export const emptyObservation = (): Observation => ({
	statuses: [],
	ready: '',
	restarted: false,
	conditions: {},
	readyInLoop: [],
	conditionsInLoop: {},
	states: {},
	events: [],
	messages: {},
});

// Seen for a moment or not at all depending on how fast a machine pulls, unpacks and starts:
// the test cannot tell a defect from timing in these, so they are not compared.
const transient = new Set(['Pending', 'ContainerCreating', 'PodInitializing']);
const transientStates = new Set(['Waiting:ContainerCreating', 'Waiting:PodInitializing']);

export type TableRow = {name: string; ready: string; status: string; restarts: string};

/** Rows of `kubectl get pods --no-headers` (NAME READY STATUS RESTARTS AGE; RESTARTS may be "2 (5s ago)"). */
export function parseTable(text: string): TableRow[] {
	return text
		.split('\n')
		.filter(line => line.trim())
		.map(line => {
			const [name = '', ready = '', status = '', ...rest] = line.trim().split(/\s+/);
			return {name, ready, status, restarts: rest[0] ?? ''};
		});
}

function stateReasons(status: ContainerStatus): string[] {
	const reasons: string[] = [];
	for (const state of [status.state, status.lastState]) {
		if (state?.waiting?.reason && !transientStates.has(`Waiting:${state.waiting.reason}`)) reasons.push(`Waiting:${state.waiting.reason}`);
		if (state?.terminated) reasons.push(`Terminated:${state.terminated.reason ?? ''}(${state.terminated.exitCode})`);
	}
	return reasons;
}

/** One sample of a pod (its table row and object) folded into what was seen so far. */
export function observe(seen: Observation, row: TableRow | undefined, pod: Pod | undefined): Observation {
	const next = {...seen, statuses: [...seen.statuses], states: {...seen.states}, conditionsInLoop: {...seen.conditionsInLoop}};
	const add = (list: string[], value: string) => (list.includes(value) ? list : [...list, value].sort());
	if (row) {
		if (!transient.has(row.status) && !next.statuses.includes(row.status)) next.statuses.push(row.status);
		next.ready = row.ready;
		next.restarted ||= row.restarts !== '0';
		if (next.restarted) next.readyInLoop = add(next.readyInLoop, row.ready);
	}
	if (pod) {
		next.uid = pod.metadata.uid;
		next.conditions = Object.fromEntries((pod.status?.conditions ?? []).map(condition => [condition.type, condition.status]));
		if (next.restarted) {
			for (const [type, status] of Object.entries(next.conditions)) next.conditionsInLoop[type] = add(next.conditionsInLoop[type] ?? [], status);
		}
		for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
			next.states[status.name] = [...new Set([...(next.states[status.name] ?? []), ...stateReasons(status)])].sort();
		}
	}
	return next;
}

/**
 * An event message with what is not behaviour replaced: the node's name, uids, container and
 * image ids, addresses, numbers (durations, sizes, counts). What is left is the kubelet's or
 * the scheduler's wording, which the sim must use.
 */
export function messagePattern(message: string, nodeName?: string): string {
	let text = message;
	if (nodeName) text = text.split(nodeName).join('<node>');
	return text
		.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
		.replace(/\b[0-9a-f]{64}\b/g, '<id>')
		.replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<ip>')
		.replace(/\d+(\.\d+)?(ms|s|m|h)?/g, '<n>');
}

export function withEvents(seen: Observation, events: KubeEvent[], nodeName?: string): Observation {
	const own = events.filter(event => !seen.uid || !event.involvedObject.uid || event.involvedObject.uid === seen.uid);
	const messages: Record<string, string[]> = {};
	for (const event of own) {
		const key = `${event.type}/${event.reason}`;
		const pattern = messagePattern(event.message ?? '', nodeName);
		if (!messages[key]?.includes(pattern)) messages[key] = [...(messages[key] ?? []), pattern].sort();
	}
	return {...seen, events: [...new Set(own.map(event => `${event.type}/${event.reason}`))].sort(), messages};
}

export type Difference = {pod: string; field: string; sim: string; real: string};

/**
 * Field-by-field differences of one pod, each side printed as a user would read it. STATUS is
 * compared as the set seen: which of two states a 1 s sample meets first (a container that
 * fails within a second of starting: Error or Running) is timing, not behaviour.
 */
export function compare(pod: string, sim: Observation, real: Observation): Difference[] {
	const looping = sim.restarted && real.restarted;
	const fields: Array<[string, unknown, unknown]> = [
		['STATUS seen', [...sim.statuses].sort(), [...real.statuses].sort()],
		looping ? ['READY seen while restarting', sim.readyInLoop, real.readyInLoop] : ['READY at the end', sim.ready, real.ready],
		['restarted', sim.restarted, real.restarted],
		looping ? ['conditions seen while restarting', sim.conditionsInLoop, real.conditionsInLoop] : ['conditions at the end', sim.conditions, real.conditions],
		['event reasons', sim.events, real.events],
	];
	// Wording is compared where both sides recorded the reason (a reason only one side has is
	// already a difference of "event reasons").
	for (const key of Object.keys(sim.messages).filter(key => key in real.messages)) {
		fields.push([`${key} messages`, sim.messages[key], real.messages[key]]);
	}
	for (const name of new Set([...Object.keys(sim.states), ...Object.keys(real.states)])) {
		fields.push([`${name}: states seen`, sim.states[name] ?? [], real.states[name] ?? []]);
	}
	const text = (value: unknown) => (Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value));
	return fields.filter(([, a, b]) => text(a) !== text(b)).map(([field, a, b]) => ({pod, field, sim: text(a) || '—', real: text(b) || '—'}));
}
