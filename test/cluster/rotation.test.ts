import {spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {run, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin} from '../helpers/tmux.js';
import {floodCommand} from './manifests.js';
import {kubectlPath, nodeLogRotation, realKubeconfig, runDir} from './real-node.js';
import {followSummary, type LogLines, logLines} from './rotation-analysis.js';

// Container log rotation, on the real node and on the sim with the same kubelet settings
// (up.sh: containerLogMaxSize 1Mi, containerLogMaxFiles 3, checked every 10 s). One container
// writes 30,000 numbered lines of 120 bytes at 1,000 a second (4 MiB in 30 s), then runs on,
// silent: the kubelet rotates its file several times while it writes. Compared on both sides:
// `kubectl logs -f` and `podscope logs -f` started before the first rotation follow the
// container across every rotation (no line lost, none twice); once rotation has settled,
// `kubectl logs` shows only the current file (a contiguous run ending at the last line, starting
// after line 1), and --tail, --limit-bytes and --since-time read that same file; podscope logs
// prints what kubectl logs prints. On the real node the files left on disk follow the log
// manager's rule (the newest rotated file plain, older ones gzipped, at most 3 in all).

const namespace = 'podscope-rotation';
const flood = {lines: 30_000, rate: 1000, bytes: 120, exit: false};
const pod = {
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: {name: 'log-rotation', namespace},
	spec: {
		restartPolicy: 'Never',
		terminationGracePeriodSeconds: 1,
		containers: [{name: 'flood', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: floodCommand(flood), 'x-sim': {flood}}],
	},
};

/** The sim reads x-sim from scenario files only: its side starts with the pod, the real one applies it. */
type Side = {name: 'real' | 'sim'; kubeconfig: string; apply?: string};
type Observed = {
	follow: ReturnType<typeof followSummary>;
	podscopeFollow: ReturnType<typeof followSummary>;
	final: LogLines;
	/** Each read of the current file agrees with `kubectl logs`. */
	tailIsItsEnd: boolean;
	limitIsItsStart: boolean;
	sinceStartIsIt: boolean;
	podscopeLogsIsIt: boolean;
	uid: string;
};

const kubectl = (side: Side, args: string[], timeout = 30_000) => run(kubectlPath, ['--kubeconfig', side.kubeconfig, '-n', namespace, ...args], {timeout});

/** A follower's stdout until it has printed the last line, or `seconds` passed. */
function follow(file: string, args: string[], seconds: number): Promise<string> {
	return new Promise(resolve => {
		const child = spawn(file, args, {stdio: ['ignore', 'pipe', 'ignore']});
		let text = '';
		const last = `flood line ${String(flood.lines).padStart(9, '0')}`;
		const done = () => {
			clearTimeout(timer);
			child.kill('SIGTERM');
			resolve(text);
		};
		const timer = setTimeout(done, seconds * 1000);
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			text += chunk;
			if (text.includes(last)) done();
		});
		child.on('exit', done);
	});
}

async function waitFor(check: () => Promise<boolean>, seconds: number, what: string): Promise<void> {
	const deadline = Date.now() + seconds * 1000;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 500));
	}
}

