import {spawn} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {eventually, kubectl, run, type RunResult, settled, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, requireBuild} from '../helpers/tmux.js';

// `podscope logs` against kubectl on the same sim: same output, same errors, same exit codes.
// Live containers write a line a second, so a comparison that raced a new line is retried.

let sim: TestSim;
const bin = podscopeBin;

beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['web-with-logging', 'pod-with-init', 'crashloop', 'escape-injection', 'native-sidecar', 'app-with-log-adapter']});
	// Let init containers finish and crashloop fail once, so --previous has something.
	await settled(sim, {
		running: [
			['pod-with-init', 'main-app'],
			['native-sidecar', 'app'],
		],
		restarted: [['crashloop', 'payments']],
	});
}, 30_000);
afterAll(async () => {
	await sim?.close();
});

const podscope = (args: string[], env: NodeJS.ProcessEnv = {}) =>
	run(process.execPath, [bin, 'logs', '--kubeconfig', sim.kubeconfigPath, ...args], {env: {NO_COLOR: '', ...env}});

/** Both at once; retried when a line arrived between the two. */
async function same(args: string[], normalise: (result: RunResult) => unknown = result => result): Promise<void> {
	let ours: unknown;
	let theirs: unknown;
	for (let attempt = 0; attempt < 6; attempt++) {
		const [a, b] = await Promise.all([podscope(args), kubectl(sim, ['logs', ...args])]);
		ours = normalise({...a, stderr: a.stderr.replaceAll('podscope logs', 'kubectl logs')});
		theirs = normalise(b);
		if (JSON.stringify(ours) === JSON.stringify(theirs)) return;
		if (attempt === 5 && a.code === b.code && a.stderr.replaceAll('podscope logs', 'kubectl logs') === b.stderr && shiftedByOne(a.stdout, b.stdout)) return;
	}
	expect(ours).toEqual(theirs);
}

/** A container writing a line a second can get one line ahead between the two requests. */
function shiftedByOne(a: string, b: string): boolean {
	const [x, y] = [a.split('\n'), b.split('\n')].sort((p, q) => p.length - q.length) as [string[], string[]];
	const key = (lines: string[]) => lines.join('\n');
	return key(x.slice(0, -2)) === key(y.slice(0, -3)) || key(x.slice(1)) === key(y.slice(2)) || key(x) === key(y.slice(0, -2).concat(['']));
}

/**
 * kubectl prints several containers in a random order: compare them as groups, without each
 * group's first and last line, where a line written between the two requests would show.
 */
const grouped = (result: RunResult) => ({
	code: result.code,
	stderr: result.stderr,
	groups: [...Map.groupBy(result.stdout.split('\n').filter(Boolean), line => line.split(' ')[0]).entries()]
		.map(([key, lines]) => [key, lines.length > 2 ? lines.slice(1, -1) : []])
		.sort(),
});

describe('podscope logs equals kubectl logs', () => {
	it.each([
		[['web-with-logging', '-c', 'web-app']],
		[['web-with-logging', '-c', 'log-shipper', '--tail', '3', '--timestamps']],
		[['web-with-logging']],
		[['pod/web-with-logging', 'log-shipper', '--tail=2']],
		[['pod-with-init', '-c', 'init-setup']],
		[['native-sidecar', '-c', 'envoy', '--tail', '5']],
		[['crashloop', '--previous']],
		[['crashloop', '-p', '--timestamps', '--tail', '4']],
		[['escape-injection', '--tail', '7']],
		[['app-with-log-adapter', '-c', 'log-adapter', '--since', '1h', '--tail', '4']],
		[['web-with-logging', '-c', 'web-app', '--since-time', '2020-01-01T00:00:00Z', '--tail', '2']],
	])('%j', async args => {
		await same(args);
	});

	it.each([
		[['-l', 'app=web-with-logging', '--all-containers', '--prefix', '--tail', '3']],
		[['-l', 'pattern in (sidecar,init)', '--all-containers', '--prefix', '--timestamps']],
		[['pod-with-init', '--all-containers', '--prefix']],
	])('%j (groups)', async args => {
		await same(args, grouped);
	});

	it.each([
		[['no-such-pod']],
		[['web-with-logging', '-c', 'nope']],
		[['web-with-logging', '-c', 'web-app', '--previous']],
		[['web-with-logging', '--tail', 'x']],
		[['web-with-logging', '--tail', '-5']],
		[['web-with-logging', '--since', '5x']],
		[['web-with-logging', '--since', '-3s']],
		[['web-with-logging', '--since', '5s', '--since-time', '2020-01-01T00:00:00Z']],
		[['web-with-logging', '--since-time', 'yesterday']],
		[[]],
		[['-l', 'app=nothing']],
		[['web-with-logging', '-c']],
		[['web-with-logging', '--container']],
		[['web-with-logging', '--bogus']],
		[['web-with-logging', '--tail', '99999999999999999999']],
		[['web-with-logging', '--since', '999999999h']],
	])('errors like kubectl: %j', async args => {
		await same(args);
	});
});

