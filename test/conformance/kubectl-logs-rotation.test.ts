import {afterAll, beforeAll, expect, it} from 'vitest';
import {fixedNano, type LogInstance} from '../../source/sim/kubelet/log-store.js';
import {parseScenario} from '../../source/sim/scenario.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, kubectlStream} from './kubectl.js';

// `kubectl logs` against container logs the sim's kubelet rotates (containerLogMaxSize 4Ki,
// checked every 10 simulated seconds): a read shows the current file only, a follow goes on
// in the new file, and with the fault followMissesRotation a follow stays open and silent.

let sim: TestSim;

// ~100 bytes a line, ten lines a simulated second: every 10 s check finds ~10 KB, over 4 KiB.
const pods = (name: string, exit = '') => `
apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
  - name: app
    image: busybox:1.36
    x-sim:
      logs: {lines: ['line {n} ${'.'.repeat(60)}'], every: 0.1}${exit}
`;

function create(yaml: string) {
	for (const {pod, behaviours} of parseScenario(yaml)) sim.cluster.createPod(pod, behaviours);
}

/** The log instance the kubelet serves for a pod's container now. */
function instance(pod: string, previous = false): LogInstance | undefined {
	const object = sim.cluster.pods.get('default', pod);
	return object ? sim.cluster.worker(object)?.slot('app')?.logInstance(previous) : undefined;
}

const numbers = (text: string) => [...text.matchAll(/^line (\d+) /gm)].map(match => Number(match[1]));
const consecutive = (values: number[]) => values.every((value, index) => index === 0 || value === values[index - 1]! + 1);

