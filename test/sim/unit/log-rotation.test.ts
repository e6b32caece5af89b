import {describe, expect, test} from 'vitest';
import {ManualClock} from '../../../source/sim/clock.js';
import {Cluster} from '../../../source/sim/cluster.js';
import {
	checkLogMaxFiles,
	ContainerLogManager,
	defaultLogRotatePolicy,
	parseLogMaxSize,
	rotatedSuffix,
	rotateLog,
} from '../../../source/sim/kubelet/log-rotation.js';
import {LogInstance} from '../../../source/sim/kubelet/log-store.js';
import {parseScenario} from '../../../source/sim/scenario.js';

// The kubelet's container log manager (container_log_manager.go): the size a file has on
// disk, which files rotation leaves (gzipped but the newest, the oldest removed), and the
// check every 10 s that lets a file outgrow the limit in between.

const t = Date.parse('2026-01-01T12:00:00.000Z');

/** `count` lines of `text`, all in one millisecond. */
function write(log: LogInstance, count: number, text = 'x'.repeat(50), at = t) {
	for (let i = 0; i < count; i++) log.append(text, at);
}

describe('log file size', () => {
	test('counts each line as containerd writes it: stamp, stream, tag, text, newline', () => {
		const log = new LogInstance('containerd://abc');
		log.append('hello', t + 5);
		// "2026-01-01T12:00:00.005Z stdout F hello\n"
		expect(log.current.bytes).toBe('2026-01-01T12:00:00.005Z stdout F hello\n'.length);
		log.append('héllo', t + 5);
		// The second line of the millisecond gets a microsecond stamp; é is two bytes.
		expect(log.current.bytes).toBe(Buffer.byteLength('2026-01-01T12:00:00.005Z stdout F hello\n2026-01-01T12:00:00.005001Z stdout F héllo\n'));
	});
});

describe('rotateLog', () => {
	test('renames the current file with a timestamp and starts an empty one; indexes go on', () => {
		const log = new LogInstance('containerd://abc');
		write(log, 10);
		const bytes = log.current.bytes;
		rotateLog(log, 5, t + 10_000);
		expect(log.current.lines).toEqual([]);
		expect(log.current.bytes).toBe(0);
		expect(log.start).toBe(10);
		expect(log.end).toBe(10);
		expect(log.rotated).toEqual([{name: '20260101-120010', lines: 10, bytes, compressed: false, file: expect.anything()}]);
		log.append('after', t + 11_000);
		expect(log.read(log.start).map(line => line.text)).toEqual(['after']);
		// The rotated, uncompressed file is still on disk: attach and tests can read across.
		expect(log.read(0)).toHaveLength(11);
	});

	test('keeps containerLogMaxFiles files: rotated ones but the newest gzipped, the oldest removed', () => {
		const log = new LogInstance('containerd://abc');
		for (let round = 0; round < 7; round++) {
			write(log, round + 1, `round ${round}`, t + round * 10_000);
			rotateLog(log, 5, t + round * 10_000);
		}
		// Current + 4 rotated = 5 files; the first three rotations were removed.
		expect(log.rotated.map(rotated => rotated.name)).toEqual(['20260101-120030.gz', '20260101-120040.gz', '20260101-120050.gz', '20260101-120100']);
		expect(log.rotated.map(rotated => rotated.lines)).toEqual([4, 5, 6, 7]);
		expect(log.rotated.map(rotated => rotated.compressed)).toEqual([true, true, true, false]);
		// Compressed files are bookkeeping only: their lines are not held any more.
		expect(log.rotated.map(rotated => rotated.file?.lines.length)).toEqual([undefined, undefined, undefined, 7]);
		expect(log.read(0).map(line => line.text)).toEqual(Array(7).fill('round 6'));
	});

	test('with containerLogMaxFiles 2, only the file rotated last is kept, uncompressed', () => {
		const log = new LogInstance('containerd://abc');
		for (let round = 0; round < 3; round++) {
			write(log, 2, `round ${round}`);
			rotateLog(log, 2, t + round * 1000);
		}
		expect(log.rotated.map(rotated => [rotated.name, rotated.compressed])).toEqual([['20260101-120002', false]]);
	});

	test('a reader holding a file keeps its lines after the file was compressed and removed', () => {
		const log = new LogInstance('containerd://abc');
		write(log, 3, 'first');
		const held = log.current;
		rotateLog(log, 2, t);
		write(log, 1, 'second');
		rotateLog(log, 2, t + 1000);
		expect(log.rotated).toHaveLength(1);
		expect(held.read(held.start).map(line => line.text)).toEqual(['first', 'first', 'first']);
	});

	test('the rotated name is time.Format("20060102-150405") in UTC', () => {
		expect(rotatedSuffix(Date.parse('2026-03-09T07:05:01.999Z'))).toBe('20260309-070501');
	});
});

