import {describe, expect, it} from 'vitest';
import type {Pod} from '../../source/model/k8s.js';
import {parseStamped, stampMs, stampSecond} from '../../source/model/log-record.js';
import {ResumeCursor} from '../../source/model/log-resume.js';
import {idleText, restartMarker, servedContainerID} from '../../source/model/log-target.js';

describe('stamped lines', () => {
	it('splits the stamp and keeps the fraction for ordering', () => {
		const record = parseStamped('2026-01-01T10:00:05.123456Z hello world', '');
		expect(record.text).toBe('hello world');
		expect(record.ms).toBeCloseTo(Date.parse('2026-01-01T10:00:05Z') + 123.456, 3);
		expect(stampSecond('2026-01-01T10:00:05.1Z')).toBe('2026-01-01T10:00:05Z');
		expect(stampMs('2026-01-01T10:00:05.1Z')).toBeLessThan(stampMs('2026-01-01T10:00:05.12Z'));
	});

	it('gives a line without a stamp the previous one, and keeps empty lines', () => {
		expect(parseStamped('continued', '2026-01-01T10:00:05Z').stamp).toBe('2026-01-01T10:00:05Z');
		expect(parseStamped('2026-01-01T10:00:05Z ', '').text).toBe('');
	});
});

describe('ResumeCursor', () => {
	it('skips exactly the lines already seen in the last second, once', () => {
		const cursor = new ResumeCursor();
		for (const stamp of ['2026-01-01T10:00:04.9Z', '2026-01-01T10:00:05.1Z', '2026-01-01T10:00:05.2Z']) expect(cursor.seen(stamp)).toBe(false);
		expect(cursor.resume()).toBe('2026-01-01T10:00:05Z');
		expect(cursor.seen('2026-01-01T10:00:05.1Z')).toBe(true);
		// A second drop in the middle of the skip must not skip more than was delivered.
		expect(cursor.resume()).toBe('2026-01-01T10:00:05Z');
		expect(cursor.seen('2026-01-01T10:00:05.1Z')).toBe(true);
		expect(cursor.seen('2026-01-01T10:00:05.2Z')).toBe(true);
		expect(cursor.seen('2026-01-01T10:00:05.3Z')).toBe(false);
	});

	it('skips nothing for a new instance', () => {
		const cursor = new ResumeCursor();
		cursor.seen('2026-01-01T10:00:05.1Z');
		expect(cursor.nextInstance()).toBe('2026-01-01T10:00:05Z');
		expect(cursor.seen('2026-01-01T10:00:05.7Z')).toBe(false);
	});
});

const pod = (statuses: Pod['status']): Pod => ({metadata: {name: 'p'}, spec: {containers: [{name: 'c'}]}, status: statuses});

describe('log targets', () => {
	it('serves the last terminated instance during a back-off', () => {
		const status = {name: 'c', ready: false, restartCount: 1, image: '', imageID: '', state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=c'}}, lastState: {terminated: {exitCode: 1, reason: 'Error', containerID: 'id1', finishedAt: '2026-01-01T12:03:04Z'}}};
		expect(servedContainerID(status)).toBe('id1');
		expect(idleText(pod({containerStatuses: [status]}), status)).toBe('back-off 40s: CrashLoopBackOff');
		expect(restartMarker(status.lastState.terminated)).toMatch(/^── restarted: exit 1 \(Error\) at \d\d:\d\d:\d\d ──$/);
	});

	it('waits without any instance', () => {
		const status = {name: 'c', ready: false, restartCount: 0, image: '', imageID: '', state: {waiting: {reason: 'PodInitializing'}}};
		expect(servedContainerID(status)).toBeUndefined();
		expect(idleText(pod({containerStatuses: [status]}), status)).toBe('waiting: PodInitializing');
		expect(idleText(pod({phase: 'Pending'}), undefined)).toBe('waiting: Pending');
	});
});
