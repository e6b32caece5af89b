import {describe, expect, it} from 'vitest';
import type {KubeEvent, Pod} from '../../../source/model/k8s.js';
import {visibleWidth} from '../../../source/model/sanitize.js';
import {computeTimeline} from '../../../source/model/timeline/timeline.js';
import {emptyHistory, observePod} from '../../../source/model/timeline/history.js';
import {renderTimeline, timelineText} from '../../../source/model/timeline/render.js';
import {seconds, timelineStory} from '../../../source/model/timeline/story.js';

const t0 = Date.parse('2026-01-01T12:00:00Z');
const at = (ms: number) => new Date(t0 + ms).toISOString().replace(/\.000Z$/, 'Z');
const condition = (type: string, ms?: number) => ({type, status: ms === undefined ? ('False' as const) : ('True' as const), lastTransitionTime: at(ms ?? 0)});
const probe = {httpGet: {path: '/ready', port: 9901}};

function nativeSidecar(withStartupProbe: boolean, appStart: number, initialized: number): Pod {
	return {
		metadata: {name: 'checkout', namespace: 'default', uid: 'u1', creationTimestamp: at(0)},
		spec: {
			initContainers: [
				{name: 'envoy', image: 'envoyproxy/envoy:v1.28', restartPolicy: 'Always', readinessProbe: probe, ...(withStartupProbe ? {startupProbe: probe} : {})},
			],
			containers: [{name: 'app', image: 'myapp:1'}],
		},
		status: {
			phase: 'Running',
			conditions: [condition('PodScheduled', 0), condition('Initialized', initialized), condition('ContainersReady', 6000), condition('Ready', 6000)],
			initContainerStatuses: [{name: 'envoy', ready: true, started: true, restartCount: 0, image: '', imageID: '', state: {running: {startedAt: at(0)}}}],
			containerStatuses: [{name: 'app', ready: true, started: true, restartCount: 0, image: '', imageID: '', state: {running: {startedAt: at(appStart)}}}],
		},
	};
}

function blockedByInit(): Pod {
	const waiting = (reason: string) => ({waiting: {reason}});
	return {
		metadata: {name: 'multi-init', namespace: 'default', uid: 'u2', creationTimestamp: at(0)},
		spec: {
			initContainers: [
				{name: 'download-config', image: 'curl'},
				{name: 'validate-config', image: 'busybox'},
			],
			containers: [{name: 'app', image: 'myapp:1'}],
		},
		status: {
			phase: 'Pending',
			conditions: [condition('PodScheduled', 0), condition('Initialized'), condition('Ready')],
			initContainerStatuses: [
				{
					name: 'download-config',
					ready: false,
					started: false,
					restartCount: 0,
					image: '',
					imageID: '',
					state: {terminated: {exitCode: 0, reason: 'Completed', startedAt: at(0), finishedAt: at(2000)}},
				},
				{
					name: 'validate-config',
					ready: false,
					started: false,
					restartCount: 4,
					image: '',
					imageID: '',
					state: waiting('CrashLoopBackOff'),
					lastState: {terminated: {exitCode: 1, reason: 'Error', startedAt: at(30_000), finishedAt: at(31_000)}},
				},
			],
			containerStatuses: [{name: 'app', ready: false, restartCount: 0, image: '', imageID: '', state: waiting('PodInitializing')}],
		},
	};
}

const started = (container: string, first: number, last: number, count: number): KubeEvent => ({
	metadata: {name: `e-${container}`, namespace: 'default'},
	involvedObject: {name: 'multi-init', fieldPath: `spec.initContainers{${container}}`},
	reason: 'Started',
	type: 'Normal',
	firstTimestamp: at(first),
	lastTimestamp: at(last),
	count,
});

