import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startSim, type Sim, type SimOptions} from '../../source/sim/sim.js';

// Start the simulator in-process on a free loopback port, with a kubeconfig in a temp dir.

export type TestSim = Sim & {kubeconfigPath: string; dir: string; close(): Promise<void>};

export async function startTestSim(options: SimOptions = {}): Promise<TestSim> {
	const sim = await startSim({port: 0, ...options});
	const dir = mkdtempSync(path.join(tmpdir(), 'podscope-test-'));
	const kubeconfigPath = path.join(dir, 'kubeconfig');
	sim.writeKubeconfig(kubeconfigPath);
	return Object.assign(sim, {
		kubeconfigPath,
		dir,
		async close() {
			await sim.stop();
			rmSync(dir, {recursive: true, force: true});
		},
	});
}

export type RunResult = {code: number; stdout: string; stderr: string};

/** Run a program to completion (never throws on a non-zero exit). */
export function run(file: string, args: string[], options: {env?: NodeJS.ProcessEnv; timeout?: number; input?: string} = {}): Promise<RunResult> {
	return new Promise(resolve => {
		const child = execFile(
			file,
			args,
			{env: {...process.env, ...options.env}, timeout: options.timeout ?? 20_000, maxBuffer: 64 * 1024 * 1024},
			(error, stdout, stderr) => {
				const code = error ? (typeof (error as {code?: unknown}).code === 'number' ? (error as {code: number}).code : 1) : 0;
				resolve({code, stdout, stderr});
			},
		);
		if (options.input !== undefined) child.stdin?.end(options.input);
		else child.stdin?.end();
	});
}

export const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl';

export function kubectl(sim: TestSim, args: string[], options: {timeout?: number; input?: string; context?: string} = {}): Promise<RunResult> {
	const context = options.context ? ['--context', options.context] : [];
	return run(kubectlPath, ['--kubeconfig', sim.kubeconfigPath, ...context, ...args], options);
}

/** Poll until `check` returns a value (not undefined/false), or fail after `timeout` ms. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeout = 20_000, interval = 100): Promise<T> {
	const deadline = Date.now() + timeout;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await check();
			if (value !== undefined && value !== false) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			throw new Error(`condition not met within ${timeout} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
		}
		await new Promise(resolve => setTimeout(resolve, interval));
	}
}

/** A container's status in the sim, init and ephemeral containers included. */
export function containerStatus(sim: TestSim, pod: string, container: string, namespace = 'default') {
	const status = sim.cluster.pods.get(namespace, pod)?.status;
	return [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? []), ...(status?.ephemeralContainerStatuses ?? [])].find(
		item => item.name === container,
	);
}

/** Wait (polling the sim, up to 25 s) until the scenarios have reached the states a test needs. */
export async function settled(sim: TestSim, wants: {running?: Array<[string, string]>; restarted?: Array<[string, string]>}): Promise<void> {
	await eventually(
		() =>
			(wants.running ?? []).every(([pod, container]) => containerStatus(sim, pod, container)?.state?.running !== undefined) &&
			(wants.restarted ?? []).every(([pod, container]) => (containerStatus(sim, pod, container)?.restartCount ?? 0) >= 1),
		25_000,
	);
}
