import type {ContainerStatus} from '../k8s.js';
import type {Instance} from './timeline.js';

// Every run of a container, including the ones the API forgot. The API keeps the current and
// the previous instance only, but restartCount says how many runs there were, and the
// container's Started event says when the first one began. The runs in between follow the
// kubelet's crash back-off, so they can be placed, approximately, and marked `inferred`.

/** kubelet.go initialCrashLoopBackOff: the back-off after the second exit. */
export const initialBackOffMs = 10_000;
/** kubelet/apis/config/v1beta1/defaults.go MaxContainerBackOff: the cap of the doubling. */
export const maxBackOffMs = 300_000;
/**
 * client-go flowcontrol.Backoff forgets a container whose exit comes more than twice the cap
 * after its last back-off: a run that long starts the doubling over.
 */
const resetAfterMs = 2 * maxBackOffMs;

/**
 * How long the kubelet waits after the `exit`-th exit (1-based) before the next start. The
 * first exit finds no back-off entry (kuberuntime_manager.go doBackOff: not in back-off, so
 * Next sets 10 s and the container starts at once); every later one waits the entry's
 * back-off, which doubled at each start: 10 s, 20 s, 40 s ... up to 5 minutes.
 */
export function backOffAfter(exit: number, runMs = 0): number {
	if (exit <= 1 || runMs > resetAfterMs) return 0;
	return Math.min(initialBackOffMs * 2 ** (exit - 2), maxBackOffMs);
}

/** How many times the container has run: restartCount restarts after a first run, once it ever ran. */
export function runCount(status: ContainerStatus | undefined, known: number): number {
	if (!status) return known;
	const ran = status.state?.running || status.state?.terminated || status.lastState?.terminated || status.restartCount > 0;
	return Math.max(known, ran ? status.restartCount + 1 : 0);
}

function typicalRun(known: Instance[]): number | undefined {
	const lengths = known.flatMap(instance => (instance.end === undefined ? [] : [instance.end - instance.start])).sort((a, b) => a - b);
	return lengths.length === 0 ? undefined : lengths[Math.floor(lengths.length / 2)];
}

/**
 * The known runs (oldest first) preceded by the `total - known.length` runs nobody kept,
 * placed between the first start (the Started event's firstTimestamp; else as far back as
 * the back-off schedule says, not before `floor`) and the earliest known run. Each lasts as
 * long as a typical known run; the gaps follow the back-off schedule, stretched or shrunk
 * to the observed interval, since the kubelet's syncs and jitter make the real gaps longer.
 */
export function withInferredRuns(known: Instance[], total: number, firstStart: number | undefined, floor: number): Instance[] {
	const missing = total - known.length;
	const earliest = known[0];
	if (missing <= 0 || !earliest) return known;
	const run = typicalRun(known) ?? 1000;
	const gaps = Array.from({length: missing}, (_, index) => backOffAfter(index + 1, run));
	const nominalGaps = gaps.reduce((sum, gap) => sum + gap, 0);
	const nominal = missing * run + nominalGaps;
	const from = firstStart !== undefined && firstStart <= earliest.start ? firstStart : Math.max(floor, earliest.start - nominal);
	const room = Math.max(0, earliest.start - from);
	// Runs keep their length when there is room; the gaps take what is left, in the schedule's proportions.
	let length = run;
	let gapOf = (index: number) => (nominalGaps > 0 ? (gaps[index]! / nominalGaps) * (room - missing * run) : (room - missing * run) / missing);
	if (room < missing * run) {
		const scale = nominal > 0 ? room / nominal : 0;
		length = run * scale;
		gapOf = index => gaps[index]! * scale;
	}
	const template = known.find(instance => instance.end !== undefined);
	const inferred: Instance[] = [];
	let start = from;
	for (let index = 0; index < missing; index++) {
		const end = start + length;
		const instance: Instance = {start: Math.round(start), end: Math.round(end), inferred: true};
		if (template?.exitCode !== undefined) instance.exitCode = template.exitCode;
		if (template?.reason !== undefined) instance.reason = template.reason;
		inferred.push(instance);
		start = end + gapOf(index);
	}
	return [...inferred, ...known];
}