describe('timeline story', () => {
	it("says the app waited for the native sidecar's startupProbe", () => {
		const timeline = computeTimeline(nativeSidecar(true, 3000, 3000), [], t0 + 60_000);
		expect(timeline.rows.map(row => [row.role, row.name])).toEqual([
			['sidecar', 'envoy'],
			['main', 'app'],
		]);
		expect(timelineStory(timeline, t0 + 60_000)).toContain("app started after envoy's startupProbe passed (3.0 s)");
		expect(timeline.settledAt).toBe(t0 + 6000);
	});

	it('says when the app started before its sidecar was ready', () => {
		const pod = nativeSidecar(false, 1900, 1900);
		// The watch saw envoy turn ready 5 s in: the API itself never records that moment.
		let history = observePod(
			emptyHistory(),
			{...pod, status: {...pod.status, initContainerStatuses: [{...pod.status!.initContainerStatuses![0]!, ready: false}]}},
			t0 + 1000,
		);
		history = observePod(history, pod, t0 + 5000);
		const story = timelineStory(computeTimeline(pod, [], t0 + 60_000, history), t0 + 60_000);
		expect(story).toContain(
			'app started 3.1 s before its sidecar envoy was ready: without a startupProbe, the containers after a sidecar start as soon as it runs',
		);
	});

	it('names the init container that blocks the rest, with its status and restarts', () => {
		const now = t0 + 42_000;
		const timeline = computeTimeline(blockedByInit(), [started('validate-config', 2000, 30_000, 5)], now);
		const story = timelineStory(timeline, now);
		expect(story[0]).toBe('app has waited 42 s so far for init container validate-config (Init:CrashLoopBackOff, 4 restarts)');
		expect(story).toContain(
			'validate-config restarted 4 times; last exit 1 (Error) at +31 s, now CrashLoopBackOff; the first 4 of its 5 runs are inferred (times approximate)',
		);
		expect(story.at(-1)).toBe('the pod is not Ready (Init:CrashLoopBackOff)');
		const validate = timeline.rows[1]!;
		expect(validate.firstStart).toBe(t0 + 2000);
	});

	it('formats durations for reading', () => {
		expect(seconds(3100)).toBe('3.1 s');
		expect(seconds(42_400)).toBe('42 s');
		expect(seconds(192_000)).toBe('3m12s');
	});
});

describe('timeline history', () => {
	it('keeps every instance seen and only ready transitions seen live', () => {
		const pod = blockedByInit();
		let history = observePod(emptyHistory(), pod, t0);
		const later = structuredClone(pod);
		later.status!.initContainerStatuses![1]!.lastState = {terminated: {exitCode: 1, startedAt: at(50_000), finishedAt: at(51_000)}};
		history = observePod(history, later, t0 + 52_000);
		expect(history.containers['validate-config']!.instances.map(instance => instance.start - t0)).toEqual([30_000, 50_000]);
		expect(history.containers['validate-config']!.readyAt).toEqual([]);
		expect(observePod(history, {...later, metadata: {...later.metadata, uid: 'other'}}, t0).containers['validate-config']!.instances).toHaveLength(1);
	});
});

describe('timeline rendering', () => {
	it.each([60, 80, 160])('fits %i columns', width => {
		for (const pod of [nativeSidecar(true, 3000, 3000), blockedByInit()]) {
			const lines = timelineText(computeTimeline(pod, [], t0 + 42_000), width, t0 + 42_000);
			for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(width);
		}
	});

	it('draws the sidecar before the app on one axis', () => {
		const rendered = renderTimeline(computeTimeline(nativeSidecar(true, 3000, 3000), [], t0 + 60_000), 80);
		const [envoy, app] = rendered.rows;
		// envoy runs from 0 s but is ready only later: until then it waits for its probes.
		expect(envoy!.cells[0]).toBe('probing');
		expect(app!.cells[0]).toBe('none');
		expect(app!.cells.at(-1)).toBe('ready');
		expect(rendered.axis.startsWith('0s')).toBe(true);
	});
});
