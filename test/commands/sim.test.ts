import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {hostname, tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {namespacesAvailable} from '../helpers/namespaces.js';
import {eventually, kubectlPath, run} from '../helpers/sim.js';

// `podscope sim` as a person starts it: what it says when pods cannot be sandboxed, and what
// it leaves behind when stopped with Ctrl-C (nothing: no process, no directory, no mount).

type Started = {child: ChildProcess; kubeconfig: string; stdout: () => string; stderr: () => string};

const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
	for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

async function startSim(flags: string[]): Promise<Started> {
	const dir = mkdtempSync(path.join(tmpdir(), 'podscope-sim-cli-'));
	dirs.push(dir);
	const kubeconfig = path.join(dir, 'kubeconfig');
	const child = spawn(
		process.execPath,
		['bin/podscope.js', 'sim', '--port', '0', '--scenario', 'web-with-logging', '--write-kubeconfig', kubeconfig, ...flags],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	children.push(child);
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (data: Buffer) => (stdout += data.toString()));
	child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
	await eventually(() => stdout.includes('listening on'));
	return {child, kubeconfig, stdout: () => stdout, stderr: () => stderr};
}

const kubectl = (sim: Started, args: string[]) => run(kubectlPath, ['--kubeconfig', sim.kubeconfig, ...args]);
const exited = (child: ChildProcess) =>
	new Promise<number | null>(resolve => (child.exitCode === null ? child.once('exit', resolve) : resolve(child.exitCode)));

describe('podscope sim', () => {
	test('--no-sandbox: one line on stderr, and exec runs on this host', async () => {
		const sim = await startSim(['--no-sandbox']);
		expect(sim.stderr()).toMatch(/^podscope sim: pods are not sandboxed \(--no-sandbox\): exec runs processes on this host as \S+\n$/);
		await eventually(async () => (await kubectl(sim, ['exec', 'web-with-logging', '-c', 'web-app', '--', 'hostname'])).stdout === `${hostname()}\n`);
		sim.child.kill('SIGINT');
		expect(await exited(sim.child)).toBe(0);
	});

	test.runIf(namespacesAvailable())('Ctrl-C ends every sandboxed process and removes its directories', async () => {
		const sim = await startSim([]);
		const pid = sim.child.pid!;
		const exec = await eventually(async () => {
			const result = await kubectl(sim, ['exec', 'web-with-logging', '-c', 'web-app', '--', 'sh', '-c', 'sleep 1000 > /dev/null 2>&1 & hostname']);
			return result.code === 0 && result;
		});
		expect(sim.stderr()).toBe('');
		expect(exec.stdout).toBe('web-with-logging\n');
		const roots = () => readdirSync(tmpdir()).filter(name => name.startsWith(`podscope-sim-${pid}-`));
		const holders = () =>
			execFileSync('ps', ['-e', '-o', 'args='], {encoding: 'utf8'})
				.split('\n')
				// Only this sim's: other tests' sims run holders too (a shared PID namespace's
				// `/pause infinity` names no directory, and none of this sim's pods shares one).
				.filter(line => line.includes(`podscope-sim-${pid}-`));
		expect(roots()).toHaveLength(1);
		expect(holders().length).toBeGreaterThan(0);
		sim.child.kill('SIGINT');
		expect(await exited(sim.child)).toBe(0);
		expect(roots()).toEqual([]);
		await eventually(() => holders().length === 0);
	});
});
