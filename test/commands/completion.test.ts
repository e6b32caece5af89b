import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import {createServer, type Server, type Socket} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {subcommands} from '../../source/commands/cli.js';
import {completionTable} from '../../source/commands/completion-commands.js';
import {kubectlPath, run, settled, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, repoRoot, requireBuild} from '../helpers/tmux.js';

// Shell completion with the built binary: `podscope completion SHELL` as kubectl completion
// answers, `podscope __complete` against the sim, kubectl completing `kubectl podscope`, and
// the bash script in a real bash.

let sim: TestSim;
let bin: string;
let blackHole: Server;
const sockets: Socket[] = [];
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['web-with-logging', 'crashloop']});
	await settled(sim, {running: [['web-with-logging', 'web-app']]});
	// `podscope`, `kubectl-podscope` and `kubectl_complete-podscope` on a PATH, run by this Node.
	bin = path.join(sim.dir, 'bin');
	const wrap = (name: string, file: string) => {
		writeFileSync(path.join(bin, name), `#!/bin/sh\nexec '${process.execPath}' '${path.join(repoRoot, 'bin', file)}' "$@"\n`);
		chmodSync(path.join(bin, name), 0o755);
	};
	mkdirSync(bin);
	wrap('podscope', 'podscope.js');
	wrap('kubectl-podscope', 'kubectl-podscope.js');
	wrap('kubectl_complete-podscope', 'kubectl_complete-podscope.js');
	// A server that accepts connections and never answers.
	blackHole = createServer(socket => sockets.push(socket));
	await new Promise<void>(resolve => blackHole.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	blackHole?.close();
	await sim?.close();
});

const hasShell = (shell: string) => spawnSync(shell, ['-c', 'true']).status === 0;

const env = () => ({PATH: `${bin}${path.delimiter}${process.env.PATH}`, KUBECONFIG: sim.kubeconfigPath});
const podscope = (args: string[], extra: NodeJS.ProcessEnv = {}) => run(process.execPath, [podscopeBin, ...args], {env: {...env(), ...extra}});

/** The candidates of `podscope __complete <words>`, and its directive. */
async function complete(...words: string[]): Promise<{values: string[]; directive: string; stderr: string}> {
	const result = await podscope(['__complete', ...words]);
	expect(result.code).toBe(0);
	const lines = result.stdout.trimEnd().split('\n');
	return {values: lines.slice(0, -1).map(line => line.split('\t')[0]!), directive: lines.at(-1)!, stderr: result.stderr};
}

describe('podscope completion SHELL', () => {
	it('answers a missing, unknown or extra shell as kubectl completion does', async () => {
		for (const args of [[], ['tcsh'], ['bash', 'zsh']]) {
			const kubectl = await run(kubectlPath, ['completion', ...args]);
			const ours = await podscope(['completion', ...args]);
			expect({args, code: ours.code, stderr: ours.stderr, stdout: ours.stdout}).toEqual({
				args,
				code: kubectl.code,
				stderr: kubectl.stderr.replaceAll('kubectl', 'podscope'),
				stdout: '',
			});
		}
	});

	it('prints a script each shell reads without a syntax error', async () => {
		const script = await podscope(['completion', 'bash']);
		expect(script.code).toBe(0);
		const checked = await run('bash', ['--norc', '-n'], {input: script.stdout});
		expect(checked).toMatchObject({code: 0, stderr: ''});
		expect(script.stdout).toContain('complete -o default -F __podscope_complete podscope');
		for (const shell of ['zsh', 'fish']) expect((await podscope(['completion', shell])).stdout).toContain('__complete');
	});

	// zsh and fish are not on every machine: their scripts are checked where they are.
	for (const shell of ['zsh', 'fish']) {
		it.skipIf(!hasShell(shell))(`prints a ${shell} script ${shell} -n reads`, async () => {
			const script = await podscope(['completion', shell]);
			const file = path.join(sim.dir, `podscope.${shell}`);
			writeFileSync(file, script.stdout);
			expect(await run(shell, ['-n', file])).toMatchObject({code: 0, stderr: ''});
		});
	}

	it('lists the commands cli.ts runs', () => {
		expect(Object.keys(completionTable.commands).sort()).toEqual(
			Object.keys(subcommands)
				.filter(name => name !== '__complete')
				.sort(),
		);
	});
});