describe('the kubelet configuration', () => {
	test('containerLogMaxSize parses as a quantity of whole bytes', () => {
		expect(parseLogMaxSize('10Mi')).toBe(10 * 1024 * 1024);
		expect(parseLogMaxSize('500Ki')).toBe(512_000);
		expect(parseLogMaxSize('1M')).toBe(1_000_000);
		expect(parseLogMaxSize('2048')).toBe(2048);
		expect(parseLogMaxSize('-1')).toBe(-1);
		expect(() => parseLogMaxSize('ten')).toThrow(
			/^failed to initialize container log manager: failed to parse container log max size "ten": quantities must match/,
		);
	});

	test('containerLogMaxFiles must be greater than 1, and the defaults are the kubelet’s', () => {
		expect(() => checkLogMaxFiles(1)).toThrow('invalid configuration: containerLogMaxFiles must be greater than 1');
		expect(() => checkLogMaxFiles(2)).not.toThrow();
		expect(defaultLogRotatePolicy).toEqual({maxSize: 10 * 1024 * 1024, maxFiles: 5, monitorSeconds: 10});
	});
});

describe('ContainerLogManager', () => {
	test('checks every 10 s: a file outgrows the limit in between and is rotated whole at the check', () => {
		const clock = new ManualClock(t);
		const log = new LogInstance('containerd://abc');
		const manager = new ContainerLogManager(clock, {maxSize: 1000, maxFiles: 5, monitorSeconds: 10}, () => [log]).start();
		clock.advance(1);
		write(log, 100, 'x'.repeat(50), clock.now());
		const written = log.current.bytes;
		expect(written).toBeGreaterThan(5000);
		clock.advance(8.9);
		expect(log.rotations).toBe(0);
		expect(log.current.bytes).toBe(written);
		clock.advance(0.1);
		expect(log.rotations).toBe(1);
		expect(log.rotated[0]).toMatchObject({name: '20260101-120010', lines: 100, bytes: written});
		// Below the limit at the next check: left alone.
		write(log, 5, 'x', clock.now());
		clock.advance(10);
		expect(log.rotations).toBe(1);
		manager.stop();
	});

	test('a file exactly at the limit is rotated (the kubelet rotates unless size < max)', () => {
		const clock = new ManualClock(t);
		const log = new LogInstance('containerd://abc');
		log.append('x', t);
		new ContainerLogManager(clock, {maxSize: log.current.bytes, maxFiles: 5, monitorSeconds: 10}, () => [log]).start();
		clock.advance(10);
		expect(log.rotations).toBe(1);
	});

	test('a negative size turns rotation off', () => {
		const clock = new ManualClock(t);
		const log = new LogInstance('containerd://abc');
		write(log, 1000);
		new ContainerLogManager(clock, {maxSize: -1, maxFiles: 5, monitorSeconds: 10}, () => [log]).start();
		clock.advance(60);
		expect(log.rotations).toBe(0);
	});
});

describe('rotation in a cluster', () => {
	const pod = `
apiVersion: v1
kind: Pod
metadata: {name: chatty}
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox:1.36
    x-sim:
      flood: {lines: 700, rate: 20, bytes: 100, exit: true}
`;

	test('rotates running containers at each check; a stopped container is never rotated', () => {
		const clock = new ManualClock(t);
		const cluster = new Cluster(clock, undefined, {maxSize: 4000, maxFiles: 3, monitorSeconds: 10});
		for (const {pod: spec, behaviours} of parseScenario(pod)) cluster.createPod(spec, behaviours);
		const log = () => cluster.worker(cluster.pods.get('default', 'chatty')!)!.slot('app')!.current!;
		clock.advance(9.5);
		const first = log();
		expect(first.rotations).toBe(0);
		// 20 lines a second of ~140 bytes: each 10 s check finds well over 4000 bytes.
		clock.advance(0.5);
		expect(first.rotations).toBe(1);
		expect(first.rotated[0]!.bytes).toBeGreaterThanOrEqual(4000);
		expect(first.rotated.map(rotated => rotated.name)).toEqual(['20260101-120010']);
		clock.advance(10);
		expect(first.rotations).toBe(2);
		expect(first.rotated.map(rotated => rotated.name)).toEqual(['20260101-120010.gz', '20260101-120020']);
		clock.advance(10);
		// Three files at most: current, one gzipped, the newest rotated; the oldest went.
		expect(first.rotated.map(rotated => rotated.name)).toEqual(['20260101-120020.gz', '20260101-120030']);
		// 700 lines at 20/s: the flood ends at ~35 s and the container exits; its log stays.
		clock.advance(10);
		expect(cluster.pods.get('default', 'chatty')!.status?.phase).toBe('Succeeded');
		const rotations = first.rotations;
		const bytes = first.current.bytes;
		clock.advance(60);
		expect(first.rotations).toBe(rotations);
		expect(first.current.bytes).toBe(bytes);
		cluster.shutdown();
	});
});
