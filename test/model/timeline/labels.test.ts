import {describe, expect, it} from 'vitest';
import type {ContainerStatus, Pod} from '../../../source/model/k8s.js';
import {visibleWidth} from '../../../source/model/sanitize.js';
import {abbreviateReason} from '../../../source/model/timeline/labels.js';
import {timelineText} from '../../../source/model/timeline/render.js';
import {computeTimeline} from '../../../source/model/timeline/timeline.js';
import {imagePull, missingSecret} from '../../fixtures/real-node/containers.js';
import {livenessRestarts, sidecarCrashing, sidecarStartup, startupMain} from '../../fixtures/real-node/probes.js';
import {at, multiInitEvents, multiInitPod, now, t0} from './crash-loop-pod.js';

// The issue: "labels such as "✗ CrashLoopBa…" are cut even at 200 columns". State labels and
// names are never cut: full where they fit, abbreviated when not, and always in full on the
// row's detail line.

const reasons = ['CrashLoopBackOff', 'ContainerCreating', 'CreateContainerConfigError', 'ImagePullBackOff'];
const widths = [80, 200];

function podWaiting(reason: string, name = 'configuration-loader'): Pod {
	const running: ContainerStatus = {
		name: 'metrics-exporter',
		image: 'prom/exporter:1',
		imageID: '',
		ready: true,
		started: true,
		restartCount: 0,
		state: {running: {startedAt: at(2)}},
	};
	const waiting: ContainerStatus = {
		name,
		image: 'shop/cart:2.1.0',
		imageID: '',
		ready: false,
		started: false,
		restartCount: reason === 'CrashLoopBackOff' ? 3 : 0,
		state: {waiting: {reason, message: reason === 'CrashLoopBackOff' ? 'back-off 40s restarting failed container' : 'secret "db-credentials" not found'}},
		...(reason === 'CrashLoopBackOff' ? {lastState: {terminated: {exitCode: 1, reason: 'Error', startedAt: at(50), finishedAt: at(51)}}} : {}),
	};
	return {
		metadata: {name: 'checkout-7d9f8b6c5-x2x4q', namespace: 'shop', uid: 'u', creationTimestamp: at(0)},
		spec: {
			containers: [
				{name, image: 'shop/cart:2.1.0'},
				{name: 'metrics-exporter', image: 'prom/exporter:1'},
			],
		},
		status: {phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'True', lastTransitionTime: at(0)}], containerStatuses: [waiting, running]},
	};
}

/** No "…" in the text but the in-progress mark before a waiting reason. */
function assertNothingCut(lines: string[], width: number) {
	for (const line of lines) {
		expect(visibleWidth(line), line).toBeLessThanOrEqual(width);
		expect(line.replace(/… (ContainerCreating|Creating|PodInitializing|Initializing)\b/g, ''), line).not.toContain('…');
	}
}

describe('timeline labels', () => {
	describe.each(widths)('at %i columns', width => {
		it.each(reasons)('shows %s whole: full or abbreviated on the row, in full on the detail line', reason => {
			const lines = timelineText(computeTimeline(podWaiting(reason), [], t0 + 60_000), width, t0 + 60_000);
			assertNothingCut(lines, width);
			const row = lines.find(line => /^main +configuration-loader /.test(line));
			expect(row).toBeDefined();
			const state = /[✗…] (\w+)$/.exec(row!)?.[1];
			expect([reason, abbreviateReason(reason)]).toContain(state);
			if (width === 200) expect(state).toBe(reason);
			expect(lines.some(line => line.startsWith(`configuration-loader: ${reason}`))).toBe(true);
			expect(lines.some(line => /^main +metrics-exporter .*● ready$/.test(line))).toBe(true);
		});

		it('puts a name too long for the name column on a line of its own, whole', () => {
			const name = 'a-container-name-at-the-limit-of-sixty-three-characters-for-dns';
			expect(name).toHaveLength(63);
			const lines = timelineText(computeTimeline(podWaiting('CreateContainerConfigError', name), [], t0 + 60_000), width, t0 + 60_000);
			assertNothingCut(lines, width);
			expect(lines.join('\n').replaceAll(/\n {8}/g, '')).toContain(`main    ${name}`);
			// The detail line wraps after the name, its continuation indented.
			expect(lines.join('\n').replaceAll(/\n {4}/g, ' ')).toContain(`\n${name}: CreateContainerConfigError · secret "db-credentials" not found`);
		});

		it('cuts nothing in the real node pods and the 7-restart crash loop', () => {
			for (const input of [
				livenessRestarts,
				sidecarCrashing,
				sidecarStartup,
				startupMain,
				missingSecret,
				imagePull('dial tcp: lookup registry.example.invalid: no such host'),
			]) {
				assertNothingCut(timelineText(computeTimeline(input.pod, input.events, input.now!), width, input.now!), width);
			}
			const lines = timelineText(computeTimeline(multiInitPod, multiInitEvents, now), width, now);
			assertNothingCut(lines, width);
			expect(lines.find(line => line.startsWith('init 1  download-config '))).toMatch(/ ✗ CrashLoop(BackOff)?$/);
		});
	});

	it('abbreviates only when the full reasons would crowd out the bar', () => {
		const narrow = timelineText(computeTimeline(podWaiting('CreateContainerConfigError'), [], t0 + 60_000), 80, t0 + 60_000);
		expect(narrow.find(line => line.startsWith('main    configuration-loader'))).toMatch(/ ✗ ConfigError$/);
		const wide = timelineText(computeTimeline(podWaiting('CreateContainerConfigError'), [], t0 + 60_000), 100, t0 + 60_000);
		expect(wide.find(line => line.startsWith('main    configuration-loader'))).toMatch(/ ✗ CreateContainerConfigError$/);
	});

	it('wraps a pod name longer than the line instead of cutting it', () => {
		const pod = podWaiting('ImagePullBackOff');
		pod.metadata.name = `checkout-${'x'.repeat(90)}`;
		const lines = timelineText(computeTimeline(pod, [], t0 + 60_000), 80, t0 + 60_000);
		expect(lines.slice(0, 3).join('')).toContain(pod.metadata.name);
		assertNothingCut(lines, 80);
	});
});
