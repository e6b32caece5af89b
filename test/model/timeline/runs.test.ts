import {describe, expect, it} from 'vitest';
import {emptyHistory, observePod} from '../../../source/model/timeline/history.js';
import {renderTimeline, timelineText} from '../../../source/model/timeline/render.js';
import {backOffAfter, withInferredRuns} from '../../../source/model/timeline/runs.js';
import {timelineStory} from '../../../source/model/timeline/story.js';
import {computeTimeline} from '../../../source/model/timeline/timeline.js';
import {livenessRestarts} from '../../fixtures/real-node/probes.js';
import {multiInitEvents, multiInitPod, now, t0, trueStarts} from './crash-loop-pod.js';

// Every run of a container: the API keeps the last two, restartCount and the Started event say
// how many there were and since when, the kubelet's back-off says roughly when.

const downloadConfig = () => computeTimeline(multiInitPod, multiInitEvents, now).rows[0]!;
const seconds = (ms: number) => (ms - t0) / 1000;

describe('the runs of a crash-looping container', () => {
	it('has the kubelet back-off: at once, then 10 s doubling to 5 minutes', () => {
		expect([1, 2, 3, 4, 5, 6, 7, 8].map(exit => backOffAfter(exit) / 1000)).toEqual([0, 10, 20, 40, 80, 160, 300, 300]);
		// A run longer than twice the cap starts the doubling over.
		expect(backOffAfter(5, 11 * 60_000)).toBe(0);
	});

	it('shows 8 runs after 7 restarts, the 7 the API forgot inferred, with gaps growing', () => {
		const row = downloadConfig();
		expect(row.runs).toBe(8);
		expect(row.instances).toHaveLength(8);
		expect(row.instances.map(instance => instance.inferred ?? false)).toEqual([true, true, true, true, true, true, true, false]);
		// The first run starts when the Started event says; the last is the API's lastState.
		expect(seconds(row.instances[0]!.start)).toBe(1);
		expect(row.instances[7]).toMatchObject({exitCode: 6, reason: 'Error'});
		const gaps = row.instances.slice(1).map((instance, index) => instance.start - row.instances[index]!.end!);
		for (let index = 2; index < gaps.length; index++) expect(gaps[index]!).toBeGreaterThan(gaps[index - 1]!);
		expect(gaps[0]!).toBeLessThanOrEqual(gaps[1]!);
		// Placed by the schedule, each inferred run lands within a few seconds of when it really ran.
		const off = row.instances.map((instance, index) => Math.abs(seconds(instance.start) - trueStarts[index]!));
		expect(Math.max(...off)).toBeLessThanOrEqual(5);
		expect(row.instances[6]!.exitCode).toBe(6);
	});

	it('draws a restart mark per run with back-off between them, at 80 and 200 columns', () => {
		const timeline = computeTimeline(multiInitPod, multiInitEvents, now);
		const count = (width: number) => renderTimeline(timeline, width).rows[0]!.cells.filter(cell => cell === 'restart').length;
		// At 80 columns a cell is ~20 s: the first three runs share one; at 200 every restart has its own.
		expect(count(80)).toBeGreaterThanOrEqual(5);
		expect(count(200)).toBe(7);
		const cells = renderTimeline(timeline, 200).rows[0]!.cells;
		expect(cells.filter(cell => cell === 'down').length).toBeGreaterThan(cells.length / 2);
		expect(cells.at(-1)).toBe('down');
	});

	it('says it in the detail line and the story, inferred runs as such', () => {
		const text = timelineText(computeTimeline(multiInitPod, multiInitEvents, now), 200, now).join('\n');
		expect(text).toContain('download-config: CrashLoopBackOff · 8 runs (7 inferred) · last exit 6 (Error) 3m20s ago · back-off 5m0s');
		expect(text).toContain('download-config restarted 7 times; last exit 6 (Error) at +10m, now CrashLoopBackOff; the first 7 of its 8 runs are inferred');
		expect(text).toMatch(/times approximate/);
		const story = timelineStory(computeTimeline(multiInitPod, multiInitEvents, now), now);
		expect(story[0]).toBe('application has waited 13m so far for init container download-config (Init:CrashLoopBackOff, 7 restarts)');
	});

	it('keeps the runs the watch saw, inferring only the ones before them', () => {
		// The TUI was open for the last two runs: those come from the history, exact.
		const seen = structuredClone(multiInitPod);
		const status = seen.status!.initContainerStatuses![0]!;
		status.restartCount = 6;
		status.lastState = {
			terminated: {exitCode: 6, reason: 'Error', startedAt: new Date(t0 + 323_000).toISOString(), finishedAt: new Date(t0 + 324_000).toISOString()},
		};
		const history = observePod(emptyHistory(), seen, t0 + 400_000);
		const row = computeTimeline(multiInitPod, multiInitEvents, now, history).rows[0]!;
		expect(row.instances.map(instance => instance.inferred ?? false)).toEqual([true, true, true, true, true, true, false, false]);
		expect(seconds(row.instances[6]!.start)).toBe(323);
	});

	it('places runs back from the earliest known one when the Started event has expired', () => {
		const known = [{start: t0 + 100_000, end: t0 + 101_000, exitCode: 1}];
		const runs = withInferredRuns(known, 3, undefined, t0);
		expect(runs.map(run => seconds(run.start))).toEqual([88, 89, 100]);
		// Never before the pod was scheduled: squeezed in when the schedule says earlier.
		expect(seconds(withInferredRuns(known, 3, undefined, t0 + 95_000)[0]!.start)).toBe(95);
	});

	it('infers the runs of the real node liveness-restarts pod', () => {
		const {pod, events} = livenessRestarts;
		const row = computeTimeline(pod, events, livenessRestarts.now!).rows[0]!;
		// restartCount 5, Started count 6: six runs; the API kept one.
		expect(row.runs).toBe(6);
		expect(row.instances.filter(instance => instance.inferred)).toHaveLength(5);
		expect(row.probeFailures).toBe(12);
		expect(row.probeKills).toBe(6);
	});
});
