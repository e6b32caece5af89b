import {spawn} from 'node:child_process';
import {accessSync, constants} from 'node:fs';
import path from 'node:path';
import {describe, it} from 'vitest';
import {run, type RunResult, type TestSim} from '../helpers/sim.js';

// The real kubectl against the sim. These suites run wherever kubectl is installed; on CI
// (CI=true) a missing kubectl is a failure, not a skip, so conformance cannot silently vanish.

function findKubectl(): string | undefined {
	const candidates = [
		...(process.env.KUBECTL ? [process.env.KUBECTL] : []),
		...(process.env.PATH ?? '')
			.split(path.delimiter)
			.filter(Boolean)
			.map(dir => path.join(dir, 'kubectl')),
	];
	for (const candidate of candidates) {
		try {
			accessSync(candidate, constants.X_OK);
			return candidate;
		} catch {
			// next
		}
	}
	return undefined;
}

export const kubectlBinary = findKubectl();

/** describe() for a suite that needs kubectl: skipped without it, failed without it on CI. */
export function conformance(name: string, body: () => void): void {
	if (kubectlBinary) {
		describe(name, body);
		return;
	}
	if (process.env.CI === 'true') {
		describe(name, () => {
			it('has kubectl on PATH', () => {
				throw new Error('kubectl is not on PATH (or $KUBECTL): conformance tests must run on CI');
			});
		});
		return;
	}
	describe.skip(name, body);
}

// kubectl must see only the sim: no user kubeconfig, no colour, a private discovery cache.
const env = (sim: TestSim) => ({KUBECONFIG: '', KUBECACHEDIR: path.join(sim.dir, 'cache'), NO_COLOR: '1', TERM: 'dumb'});

export type KubectlOptions = {context?: string; timeout?: number; input?: string; kubeconfig?: string; binary?: string};

export function kubectl(sim: TestSim, args: string[], options: KubectlOptions = {}): Promise<RunResult> {
	const context = options.context ? ['--context', options.context] : [];
	return run(options.binary ?? kubectlBinary!, ['--kubeconfig', options.kubeconfig ?? sim.kubeconfigPath, ...context, ...args], {
		env: env(sim),
		timeout: options.timeout ?? 20_000,
		input: options.input,
	});
}

/** A long-running kubectl (-w, -f) whose output can be read while it runs. */
export function kubectlStream(sim: TestSim, args: string[], options: KubectlOptions = {}) {
	const context = options.context ? ['--context', options.context] : [];
	const child = spawn(kubectlBinary!, ['--kubeconfig', options.kubeconfig ?? sim.kubeconfigPath, ...context, ...args], {
		env: {...process.env, ...env(sim)},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', chunk => (stdout += String(chunk)));
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	const exited = new Promise<RunResult>(resolve => child.on('close', code => resolve({code: code ?? 1, stdout, stderr})));
	const guard = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 30_000);
	void exited.then(() => clearTimeout(guard));
	return {
		stdout: () => stdout,
		stderr: () => stderr,
		exited,
		/** Stop it (SIGTERM) and return what it printed. */
		async stop(): Promise<RunResult> {
			if (child.exitCode === null) child.kill('SIGTERM');
			return exited;
		},
	};
}

/**
 * kubectl's tabular output as rows of named cells. Columns start where the header's names
 * start (tabwriter pads with at least three spaces; names like "NOMINATED NODE" have one).
 */
export function parseTable(output: string): Array<Record<string, string>> {
	const lines = output.split('\n').filter(line => line.trim() !== '');
	if (lines.length === 0) return [];
	const header = lines[0]!;
	const starts: Array<{name: string; at: number}> = [];
	const pattern = /\S+(?: \S+)*/g;
	for (let match = pattern.exec(header); match; match = pattern.exec(header)) starts.push({name: match[0], at: match.index});
	return lines.slice(1).map(line => {
		const row: Record<string, string> = {};
		starts.forEach((column, index) => {
			const end = index + 1 < starts.length ? starts[index + 1]!.at : undefined;
			row[column.name] = line.slice(column.at, end).trim();
		});
		return row;
	});
}

/** Rows of a -w stream: each line under the one header, split the same way. */
export function parseWatch(output: string): Array<Record<string, string>> {
	return parseTable(output);
}

export const byName = (rows: Array<Record<string, string>>) => new Map(rows.map(row => [row.NAME!, row]));

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
