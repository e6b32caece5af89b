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
	/** Per container: every waiting or terminated reason seen (`Terminated:Error(1)`), sorted. */
	states: Record<string, string[]>;
	/** `Type/Reason` of every event of the pod, sorted. */
	events: string[];
	/** The pod object's uid: events of an earlier pod of the same name are not this one's. */
	uid?: string;
};

export const emptyObservation = (): Observation => ({statuses: [], ready: '', restarted: false, conditions: {}, states: {}, events: []});

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
	const next = {...seen, statuses: [...seen.statuses], states: {...seen.states}};
	if (row) {
		if (!transient.has(row.status) && !next.statuses.includes(row.status)) next.statuses.push(row.status);
		next.ready = row.ready;
		next.restarted ||= row.restarts !== '0';
	}
	if (pod) {
		next.uid = pod.metadata.uid;
		next.conditions = Object.fromEntries((pod.status?.conditions ?? []).map(condition => [condition.type, condition.status]));
		for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
			next.states[status.name] = [...new Set([...(next.states[status.name] ?? []), ...stateReasons(status)])].sort();
		}
	}
	return next;
}

export function withEvents(seen: Observation, events: KubeEvent[]): Observation {
	const own = events.filter(event => !seen.uid || !event.involvedObject.uid || event.involvedObject.uid === seen.uid);
	return {...seen, events: [...new Set(own.map(event => `${event.type}/${event.reason}`))].sort()};
}

export type Difference = {pod: string; field: string; sim: string; real: string};

/** Field-by-field differences of one pod, each side printed as a user would read it. */
export function compare(pod: string, sim: Observation, real: Observation): Difference[] {
	const fields: Array<[string, unknown, unknown]> = [
		['STATUS seen', sim.statuses, real.statuses],
		['READY at the end', sim.ready, real.ready],
		['restarted', sim.restarted, real.restarted],
		['conditions at the end', sim.conditions, real.conditions],
		['event reasons', sim.events, real.events],
	];
	for (const name of new Set([...Object.keys(sim.states), ...Object.keys(real.states)])) {
		fields.push([`${name}: states seen`, sim.states[name] ?? [], real.states[name] ?? []]);
	}
	const text = (value: unknown) => (Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value));
	return fields.filter(([, a, b]) => text(a) !== text(b)).map(([field, a, b]) => ({pod, field, sim: text(a) || '—', real: text(b) || '—'}));
}
