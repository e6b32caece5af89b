import type {ContainerStatus, KubeEvent, Pod} from '../../source/model/k8s.js';

// What the differential test compares between the real node and the sim, per pod: the fields a
// user reads in `kubectl get`, `describe` and `get events`, gathered from every change over the
// whole run. STATUS and waiting reasons are weighed by how long they lasted: whether a state
// that lasts a moment (CrashLoopBackOff at the end of a short back-off) reaches the API at all
// depends on how busy the kubelet's status manager is, so only a state that held for a share
// of the run counts as seen. (How long each lasted is not compared: a container's start takes
// seconds longer on a busy machine, and shares moved by 40 points between runs.)

/**
 * A state counts as seen when it held this share of the pod's observed time. CrashLoopBackOff
 * needs more: the kubelet shows it from the first sync inside a back-off, which for back-offs
 * under the 60 s resync is normally the one that ends it (a moment), but any sync another
 * event brings shows it earlier; in the first minute its share varied from 0 to over 5%
 * between runs of the real node. The sim's old defect, CrashLoopBackOff for whole back-offs,
 * held 70%.
 */
export const seenShare = (state: string) => (state.includes('CrashLoopBackOff') ? 0.25 : 0.05);

export type Observation = {
	/** Milliseconds each STATUS `kubectl get pods` showed lasted (starting ones aside). */
	statusMs: Record<string, number>;
	/** Per container, milliseconds each waiting reason lasted. */
	waitingMs: Record<string, Record<string, number>>;
	/** The open intervals: what the last change showed, and since when. */
	open: {status?: [string, number]; waiting: Record<string, [string, number] | undefined>};
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
	/** Per container: every terminated reason seen (`Terminated:Error(1)`), sorted. */
	states: Record<string, string[]>;
	/** `Type/Reason` of every event of the pod, sorted. */
	events: string[];
	/** Per `Type/Reason`, every message seen with what differs between runs replaced (messagePattern). */
	messages: Record<string, string[]>;
	/** The pod object's uid: events of an earlier pod of the same name are not this one's. */
	uid?: string;
	/** The controller that owns the pod (`ReplicaSet/web-5d8f7c`) and when the pod was created: pairing.ts. */
	owner?: string;
	created?: string;
};

