import {describe, expect, it} from 'vitest';
import {eventAge, eventRows, lastWarningByContainer} from '../../source/model/events.js';
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