conformance('kubectl logs with rotated container logs', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['web-with-logging'], speed: 10, containerLogMaxSize: '4Ki', containerLogMaxFiles: 3});
		create(pods('chatty'));
		// Runs 25 simulated seconds, exits 1, restarts after its back-off.
		create(pods('restarts', '\n      exit: {after: 25, code: 1}'));
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('prints the current file only after a rotation, and --tail, --since-time and --limit-bytes read that file', async () => {
		await eventually(() => (instance('chatty')?.rotations ?? 0) >= 1, 20_000, 20);
		const log = instance('chatty')!;
		const lines = (text: string) => text.replace(/\n$/, '').split('\n');
		// The file current when kubectl asked, or one that replaced it while kubectl ran.
		// A read that lands just after a rotation finds the new file still empty, or shorter
		// than a --tail, as the kubelet does: read again until the current file holds enough.
		const read = async (args: string[], enough = (text: string) => text !== '') => {
			const {before, result} = await eventually(
				async () => {
					const before = log.current;
					const result = await kubectl(sim, ['logs', 'chatty', ...args]);
					expect(result.code).toBe(0);
					return enough(result.stdout) ? {before, result} : undefined;
				},
				10_000,
				20,
			);
			const files = [before, ...log.rotated.flatMap(rotated => (rotated.file ? [rotated.file] : [])), log.current];
			return {text: result.stdout, files: [...new Set(files)].filter(file => file.start >= before.start && file.lines.length > 0)};
		};
		const whole = await read([]);
		const printed = lines(whole.text);
		// From the first line of one file to the last it had when served, and nothing older.
		expect(
			whole.files.some(
				file =>
					printed.join('\n') ===
					file.lines
						.slice(0, printed.length)
						.map(line => line.text)
						.join('\n'),
			),
		).toBe(true);
		// The lines before it were written (line 1 onwards) but are in rotated files now.
		expect(numbers(whole.text)[0]).toBeGreaterThan(1);

		const tail = await read(['--tail', '3'], text => lines(text).length >= 3);
		expect(lines(tail.text)).toHaveLength(3);
		expect(
			tail.files.some(file =>
				file.lines
					.map(line => line.text)
					.join('\n')
					.includes(tail.text.replace(/\n$/, '')),
			),
		).toBe(true);

		// A time long before the rotation: the read still starts at the current file's first line.
		const since = await read(['--since-time', new Date(log.current.lines[0]?.ms ?? Date.now()).toISOString().replace(/\.\d+Z$/, 'Z'), '--timestamps']);
		const sinceFirst = lines(since.text)[0];
		expect(since.files.some(file => sinceFirst === `${fixedNano(file.lines[0]!.stamp)} ${file.lines[0]!.text}`)).toBe(true);
		const early = await read(['--since-time', new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z')]);
		expect(early.files.some(file => lines(early.text)[0] === file.lines[0]!.text)).toBe(true);

		const limited = await read(['--limit-bytes', '10']);
		expect(limited.files.some(file => limited.text === file.lines[0]!.text.slice(0, 10))).toBe(true);
	});

	it('keeps following across rotations: the new file follows the old one, no line lost or repeated', async () => {
		const log = await eventually(() => instance('chatty'));
		const from = log.rotations;
		const follow = kubectlStream(sim, ['logs', 'chatty', '-f']);
		let firstAfter = 0;
		try {
			// Two rotations after it started, and the first line of the file current after them printed.
			await eventually(() => log.rotations >= from + 2, 20_000, 20);
			const after = log.current;
			await eventually(() => after.lines.length > 0, 20_000, 20);
			firstAfter = numbers(after.lines[0]!.text)[0]!;
			await eventually(() => numbers(follow.stdout()).includes(firstAfter), 20_000, 20);
		} finally {
			await follow.stop();
		}
		const printed = numbers(follow.stdout());
		expect(consecutive(printed)).toBe(true);
		// It began in a file at least two rotations older than the one it ended in.
		expect(printed[0]).toBeLessThan(firstAfter);
		expect(printed.at(-1)).toBeGreaterThanOrEqual(firstAfter);
	});

	it('with followMissesRotation set through /_sim/faults, -f stays open and prints nothing past the rotation', async () => {
		const set = await kubectl(sim, ['create', '--raw', '/_sim/faults', '-f', '-'], {input: '{"followMissesRotation": 1}'});
		expect(set.code).toBe(0);
		try {
			const log = await eventually(() => instance('chatty'));
			const missed = sim.server.faults.counts.missedRotations;
			const follow = kubectlStream(sim, ['logs', 'chatty', '-f'], {timeout: 60_000});
			try {
				await eventually(() => sim.server.faults.counts.missedRotations > missed, 20_000, 20);
				// The file it had open, read to its end: its last line is the last one printed.
				const stuck = log.rotated.at(-1)!;
				const last = stuck.file!.lines.at(-1)!.text;
				await eventually(() => follow.stdout().endsWith(`${last}\n`), 20_000, 20);
				// Two more rotations later, with hundreds of lines written since: still nothing new.
				const rotations = log.rotations;
				await eventually(() => log.rotations >= rotations + 2, 20_000, 20);
				expect(follow.stdout().endsWith(`${last}\n`)).toBe(true);
				const newest = log.read(log.end - 1)[0]!.text;
				expect(numbers(follow.stdout()).at(-1)).toBeLessThan(numbers(newest)[0]! - 100);
				// Still open: the stream ends only when the container stops.
				let exited = false;
				void follow.exited.then(() => (exited = true));
				expect(exited).toBe(false);
				const deleted = await kubectl(sim, ['delete', 'pod', 'chatty', '--grace-period', '1', '--wait=false']);
				expect(deleted.code).toBe(0);
				const result = await follow.exited;
				expect(result.code).toBe(0);
				expect(result.stdout.endsWith(`${last}\n`)).toBe(true);
			} finally {
				await follow.stop();
			}
		} finally {
			await kubectl(sim, ['delete', '--raw', '/_sim/faults']);
		}
	});

	it('--previous prints the previous instance’s current file', async () => {
		await eventually(() => (instance('restarts', true) ? true : undefined), 30_000, 50);
		const previous = instance('restarts', true)!;
		expect(previous.ended).toBe(true);
		expect(previous.rotations).toBeGreaterThanOrEqual(1);
		const result = await kubectl(sim, ['logs', 'restarts', '--previous']);
		expect(result.code).toBe(0);
		// The container may have restarted again while kubectl ran: then "previous" is the next one.
		const file = (ended: typeof previous) => ended.current.lines.map(line => `${line.text}\n`).join('');
		expect([file(previous), file(instance('restarts', true)!)]).toContain(result.stdout);
		expect(numbers(result.stdout)[0]).toBeGreaterThan(1);
	});
});