async function observe(side: Side): Promise<Observed> {
	if (side.apply) {
		await run(kubectlPath, ['--kubeconfig', side.kubeconfig, 'create', 'namespace', namespace]);
		const file = side.apply;
		// The default ServiceAccount comes a moment after the namespace.
		await waitFor(async () => (await kubectl(side, ['apply', '--validate=false', '-f', file])).code === 0, 30, 'the pod to be created');
	}
	await waitFor(
		async () =>
			(await kubectl(side, ['get', 'pod', 'log-rotation', '-o', 'jsonpath={.status.containerStatuses[0].state.running}'])).stdout.includes('startedAt'),
		90,
		'the flood to run',
	);
	// Both followers start before the first rotation can happen (1 MiB is 7 s of this flood).
	const seconds = flood.lines / flood.rate + 45;
	const podscope = [podscopeBin, 'logs', 'log-rotation', '-f', '--kubeconfig', side.kubeconfig, '-n', namespace];
	const [followed, podscopeFollowed] = await Promise.all([
		follow(kubectlPath, ['--kubeconfig', side.kubeconfig, '-n', namespace, 'logs', '-f', 'log-rotation'], seconds),
		follow(process.execPath, podscope, seconds),
	]);
	// Settled: `kubectl logs` unchanged across a whole check period of the log manager.
	let final = '';
	let since = Date.now();
	await waitFor(
		async () => {
			const now = (await kubectl(side, ['logs', 'log-rotation'])).stdout;
			if (now !== final) [final, since] = [now, Date.now()];
			return Date.now() - since > 11_000;
		},
		90,
		'rotation to settle',
	);
	const status = JSON.parse((await kubectl(side, ['get', 'pod', 'log-rotation', '-o', 'json'])).stdout) as {
		metadata: {uid: string};
		status: {startTime: string};
	};
	const [tail, limited, sinceStart, podscopeLogs] = await Promise.all([
		kubectl(side, ['logs', 'log-rotation', '--tail=3']),
		kubectl(side, ['logs', 'log-rotation', '--limit-bytes=300']),
		kubectl(side, ['logs', 'log-rotation', `--since-time=${status.status.startTime}`]),
		run(process.execPath, [podscopeBin, 'logs', 'log-rotation', '--kubeconfig', side.kubeconfig, '-n', namespace], {timeout: 30_000}),
	]);
	const finalLines = final.split('\n').filter(Boolean);
	return {
		follow: followSummary(followed, flood.lines),
		podscopeFollow: followSummary(podscopeFollowed, flood.lines),
		final: logLines(final),
		tailIsItsEnd: tail.stdout === (finalLines.length ? `${finalLines.slice(-3).join('\n')}\n` : ''),
		limitIsItsStart: limited.stdout === final.slice(0, 300),
		sinceStartIsIt: sinceStart.stdout === final,
		podscopeLogsIsIt: podscopeLogs.code === 0 && podscopeLogs.stdout === final,
		uid: status.metadata.uid,
	};
}

describe.runIf(process.env.PODSCOPE_CLUSTER)('container log rotation: the real kubelet and the sim', () => {
	let dir: string;
	let sim: TestSim;
	const sides: Side[] = [];

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'podscope-rotation-'));
		const file = path.join(dir, 'log-rotation.yaml');
		writeFileSync(file, stringify(pod));
		sim = await startTestSim({scenarios: [file], ...nodeLogRotation});
		sides.push({name: 'real', kubeconfig: realKubeconfig, apply: file}, {name: 'sim', kubeconfig: sim.kubeconfigPath});
	});

	afterAll(async () => {
		for (const side of sides) await run(kubectlPath, ['--kubeconfig', side.kubeconfig, 'delete', 'namespace', namespace, '--wait=false']);
		await sim?.close();
		rmSync(dir, {recursive: true, force: true});
	});

	it('rotates, follows and reads the current file as the kubelet does', async () => {
		const [real, simulated] = (await Promise.all(sides.map(side => observe(side)))) as [Observed, Observed];
		for (const [name, seen] of [
			['real', real],
			['sim', simulated],
		] as const) {
			const {follow: f, final} = seen;
			process.stdout.write(
				`${name}: kubectl -f ${f.delivered} lines, gaps ${JSON.stringify(f.gaps)}, duplicates ${f.duplicates}; ` +
					`podscope -f ${seen.podscopeFollow.delivered}; current file lines ${final.first}..${final.last} (${final.count})\n`,
			);
		}
		// The files the real log manager left: the current one, the newest rotation plain, older gzipped.
		const logs = readdirSync(path.join(runDir, 'pod-logs', `${namespace}_log-rotation_${real.uid}`, 'flood')).sort();
		process.stdout.write(`real: files ${logs.join(' ')}\n`);
		expect(logs.length).toBeLessThanOrEqual(nodeLogRotation.containerLogMaxFiles);
		expect(logs).toContain('0.log');
		const rotated = logs.filter(name => name !== '0.log');
		expect(rotated.every(name => /^0\.log\.\d{8}-\d{6}(\.gz)?$/.test(name))).toBe(true);
		expect(rotated.filter(name => !name.endsWith('.gz'))).toHaveLength(1);

		const shape = (seen: Observed) => ({
			kubectlFollowsAcrossRotation: seen.follow.complete,
			podscopeFollowsAcrossRotation: seen.podscopeFollow.complete,
			rotatedAway: seen.final.first === undefined || seen.final.first > 1,
			currentFileContiguous: seen.final.contiguous,
			currentFileEndsAtLastLine: seen.final.last === undefined || seen.final.last === flood.lines,
			tailIsItsEnd: seen.tailIsItsEnd,
			limitIsItsStart: seen.limitIsItsStart,
			sinceStartIsIt: seen.sinceStartIsIt,
			podscopeLogsIsIt: seen.podscopeLogsIsIt,
		});
		expect(shape(simulated)).toEqual(shape(real));
	}, 300_000);
});
