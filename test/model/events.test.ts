import {describe, expect, it} from 'vitest';
import {eventAge, eventRows, lastWarningByContainer, sortOldestFirst} from '../../source/model/events.js';
import type {KubeEvent} from '../../source/model/k8s.js';

const now = Date.parse('2026-01-01T12:00:00Z');

function event(name: string, fields: Partial<KubeEvent> & {fieldPath?: string}): KubeEvent {
	const {fieldPath, ...rest} = fields;
	return {
		metadata: {name, namespace: 'default'},
		involvedObject: {kind: 'Pod', name: 'web', namespace: 'default', ...(fieldPath ? {fieldPath} : {})},
		type: 'Normal',
		reason: 'Started',
		message: 'ok',
		source: {component: 'kubelet'},
		firstTimestamp: '2026-01-01T11:59:00Z',
		lastTimestamp: '2026-01-01T11:59:00Z',
		count: 1,
		...rest,
	};
}

describe('event rows', () => {
	it('lists newest first with kubectl ages, sources and counts', () => {
		const rows = eventRows(
			[
				event('a', {
					reason: 'Scheduled',
					source: {},
					reportingComponent: 'default-scheduler',
					lastTimestamp: '2026-01-01T11:50:00Z',
					firstTimestamp: '2026-01-01T11:50:00Z',
				}),
				event('b', {type: 'Warning', reason: 'BackOff', count: 5, firstTimestamp: '2026-01-01T11:50:00Z', lastTimestamp: '2026-01-01T11:59:30Z'}),
			],
			now,
		);
		expect(rows.map(row => [row.reason, row.age, row.count, row.source, row.warning])).toEqual([
			['BackOff', '30s (x5 over 10m)', 5, 'kubelet', true],
			['Scheduled', '10m', 1, 'default-scheduler', false],
		]);
	});

	it('sanitises messages', () => {
		const [row] = eventRows([event('a', {message: '  boom\x1b[2J\n'})], now);
		expect(row!.message).toBe('boom␛[2J');
	});

	it('prefers the events.k8s.io series when there is one', () => {
		const series = {
			...event('a', {eventTime: '2026-01-01T11:00:00.000000Z', firstTimestamp: null, lastTimestamp: null}),
			series: {count: 3, lastObservedTime: '2026-01-01T11:58:00.000000Z'},
		} as KubeEvent;
		expect(eventAge(series, now)).toBe('2m (x3 over 60m)');
	});

	it('keeps the last Warning of each container', () => {
		const warnings = lastWarningByContainer(
			[
				event('a', {type: 'Warning', reason: 'BackOff', fieldPath: 'spec.containers{app}', lastTimestamp: '2026-01-01T11:58:00Z'}),
				event('b', {type: 'Warning', reason: 'Unhealthy', fieldPath: 'spec.containers{app}', lastTimestamp: '2026-01-01T11:59:00Z'}),
				event('c', {type: 'Normal', reason: 'Started', fieldPath: 'spec.containers{app}', lastTimestamp: '2026-01-01T11:59:30Z'}),
				event('d', {type: 'Warning', reason: 'Failed', fieldPath: 'spec.initContainers{setup}'}),
				event('e', {type: 'Warning', reason: 'FailedScheduling'}),
			],
			now,
		);
		expect([...warnings].map(([name, row]) => [name, row.reason]).sort()).toEqual([
			['app', 'Unhealthy'],
			['setup', 'Failed'],
		]);
	});
});

// A pod whose envoy sidecar starts in the second it was scheduled, as a real node records it: the
// scheduler's Scheduled through events.k8s.io (eventTime in microseconds, no last/firstTimestamp,
// see /work/reference/real-node/scheduler-event.json), the kubelet's events in whole seconds.
describe('event order (kubectl describe)', () => {
	const scheduled = event('web.18ee5ce399bd0000', {
		reason: 'Scheduled',
		source: {},
		reportingComponent: 'default-scheduler',
		eventTime: '2026-01-01T11:59:00.974097Z',
		firstTimestamp: null,
		lastTimestamp: null,
		count: undefined,
	});
	const kubelet = (name: string, reason: string, container: string, last = '2026-01-01T11:59:00Z') =>
		event(name, {reason, fieldPath: `spec.initContainers{${container}}`, firstTimestamp: last, lastTimestamp: last});
	const pulled = kubelet('web.18ee5ce3a0000001', 'Pulled', 'envoy');
	const created = kubelet('web.18ee5ce3a0000002', 'Created', 'envoy');
	const started = kubelet('web.18ee5ce3a0000003', 'Started', 'envoy');
	const appPulled = kubelet('web.18ee5ce3b0000004', 'Pulled', 'app', '2026-01-01T11:59:01Z');

	it('puts the Scheduled event first even when its eventTime is later in the same second', () => {
		// watch order: the kubelet's events arrived before the scheduler's
		expect(sortOldestFirst([appPulled, started, pulled, created, scheduled]).map(e => e.reason)).toEqual([
			'Scheduled',
			'Pulled',
			'Created',
			'Started',
			'Pulled',
		]);
	});

	it('shows it last in the newest-first events view', () => {
		expect(eventRows([scheduled, pulled, created, started, appPulled], now).map(row => row.reason)).toEqual([
			'Pulled',
			'Started',
			'Created',
			'Pulled',
			'Scheduled',
		]);
	});

	it('keeps ties where Go sort.Sort leaves them, beyond twelve events', () => {
		// 13 events, 11 in one second: sort.Sort (not stable) moves equal ones; Go 1.26 printed this order
		const same = Array.from({length: 13}, (_, i) =>
			kubelet(`web.${(0x100 + i).toString(16)}`, `R${i}`, 'app', i === 6 || i === 12 ? '2026-01-01T11:58:00Z' : '2026-01-01T11:59:00Z'),
		);
		expect(sortOldestFirst(same).map(e => e.reason)).toEqual([6, 12, 3, 0, 4, 5, 2, 7, 8, 9, 10, 11, 1].map(i => `R${i}`));
	});
});
