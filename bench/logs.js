// Log throughput: `podscope logs -f` against `kubectl logs -f` on the sim's log-flood, the
// same stream read by each in turn, best of several rounds each, in lines/s. log-flood has
// finished when it is read (its log cannot change: podscope asks for it as kubectl does);
// log-flood-live, the same flood from a container that goes on running, is read too, which
// podscope asks for with timestamps, to resume a dropped stream by them.
import {closeSync, openSync, rmSync, statSync} from 'node:fs';
import path from 'node:path';
import {spawn, spawnSync} from 'node:child_process';
import {figure, kubectl, node, podscopeBin, sleep, startSim, tempDir, timeCommand} from './lib.js';

export default async function logs({quick}) {
	const lines = quick ? 100_000 : 500_000;
	const rounds = quick ? 2 : 3;
	const dir = tempDir();
	// The floods outgrow the kubelet's 10Mi containerLogMaxSize, and a rotated log-flood-live
	// would serve an empty current file: a node configured with a larger limit, as for big logs.
	const sim = await startSim([
		'--scenario',
		'log-flood',
		'--scenario',
		'log-flood-live',
		'--flood-lines',
		String(lines),
		'--flood-rate',
		'0',
		'--container-log-max-size',
		'1Gi',
	]);
	const get = args => spawnSync(kubectl, ['--kubeconfig', sim.kubeconfig, ...args], {encoding: 'utf8', maxBuffer: 1 << 30}).stdout;
	try {
		// Wait until both floods are written, so that every client reads the same lines.
		for (let tries = 0; ; tries++) {
			const done =
				get(['get', 'pod', 'log-flood', '-o', 'jsonpath={.status.phase}']) === 'Succeeded' &&
				get(['logs', 'log-flood-live', '--tail', '1']).startsWith(`flood line ${String(lines).padStart(9, '0')} `);
			if (done) break;
			if (tries > 600) throw new Error('the floods never finished');
			await sleep(100);
		}
		const devNull = openSync('/dev/null', 'w');
		const time = (file, args) => {
			const start = performance.now();
			const result = spawnSync(file, args, {stdio: ['ignore', devNull, 'pipe'], env: {...process.env, NO_COLOR: '1'}});
			if (result.status !== 0) throw new Error(`${file} failed (${result.status}): ${result.stderr}`);
			return (performance.now() - start) / 1000;
		};
		const podscopeArgs = pod => [podscopeBin, 'logs', '--kubeconfig', sim.kubeconfig, pod, '-f'];
		const kubectlArgs = pod => ['--kubeconfig', sim.kubeconfig, 'logs', pod, '-f'];
		// The live log's size, to know when a follower of it has written it all.
		const liveBytes = Buffer.byteLength(get(['logs', 'log-flood-live']));
		const live = (file, args) => timeFollow(file, args, path.join(dir, 'live.out'), liveBytes);
		const best = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
		const running = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
		// The same into a pipe, as `| grep` would read it: kubectl writes each line with its own
		// system call, which /dev/null absorbs and a pipe does not.
		const piped = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
		// With --timestamps both ask for the same bytes, stamped.
		const stamped = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
		// What every command pays before its first line: start-up, kubeconfig, TLS, the pod.
		const first = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
		for (let round = 0; round < rounds; round++) {
			best.podscope = Math.min(best.podscope, time(node, podscopeArgs('log-flood')));
			best.kubectl = Math.min(best.kubectl, time(kubectl, kubectlArgs('log-flood')));
			running.podscope = Math.min(running.podscope, await live(node, podscopeArgs('log-flood-live')));
			running.kubectl = Math.min(running.kubectl, await live(kubectl, kubectlArgs('log-flood-live')));
			stamped.podscope = Math.min(stamped.podscope, time(node, [...podscopeArgs('log-flood'), '--timestamps']));
			stamped.kubectl = Math.min(stamped.kubectl, time(kubectl, [...kubectlArgs('log-flood'), '--timestamps']));
			piped.podscope = Math.min(piped.podscope, (await timeCommand(node, podscopeArgs('log-flood'), {env: {NO_COLOR: '1'}})).ms / 1000);
			piped.kubectl = Math.min(piped.kubectl, (await timeCommand(kubectl, kubectlArgs('log-flood'))).ms / 1000);
			for (let run = 0; run < 3; run++) {
				first.podscope = Math.min(first.podscope, time(node, [podscopeBin, 'logs', '--kubeconfig', sim.kubeconfig, 'log-flood', '--tail', '1']));
				first.kubectl = Math.min(first.kubectl, time(kubectl, ['--kubeconfig', sim.kubeconfig, 'logs', 'log-flood', '--tail', '1']));
			}
		}
		closeSync(devNull);
		const rate = (name, seconds, options) =>
			figure(name, {podscope: lines / seconds.podscope, kubectl: lines / seconds.kubectl, unit: 'lines/s', higherIsBetter: true, ...options});
		return [
			rate(`logs -f throughput (${lines} lines)`, best, {note: `best of ${rounds}, to /dev/null`, budget: (_value, ratio) => ratio >= 1.0}),
			rate(`logs -f of a running container (${lines} lines)`, running, {
				note: `best of ${rounds}, into a file on tmpfs, to its last line; podscope asks with timestamps`,
			}),
			rate(`logs -f --timestamps throughput (${lines} lines)`, stamped, {note: `best of ${rounds}, to /dev/null, the same bytes read by both`}),
			rate(`logs -f throughput into a pipe (${lines} lines)`, piped, {note: `best of ${rounds}, read by the bench`}),
			figure('logs: one line (--tail 1)', {
				podscope: first.podscope * 1000,
				kubectl: first.kubectl * 1000,
				unit: 'ms',
				note: `best of ${rounds * 3}: start-up, kubeconfig, TLS, the pod and its log`,
			}),
		];
	} finally {
		await sim.stop();
		rmSync(dir, {recursive: true, force: true});
	}
}

/**
 * A follow of a running container never ends by itself: the time until its output file holds
 * `bytes` bytes, in seconds, then it is stopped. The file is on tmpfs when /dev/shm exists,
 * so that it measures the writes and not a disk.
 */
async function timeFollow(file, args, fallback, bytes) {
	const output = existsShm() ? path.join('/dev/shm', `podscope-bench-${process.pid}.out`) : fallback;
	const fd = openSync(output, 'w');
	const start = performance.now();
	const child = spawn(file, args, {stdio: ['ignore', fd, 'pipe'], env: {...process.env, NO_COLOR: '1'}});
	let stderr = '';
	child.stderr.on('data', chunk => (stderr += chunk));
	const exited = new Promise(resolve => child.once('exit', resolve));
	let exitCode;
	void exited.then(code => (exitCode = code));
	try {
		for (;;) {
			if (statSync(output).size >= bytes) return (performance.now() - start) / 1000;
			if (exitCode !== undefined) throw new Error(`${path.basename(file)} ended (${exitCode}) before the whole log: ${stderr.trim()}`);
			if (performance.now() - start > 120_000) throw new Error(`${path.basename(file)} did not write the whole log in 120 s`);
			await sleep(1);
		}
	} finally {
		child.kill('SIGTERM');
		await exited;
		closeSync(fd);
		rmSync(output, {force: true});
	}
}

function existsShm() {
	try {
		return statSync('/dev/shm').isDirectory();
	} catch {
		return false;
	}
}
