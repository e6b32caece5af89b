import {describe, expect, it} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {idleText, restartMarker, servedContainerID} from '../../../source/model/logs/target.js';

const pod = (statuses: Pod['status']): Pod => ({metadata: {name: 'p'}, spec: {containers: [{name: 'c'}]}, status: statuses});

describe('log targets', () => {
	it('serves the last terminated instance during a back-off', () => {
		const status = {
			name: 'c',
			ready: false,
			restartCount: 1,
			image: '',
			imageID: '',
			state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container=c'}},
			lastState: {terminated: {exitCode: 1, reason: 'Error', containerID: 'id1', finishedAt: '2026-01-01T12:03:04Z'}},
		};
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