export const emptyObservation = (): Observation => ({
	statusMs: {},
	waitingMs: {},
	open: {waiting: {}},
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
// the test cannot tell a defect from timing in these, so they are not compared. Init:N/M is
// start-up progress too (the real node takes seconds longer to start each init container);
// a pod stuck initializing still differs in READY and its Initialized condition.
const transient = new Set(['Pending', 'ContainerCreating', 'PodInitializing']);
const startingUp = (status: string) => transient.has(status) || /^Init:\d+\/\d+$/.test(status);
const transientStates = new Set(['ContainerCreating', 'PodInitializing']);

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

/** Terminated reasons stay in the status (lastState), so seeing them does not depend on timing. */
function terminatedReasons(status: ContainerStatus): string[] {
	return [status.state, status.lastState].flatMap(state =>
		state?.terminated ? [`Terminated:${state.terminated.reason ?? ''}(${state.terminated.exitCode})`] : [],
	);
}

const addTime = (times: Record<string, number>, key: string, ms: number) => ({...times, [key]: (times[key] ?? 0) + ms});

/** Close what is open at `at`: the time of the last STATUS and waiting reasons is counted. */
export function settle(seen: Observation, at = Date.now()): Observation {
	let statusMs = seen.statusMs;
	if (seen.open.status) statusMs = addTime(statusMs, seen.open.status[0], at - seen.open.status[1]);
	const waitingMs = {...seen.waitingMs};
	const waiting: Observation['open']['waiting'] = {};
	for (const [container, open] of Object.entries(seen.open.waiting)) {
		if (open) waitingMs[container] = addTime(waitingMs[container] ?? {}, open[0], at - open[1]);
		if (open) waiting[container] = [open[0], at];
	}
	return {...seen, statusMs, waitingMs, open: {status: seen.open.status ? [seen.open.status[0], at] : undefined, waiting}};
}

/** One change of a pod (its table row or its object, at `at`) folded into what was seen so far. */
export function observe(seen: Observation, row: TableRow | undefined, pod: Pod | undefined, at = Date.now()): Observation {
	const next = {...settle(seen, at), states: {...seen.states}, conditionsInLoop: {...seen.conditionsInLoop}};
	const add = (list: string[], value: string) => (list.includes(value) ? list : [...list, value].sort());
	if (row) {
		next.open = {...next.open, status: startingUp(row.status) ? undefined : [row.status, at]};
		next.ready = row.ready;
		next.restarted ||= row.restarts !== '0';
		if (next.restarted) next.readyInLoop = add(next.readyInLoop, row.ready);
	}
	if (pod) {
		next.uid = pod.metadata.uid;
		const owner = pod.metadata.ownerReferences?.find(reference => reference.controller);
		if (owner) next.owner = `${owner.kind}/${owner.name}`;
		next.created ??= pod.metadata.creationTimestamp;
		next.conditions = Object.fromEntries((pod.status?.conditions ?? []).map(condition => [condition.type, condition.status]));
		if (next.restarted) {
			for (const [type, status] of Object.entries(next.conditions)) next.conditionsInLoop[type] = add(next.conditionsInLoop[type] ?? [], status);
		}
		const waiting = {...next.open.waiting};
		for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
			next.states[status.name] = [...new Set([...(next.states[status.name] ?? []), ...terminatedReasons(status)])].sort();
			const reason = status.state?.waiting?.reason;
			waiting[status.name] = reason && !transientStates.has(reason) ? [reason, at] : undefined;
		}
		next.open = {...next.open, waiting};
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

/** `podName`: the pod's own name, replaced in messages: a controller names its pods at random. */
export function withEvents(seen: Observation, events: KubeEvent[], nodeName?: string, podName?: string): Observation {
	const own = events.filter(event => !seen.uid || !event.involvedObject.uid || event.involvedObject.uid === seen.uid);
	const messages: Record<string, string[]> = {};
	for (const event of own) {
		const key = `${event.type}/${event.reason}`;
		const message = podName ? (event.message ?? '').split(podName).join('<pod>') : (event.message ?? '');
		const pattern = messagePattern(message, nodeName);
		if (!messages[key]?.includes(pattern)) messages[key] = [...(messages[key] ?? []), pattern].sort();
	}
	return {...seen, events: [...new Set(own.map(event => `${event.type}/${event.reason}`))].sort(), messages};
}

export type Difference = {pod: string; field: string; sim: string; real: string};

/** Each STATUS's share of the time the pod showed one. */
function shares(statusMs: Record<string, number>): Record<string, number> {
	const total = Object.values(statusMs).reduce((sum, ms) => sum + ms, 0);
	return Object.fromEntries(Object.entries(statusMs).map(([status, ms]) => [status, total > 0 ? ms / total : 0]));
}

const seenIn = (share: Record<string, number>) =>
	Object.entries(share)
		.filter(([status, part]) => part >= seenShare(status))
		.map(([status]) => status)
		.sort();

/**
 * Field-by-field differences of one pod, each side printed as a user would read it. STATUS is
 * compared as the set seen: which of two states a 1 s sample meets first (a container that
 * fails within a second of starting: Error or Running) is timing, not behaviour.
 */
export function compare(pod: string, sim: Observation, real: Observation): Difference[] {
	const looping = sim.restarted && real.restarted;
	const simShares = shares(sim.statusMs);
	const realShares = shares(real.statusMs);
	const fields: Array<[string, unknown, unknown]> = [
		['STATUS seen', seenIn(simShares), seenIn(realShares)],
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
	for (const name of new Set([...Object.keys(sim.states), ...Object.keys(real.states), ...Object.keys(sim.waitingMs), ...Object.keys(real.waitingMs)])) {
		const states = (seen: Observation) => {
			const total = Object.values(seen.statusMs).reduce((sum, ms) => sum + ms, 0);
			const waiting = Object.entries(seen.waitingMs[name] ?? {}).filter(([reason, ms]) => total > 0 && ms / total >= seenShare(reason));
			return [...(seen.states[name] ?? []), ...waiting.map(([reason]) => `Waiting:${reason}`)].sort();
		};
		fields.push([`${name}: states seen`, states(sim), states(real)]);
	}
	const text = (value: unknown) => (Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value));
	return fields.filter(([, a, b]) => text(a) !== text(b)).map(([field, a, b]) => ({pod, field, sim: text(a) || '—', real: text(b) || '—'}));
}