describe('podscope logs', () => {
	it('follows with -f through a restart, the marker on stderr and no duplicate line', async () => {
		const fast = await startTestSim({scenarios: ['crashloop'], speed: 5});
		const result = await run(process.execPath, [bin, 'logs', '--kubeconfig', fast.kubeconfigPath, 'crashloop', '-f'], {timeout: 8000}).finally(() =>
			fast.close(),
		);
		// The follow never ends by itself (crashloop restarts forever): it is cut by the timeout.
		const lines = result.stdout.split('\n').slice(0, -1);
		const starts = lines.filter(line => line === 'payments-api 1.4.2 starting').length;
		expect(starts).toBeGreaterThanOrEqual(2);
		expect(result.stderr).toMatch(/crashloop\/payments: ── restarted: exit 2 \(Error\) at \d\d:\d\d:\d\d ──/);
		// Every instance whole and once: the one cut by the timeout may miss its panic.
		const panics = lines.filter(line => line.startsWith('panic:')).length;
		expect(panics === starts || panics === starts - 1).toBe(true);
		const instance = lines.slice(0, lines.indexOf('main.main()') + 2);
		expect(instance).toHaveLength(10);
		expect(lines.slice(0, instance.length * panics)).toEqual(Array.from({length: panics}, () => instance).flat());
	}, 20_000);

	it('takes kubectl’s global flags before the subcommand: --kubeconfig, -n', async () => {
		const args = ['pod-with-init', '-c', 'init-setup'];
		const [ours, theirs] = await Promise.all([
			run(process.execPath, [bin, '--kubeconfig', sim.kubeconfigPath, '-n', 'default', 'logs', ...args]),
			kubectl(sim, ['logs', ...args]),
		]);
		expect(ours).toEqual(theirs);
		expect(ours.stdout.length).toBeGreaterThan(0);
		// A flag the subcommand does not know is still refused, in kubectl's words.
		const refused = await run(process.execPath, [bin, '--context=podscope-sim', 'logs', 'pod-with-init', '--bogus']);
		expect(refused).toEqual({code: 1, stdout: '', stderr: "Error: unknown flag: --bogus\nSee 'podscope logs --help' for usage.\n"});
	});

	it('ends a follow on SIGTERM or SIGINT with the status a shell expects (143, 130)', async () => {
		for (const [signal, status] of [
			['SIGTERM', 143],
			['SIGINT', 130],
		] as const) {
			const child = spawn(process.execPath, [bin, 'logs', '--kubeconfig', sim.kubeconfigPath, 'web-with-logging', '-c', 'web-app', '-f'], {
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let out = '';
			child.stdout.on('data', (chunk: Buffer) => {
				out += chunk.toString();
			});
			const exited = new Promise<number | null>(resolve => child.once('exit', resolve));
			await eventually(() => out.includes('\n'));
			child.kill(signal);
			expect({signal, status: await exited}).toEqual({signal, status});
		}
	});

	it('writes the same bytes into a file as into a pipe', async () => {
		const flood = await startTestSim({scenarios: ['log-flood'], scenarioOptions: {floodLines: 50_000, floodRate: 0}});
		try {
			const file = path.join(path.dirname(flood.kubeconfigPath), 'out.log');
			const args = `'${process.execPath}' '${bin}' logs --kubeconfig '${flood.kubeconfigPath}' log-flood -f`;
			const redirected = await run('bash', ['-c', `${args} > '${file}'`]);
			expect(redirected.code).toBe(0);
			const piped = await run('bash', ['-c', args]);
			const written = readFileSync(file, 'utf8');
			expect(written).toBe(piped.stdout);
			const lines = written.split('\n');
			expect(lines).toHaveLength(50_001);
			expect(lines[0]).toMatch(/^flood line 000000001 x+$/);
			expect(lines[49_999]).toMatch(/^flood line 000050000 x+$/);
		} finally {
			await flood.close();
		}
	}, 30_000);

	it('ends cleanly when piped into head', async () => {
		const flood = await startTestSim({scenarios: ['log-flood'], scenarioOptions: {floodLines: 200_000, floodRate: 0}});
		try {
			const result = await run('bash', [
				'-c',
				`set -o pipefail; '${process.execPath}' '${bin}' logs --kubeconfig '${flood.kubeconfigPath}' log-flood -f | head -3`,
			]);
			expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(3);
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
		} finally {
			await flood.close();
		}
	});

	it('follows every container of every pod a selector matches: 20 pods × 3 containers, no cap', async () => {
		const file = path.join(sim.dir, 'fleet.yaml');
		const pods = Array.from(
			{length: 20},
			(_, index) => `apiVersion: v1
kind: Pod
metadata: {name: fleet-${index}, labels: {app: fleet}}
spec:
  containers:
${['app', 'proxy', 'shipper']
	.map(
		name => `  - name: ${name}
    image: busybox:1.36
    x-sim: {logs: {every: 0.5, lines: ["{pod} {container} {n}"]}}`,
	)
	.join('\n')}
`,
		);
		writeFileSync(file, pods.join('---\n'));
		const fleet = await startTestSim({scenarios: [file]});
		try {
			const child = spawn(process.execPath, [
				bin,
				'logs',
				'--kubeconfig',
				fleet.kubeconfigPath,
				'-l',
				'app=fleet',
				'--all-containers',
				'-f',
				'--prefix',
				'--tail',
				'1',
			]);
			let stdout = '';
			child.stdout.on('data', chunk => (stdout += chunk));
			const prefixes = () =>
				new Set(
					stdout
						.split('\n')
						.filter(Boolean)
						.map(line => line.split(' ')[0]),
				);
			const deadline = Date.now() + 15_000;
			while (prefixes().size < 60 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100));
			child.kill('SIGTERM');
			expect(prefixes().size).toBe(60);
			expect(prefixes().has('[pod/fleet-19/shipper]')).toBe(true);
		} finally {
			await fleet.close();
		}
	}, 30_000);

	it('starts without the parts of Node it does not use (child processes, workers, parsers)', async () => {
		// The build keeps these out of every start: meow's unused execFile, util's and fs's
		// values that Node builds on first read. A dependency that brings one back shows here.
		const probe = path.join(sim.dir, 'modules.mjs');
		writeFileSync(probe, "process.on('exit', () => process.stderr.write('MODULES ' + JSON.stringify(process.moduleLoadList) + '\\n'));\n");
		const result = await run(process.execPath, [
			'--import',
			pathToFileURL(probe).href,
			bin,
			'logs',
			'--kubeconfig',
			sim.kubeconfigPath,
			'web-with-logging',
			'-c',
			'web-app',
			'--tail',
			'1',
		]);
		expect(result.code).toBe(0);
		expect(result.stdout.split('\n')).toHaveLength(2);
		const loaded: string[] = JSON.parse(/MODULES (.*)/.exec(result.stderr)![1]!);
		expect(loaded).toContain('NativeModule https');
		for (const unused of [
			'child_process',
			'worker_threads',
			'dgram',
			'internal/util/parse_args/parse_args',
			'internal/util/diff',
			'internal/fs/dir',
			'internal/fs/promises',
		]) {
			expect(loaded).not.toContain(`NativeModule ${unused}`);
		}
	});

	it('colours the prefix only on a terminal and never with NO_COLOR', async () => {
		const result = await podscope(['web-with-logging', '-c', 'web-app', '--prefix', '--tail', '1']);
		expect(result.stdout).not.toContain('\x1b[');
	});
});
