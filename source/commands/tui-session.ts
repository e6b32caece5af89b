import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {type LoadedConfig, type LoadOptions, loadKubeconfig} from '../kube/kubeconfig.js';
import {TerminalLender} from '../session/terminal-lender.js';
import {sinceSeconds} from '../model/logs/options.js';
import {SessionController} from '../session/controller.js';
import {capYoungGeneration, limitHeapGrowth} from './heap-sizing.js';
import {type LogSettings, logSettingsFromEnv} from '../session/log-settings.js';

// The TUI's first half: check the flags and the terminal, resolve the kubeconfig (or start the
// demo sim) and start the session, so the first list request is on the wire while Ink and
// React are still loading. Nothing here imports React.

export type TuiFlags = {
	kubeconfig?: string;
	context?: string;
	namespace?: string;
	allNamespaces: boolean;
	selector?: string;
	readOnly: boolean;
	demo: boolean;
	color: boolean;
	shell?: string;
	debugImage?: string;
	tail?: number;
	buffer?: number;
	since?: string;
};

/** What every log pane starts with: the environment's settings under the flags; a one-line error when invalid. */
export function logSettingsOf(flags: TuiFlags, env: NodeJS.ProcessEnv = process.env): LogSettings | string {
	const settings = logSettingsFromEnv(env);
	if (flags.tail !== undefined) {
		if (!Number.isInteger(flags.tail) || flags.tail < 0) return `invalid --tail ${flags.tail}: must be a whole number, 0 or more`;
		settings.tailLines = flags.tail;
	}
	if (flags.buffer !== undefined) {
		if (!Number.isInteger(flags.buffer) || flags.buffer < 1) return `invalid --buffer ${flags.buffer}: must be a whole number above 0`;
		settings.bufferLines = flags.buffer;
	}
	if (flags.since !== undefined) {
		try {
			settings.sinceSeconds = sinceSeconds(flags.since);
		} catch (error) {
			return (error as Error).message;
		}
	}
	return settings;
}

/** Raw mode (no echo) until Ink takes the keys; returns the way back to cooked mode for an early exit. */
function holdKeys(): () => void {
	process.stdin.setRawMode(true);
	return () => process.stdin.setRawMode(false);
}

/** The young generation's most (both semi-spaces): it ends between 16 and 32 MB. */
const youngGenerationMb = 32;
/** The old generation's room between full collections: 1.5× what survived the last. */
const heapGrowingPercent = 50;

export type StartedSession = {controller: SessionController; stopSim(): Promise<void>};

/** A started session, or the exit code of a one-line error. */
export async function startTuiSession(flags: TuiFlags): Promise<StartedSession | number> {
	// Before the first list arrives: it is what would grow V8's heap (heap-sizing.ts).
	capYoungGeneration(youngGenerationMb);
	limitHeapGrowth(heapGrowingPercent);
	const logs = logSettingsOf(flags);
	if (typeof logs === 'string') {
		process.stderr.write(`error: ${logs}\n`);
		return 1;
	}
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		process.stderr.write(
			"error: podscope's TUI needs a terminal (stdin and stdout must be a TTY); in scripts use podscope logs, podscope describe or podscope doctor\n",
		);
		return 1;
	}
	// Keys typed while Ink loads would be echoed by the terminal, shifting the cursor the first
	// frame starts from (the header then wraps and scrolls away). Raw mode now stops the echo;
	// the keys wait unread and Ink handles them once it listens.
	const cooked = holdKeys();
	// Credential plugins keep off the screen, but for an interactive one the screen steps aside.
	const lender = new TerminalLender();
	const plugins = {stderr: 'ignore' as const, lendTerminal: <T>(run: () => Promise<T>) => lender.lend(run), stdinStream: process.stdin};
	let loadOptions: LoadOptions = {kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, plugins};
	let stopSim = async () => {};
	if (flags.demo) {
		const [{startSim}, {defaultScenarios}] = await Promise.all([import('../sim/sim.js'), import('../sim/scenarios/index.js')]);
		// k3s's own kube-system too, so -A and the namespace picker look like a k3s cluster.
		const sim = await startSim({port: 0, scenarios: [...defaultScenarios, 'k3s-system']}).catch((error: unknown) => {
			cooked();
			throw error;
		});
		const dir = mkdtempSync(path.join(tmpdir(), 'podscope-demo-'));
		const file = path.join(dir, 'kubeconfig');
		sim.writeKubeconfig(file);
		loadOptions = {kubeconfig: file, context: flags.context ?? 'podscope-sim', namespace: flags.namespace, plugins};
		stopSim = async () => {
			await sim.stop();
			rmSync(dir, {recursive: true, force: true});
		};
	}
	let loaded: LoadedConfig;
	try {
		loaded = loadKubeconfig(loadOptions);
	} catch (error) {
		cooked();
		await stopSim();
		process.stderr.write(`error: ${(error as Error).message}\n`);
		return 1;
	}
	const controller = new SessionController(loaded, {
		loadOptions,
		allNamespaces: flags.allNamespaces,
		selector: flags.selector,
		readOnly: flags.readOnly,
		demo: flags.demo,
		shell: flags.shell,
		debugImage: flags.debugImage,
		logs,
		lender,
	});
	controller.start();
	return {controller, stopSim};
}
