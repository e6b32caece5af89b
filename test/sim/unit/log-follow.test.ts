import {describe, expect, test} from 'vitest';
import {FileFollower} from '../../../source/sim/kubelet/log-follow.js';
import {rotateLog} from '../../../source/sim/kubelet/log-rotation.js';
import {LogInstance} from '../../../source/sim/kubelet/log-store.js';

// What the kubelet's ReadLogs does at the end of its file when following: set up the
// directory watch, then move to the new file on a rotation it saw, or miss a rotation that
// happened before its watch (or every rotation, under the fault), and end with the container.

const t = Date.parse('2026-01-01T12:00:00.000Z');

function withLines(count: number): LogInstance {
	const log = new LogInstance('containerd://abc');
	for (let i = 0; i < count; i++) log.append(`line ${i}`, t);
	return log;
}

describe('FileFollower', () => {
	test('sets up its watch at the first end of file, then moves to the new file after a rotation', () => {
		const log = withLines(3);
		const follower = new FileFollower(log);
		const first = follower.file;
		expect(follower.atEnd()).toBe('again');
		expect(follower.atEnd()).toBe('wait');
		rotateLog(log, 5, t);
		expect(follower.atEnd()).toBe('reopened');
		expect(follower.file).toBe(log.current);
		expect(follower.file).not.toBe(first);
		expect(follower.file.start).toBe(3);
		expect(follower.atEnd()).toBe('wait');
	});

	test('a rotation before its watch was set up is missed until the next one, which skips a file', () => {
		const log = withLines(3);
		const follower = new FileFollower(log);
		const first = follower.file;
		// Still reading the first file when it is rotated: no watch yet.
		rotateLog(log, 5, t);
		log.append('in the second file', t);
		expect(follower.atEnd()).toBe('again');
		expect(follower.atEnd()).toBe('wait');
		expect(follower.file).toBe(first);
		log.append('more in the second file', t);
		expect(follower.atEnd()).toBe('wait');
		rotateLog(log, 5, t + 10_000);
		expect(follower.atEnd()).toBe('reopened');
		expect(follower.file).toBe(log.current);
		expect(follower.file.start).toBe(5);
	});

	test('under the fault it misses every rotation and stays on its file', () => {
		const log = withLines(3);
		let asked = 0;
		const follower = new FileFollower(log, () => {
			asked += 1;
			return true;
		});
		const first = follower.file;
		follower.atEnd();
		rotateLog(log, 5, t);
		expect(follower.atEnd()).toBe('wait');
		rotateLog(log, 5, t + 10_000);
		expect(follower.atEnd()).toBe('wait');
		expect(follower.file).toBe(first);
		expect(asked).toBe(1);
		log.finish();
		expect(follower.atEnd()).toBe('end');
	});

	test('the fault is asked at the rotation: a follow it spares moves on', () => {
		const log = withLines(3);
		const follower = new FileFollower(log, () => false);
		follower.atEnd();
		rotateLog(log, 5, t);
		expect(follower.atEnd()).toBe('reopened');
	});

	test('ends once the container has stopped, even on a rotated file with a newer one written', () => {
		const log = withLines(3);
		const follower = new FileFollower(log);
		rotateLog(log, 5, t);
		log.append('never read by this follow', t);
		log.finish();
		expect(follower.atEnd()).toBe('again');
		expect(follower.atEnd()).toBe('end');
	});
});
