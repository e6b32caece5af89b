import {patternHint} from '../containers.js';
import {humanDuration} from '../duration.js';
import type {Timeline, TimelineRow} from './timeline.js';

// The timeline in sentences: who waited for whom, and for how long. What users otherwise
// work out from describe's timestamps by hand.

/** "3.0 s" under ten seconds, "42 s" under two minutes, then kubectl's "3m12s". */
export function seconds(ms: number): string {
	const value = Math.max(0, ms) / 1000;
	if (value < 10) return `${value.toFixed(1)} s`;
	if (value < 120) return `${Math.round(value)} s`;
	return humanDuration(ms);
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
const names = (rows: TimelineRow[]) => rows.map(row => row.name).join(', ');
const completed = (row: TimelineRow) => row.instances.some(instance => instance.exitCode === 0 && instance.end !== undefined);

export function timelineStory(timeline: Timeline, now: number): string[] {
	const lines: string[] = [];
	const inits = timeline.rows.filter(row => row.role === 'init');
	const sidecars = timeline.rows.filter(row => row.role === 'sidecar');
	const mains = timeline.rows.filter(row => row.role === 'main');
	const verb = mains.length === 1 ? 'has' : 'have';

	// A sidecar blocks only until it has started (its startupProbe passed): once the container after it ran, it never blocks again.
	const ranAfter = (row: TimelineRow) =>
		timeline.rows.slice(timeline.rows.indexOf(row) + 1).some(other => other.role !== 'ephemeral' && other.firstStart !== undefined);
	const blocker = timeline.rows.find(row => (row.role === 'init' && !completed(row)) || (row.role === 'sidecar' && !row.status?.started && !ranAfter(row)));
	if (timeline.initializedAt === undefined && blocker) {
		const restarts = blocker.restarts > 0 ? `, ${plural(blocker.restarts, 'restart')}` : '';
		const kind = blocker.role === 'sidecar' ? 'sidecar' : 'init container';
		lines.push(`${names(mains)} ${verb} waited ${seconds(now - timeline.origin)} so far for ${kind} ${blocker.name} (${timeline.status}${restarts})`);
		if (blocker.role === 'sidecar' && blocker.spec.startupProbe)
			lines.push(`${blocker.name}'s startupProbe has not passed: the containers after a sidecar start only once its startupProbe passes`);
		const later = timeline.rows.filter(
			row => (row.role === 'init' || row.role === 'sidecar') && (row.index ?? 0) > (blocker.index ?? 0) && row.firstStart === undefined,
		);
		if (later.length > 0) lines.push(`${names(later)} ${later.length === 1 ? 'has' : 'have'} not run yet: init containers start one at a time, in order`);
	} else if (inits.length > 0) {
		for (const row of inits) {
			const last = row.instances.at(-1);
			if (row.firstStart !== undefined && last?.end !== undefined)
				lines.push(
					`init container ${row.name} ran ${seconds(last.end - last.start)} (exit ${last.exitCode ?? 0}${row.restarts ? `, after ${plural(row.restarts, 'restart')}` : ''})`,
				);
		}
		for (const main of mains) {
			if (main.firstStart !== undefined)
				lines.push(
					`${main.name} waited ${seconds(main.firstStart - timeline.origin)} for init ${inits.length === 1 ? 'container' : 'containers'} ${names(inits)}`,
				);
		}
	}

	for (const sidecar of sidecars) lines.push(...sidecarLines(timeline, sidecar, mains));
	lines.push(...helperLines(mains));

	for (const row of timeline.rows) {
		if (row.restarts === 0) continue;
		const last = row.instances.findLast(instance => instance.end !== undefined && !instance.inferred);
		const exit = last ? `; last exit ${last.exitCode ?? '?'}${last.reason ? ` (${last.reason})` : ''} at +${seconds(last.end! - timeline.origin)}` : '';
		const inferred = row.instances.filter(instance => instance.inferred).length;
		const placed = inferred > 0 ? `; the first ${inferred === 1 ? 'run is' : `${inferred} of its ${row.runs} runs are`} inferred (times approximate)` : '';
		lines.push(`${row.name} restarted ${plural(row.restarts, 'time')}${exit}${row.waiting ? `, now ${row.waiting}` : ''}${placed}`);
	}

	if (timeline.readyAt !== undefined) lines.push(`the pod became Ready ${seconds(timeline.readyAt - timeline.origin)} after it was scheduled`);
	else lines.push(`the pod is not Ready (${timeline.status})`);
	return lines;
}

// Native sidecars (init containers with restartPolicy: Always) start in order with the init
// containers but never run to completion: the next container starts once the sidecar has
// started, which with a startupProbe means once the probe passed, and a sidecar that crashes
// later restarts with back-off while the others keep running (KEP-753; kuberuntime_manager.go
// computeInitContainerActions).
function sidecarLines(timeline: Timeline, sidecar: TimelineRow, mains: TimelineRow[]): string[] {
	const lines: string[] = [];
	const sidecarStart = sidecar.instances[0]?.start ?? sidecar.firstStart;
	const after = timeline.rows[timeline.rows.indexOf(sidecar) + 1];
	if (sidecar.startupPassedAt !== undefined && sidecarStart !== undefined && after) {
		lines.push(`${after.name} started after ${sidecar.name}'s startupProbe passed (${seconds(sidecar.startupPassedAt - sidecarStart)})`);
	}
	for (const main of mains) {
		const ready = sidecar.readyAt;
		if (main.firstStart === undefined || !ready || main.firstStart >= ready.at) continue;
		const why = sidecar.spec.startupProbe ? '' : `: without a startupProbe, the containers after a sidecar start as soon as it runs`;
		lines.push(`${main.name} started ${ready.approx ? 'up to ' : ''}${seconds(ready.at - main.firstStart)} before its sidecar ${sidecar.name} was ready${why}`);
	}
	const running = mains.filter(main => main.instances.at(-1)?.end === undefined && main.firstStart !== undefined);
	if (sidecar.restarts > 0 && running.length > 0) {
		const now = sidecar.waiting ? `, now ${sidecar.waiting}` : '';
		lines.push(
			`sidecar ${sidecar.name} restarts with back-off (${plural(sidecar.restarts, 'restart')}${now}) while ${names(running)} ${running.length === 1 ? 'keeps' : 'keep'} running: a started sidecar never blocks the containers after it`,
		);
	}
	return lines;
}

// Regular containers all start at once: a proxy among them gives no guarantee to the app.
function helperLines(mains: TimelineRow[]): string[] {
	const isProxy = (row: TimelineRow) => patternHint(row.spec.image)?.startsWith('proxy') ?? false;
	const helpers = mains.filter(isProxy);
	const apps = mains.filter(row => !isProxy(row) && patternHint(row.spec.image) === undefined);
	const lines: string[] = [];
	for (const helper of helpers) {
		for (const app of apps) {
			if (app.firstStart === undefined || helper.firstStart === undefined) continue;
			const gap = Math.abs(app.firstStart - helper.firstStart);
			lines.push(`${app.name} and ${helper.name} started ${gap < 1000 ? 'together' : `${seconds(gap)} apart`}: regular containers have no startup order`);
			if (helper.readyAt && helper.readyAt.at > app.firstStart)
				lines.push(
					`${app.name} started ${helper.readyAt.approx ? 'up to ' : ''}${seconds(helper.readyAt.at - app.firstStart)} before ${helper.name} was ready`,
				);
		}
	}
	return lines;
}