describe('podscope __complete against a cluster', () => {
	it('pods, containers of the pod on the line, namespaces and contexts', async () => {
		expect(await complete('logs', 'web-with')).toEqual({values: ['web-with-logging'], directive: ':4', stderr: ''});
		expect((await complete('logs', '')).values).toEqual(['crashloop', 'web-with-logging']);
		expect((await complete('logs', 'web-with-logging', '-c', '')).values).toEqual(['web-app', 'log-shipper']);
		expect((await complete('exec', 'crashloop', '--container=')).values).toEqual(['payments']);
		expect((await complete('-n', '')).values).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
		expect((await complete('logs', '--context', '')).values).toEqual(['podscope-sim', 'podscope-sim-viewer', 'podscope-sim-token']);
		expect((await complete('logs', '-n', 'kube-system', '')).values).toEqual([]);
	});

	it('reads --kubeconfig and --context typed before the subcommand', async () => {
		const result = await podscope(['__complete', '--kubeconfig', sim.kubeconfigPath, '--context', 'podscope-sim-viewer', 'describe', 'cr'], {KUBECONFIG: ''});
		expect(result).toEqual({code: 0, stdout: 'crashloop\n:4\n', stderr: ''});
	});

	it('a server that never answers completes nothing, quietly, and prints no credential', async () => {
		const kubeconfig = path.join(sim.dir, 'black-hole.kubeconfig');
		const {port} = blackHole.address() as {port: number};
		writeFileSync(
			kubeconfig,
			[
				'apiVersion: v1',
				'kind: Config',
				'current-context: hole',
				'contexts: [{name: hole, context: {cluster: hole, user: hole}}]',
				`clusters: [{name: hole, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
				'users: [{name: hole, user: {token: s3cret-t0ken}}]',
			].join('\n'),
		);
		for (const words of [
			['logs', ''],
			['logs', 'web', '-c', ''],
			['-n', ''],
		]) {
			const result = await podscope(['__complete', ...words], {KUBECONFIG: kubeconfig});
			expect({words, ...result}).toEqual({words, code: 0, stdout: ':4\n', stderr: ''});
		}
		const missing = await podscope(['__complete', 'logs', ''], {KUBECONFIG: path.join(sim.dir, 'nope')});
		expect(missing).toEqual({code: 0, stdout: ':4\n', stderr: ''});
	});

	it('kubectl podscope <Tab>: kubectl asks kubectl_complete-podscope', async () => {
		const containers = await run(kubectlPath, ['__complete', 'podscope', 'logs', 'web-with-logging', '-c', ''], {env: env()});
		expect(containers.stdout).toBe('web-app\nlog-shipper\n:4\n');
		const subcommand = await run(kubectlPath, ['__complete', 'podscope', 'doc'], {env: env()});
		expect(subcommand.stdout).toBe('doctor\tdiagnose pods; exit 1 when something is wrong\n:4\n');
	});
});

describe('the fish script in fish', () => {
	it.skipIf(!hasShell('fish'))('completes a subcommand, a pod, -c containers and --context=', async () => {
		const tab = async (line: string) => {
			const result = await run('fish', ['--no-config', '-c', `podscope completion fish | source; complete -C ${JSON.stringify(line)}`], {env: env()});
			expect(result.stderr).toBe('');
			return result.stdout.split('\n').filter(Boolean);
		};
		expect(await tab('podscope ti')).toEqual(['timeline\tthe startup timeline of every container']);
		expect(await tab('podscope logs web-with')).toEqual(['web-with-logging']);
		expect(await tab('podscope logs web-with-logging -c ')).toEqual(['log-shipper', 'web-app']);
		expect(await tab('podscope logs --context=podscope-sim-t')).toEqual(['--context=podscope-sim-token']);
	});
});

describe('the bash script in bash', () => {
	/** COMPREPLY after Tab at the end of `line`, the script sourced as a user would. */
	async function bashComplete(line: string): Promise<string[]> {
		const result = await run('bash', ['--norc', path.join(repoRoot, 'test/fixtures/complete-in-bash.sh'), line], {env: env()});
		expect(result.stderr).toBe('');
		return result.stdout.split('\n').filter(Boolean);
	}

	it('completes subcommands, flags, pods and -c containers', async () => {
		expect(await bashComplete('podscope ti')).toEqual(['timeline']);
		expect(await bashComplete(`KUBECONFIG=${sim.kubeconfigPath} podscope ti`)).toEqual(['timeline']);
		expect(await bashComplete('podscope logs --time')).toEqual(['--timestamps']);
		expect(await bashComplete('podscope logs web-with')).toEqual(['web-with-logging']);
		expect(await bashComplete('podscope logs web-with-logging -c ')).toEqual(['web-app', 'log-shipper']);
		expect(await bashComplete(`podscope --kubeconfig ${sim.kubeconfigPath} exec web-with-logging -c l`)).toEqual(['log-shipper']);
		// Readline replaces what follows the `=`: the candidates are the values alone.
		expect(await bashComplete('podscope logs --context=podscope-sim-t')).toEqual(['podscope-sim-token']);
	});
});
