import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {render} from 'ink';
import {type LoadOptions, loadKubeconfig} from '../kube/kubeconfig.js';
import {SessionController} from '../kube/session.js';
import {sinceSeconds} from '../model/log-options.js';
import {App} from '../ui/App.js';
import {trace, tracing} from '../ui/trace.js';
import {logSettings} from '../ui/logs/settings.js';
import {colorEnabled, makeTheme} from '../ui/theme.js';

// The interactive entry: resolve the kubeconfig (or start the demo sim), render the
// browser in the alternate screen, and restore the terminal on every way out.

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

/** Apply the log flags to what every log pane starts with; a one-line error when invalid. */
function applyLogFlags(flags: TuiFlags): string | undefined {
	if (flags.tail !== undefined) {
		if (!Number.isInteger(flags.tail) || flags.tail < 0) return `invalid --tail ${flags.tail}: must be a whole number, 0 or more`;
		logSettings.tailLines = flags.tail;
	}
	if (flags.buffer !== undefined) {
		if (!Number.isInteger(flags.buffer) || flags.buffer < 1) return `invalid --buffer ${flags.buffer}: must be a whole number above 0`;
		logSettings.bufferLines = flags.buffer;
	}
	if (flags.since !== undefined) {
		try {
			logSettings.sinceSeconds = sinceSeconds(flags.since);
		} catch (error) {
			return (error as Error).message;
		}
	}
	return undefined;
}


export async function runTui(flags: TuiFlags): Promise<number> {
	const invalid = applyLogFlags(flags);
	if (invalid) {
		process.stderr.write(`error: ${invalid}\n`);
		return 1;
	}
	if (!process.stdout.isTTY || !process.stdin.isTTY) {
		process.stderr.write("error: podscope's TUI needs a terminal (stdin and stdout must be a TTY); in scripts use podscope logs, podscope describe or podscope doctor\n");
		return 1;
	}
	let loadOptions: LoadOptions = {kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace};
	let stopSim = async () => {};
	if (flags.demo) {
		const {startSim} = await import('../sim/sim.js');
		const sim = await startSim({port: 0});
		const dir = mkdtempSync(path.join(tmpdir(), 'podscope-demo-'));
		const file = path.join(dir, 'kubeconfig');
		sim.writeKubeconfig(file);
		loadOptions = {kubeconfig: file, context: flags.context ?? 'podscope-sim', namespace: flags.namespace};
		stopSim = async () => {
			await sim.stop();
			rmSync(dir, {recursive: true, force: true});
		};
	}
	let loaded;
	try {
		loaded = loadKubeconfig(loadOptions);
	} catch (error) {
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
	});
	controller.start();
	const theme = makeTheme(colorEnabled(process.env, flags.color));
	let traced = false;
	// Key-to-frame latency for the benchmarks: from the moment input is readable to the next
	// frame Ink writes.
	let keyAt: number | undefined;
	if (tracing) process.stdin.on('readable', () => (keyAt ??= performance.now()));
	const instance = render(
		<App
			controller={controller}
			theme={theme}
			onFrame={state => {
				if (!traced && state.listed && state.pods.length > 0) {
					traced = true;
					trace('first-list-frame', {pods: state.pods.length});
				}
			}}
		/>,
		{
			alternateScreen: true,
			exitOnCtrlC: false,
			maxFps: 30,
			incrementalRendering: process.env.PODSCOPE_INCREMENTAL !== '0',
			onRender: tracing
				? () => {
						if (keyAt === undefined) return;
						trace('key-frame', {latency: Math.round((performance.now() - keyAt) * 10) / 10});
						keyAt = undefined;
					}
				: undefined,
		},
	);
	// SIGTERM and friends: unmount restores the terminal; if something (a shell session holding
	// the terminal) keeps the process alive, restore cooked mode and the cursor and leave.
	const quit = () => {
		instance.unmount();
		setTimeout(() => {
			if (process.stdin.isTTY) process.stdin.setRawMode(false);
			process.stdout.write('\u001B[?25h\r\n');
			process.exit(143);
		}, 1000).unref();
	};
	// The terminal went away (window closed, ssh dropped): restore what can be restored and
	// leave, rather than keep a process rendering into a dead pty.
	const hangup = () => {
		try {
			instance.unmount();
		} catch {
			// Writing to a vanished terminal may fail; exiting is what matters.
		}
		setTimeout(() => process.exit(129), 200).unref();
	};
	const crash = (error: unknown) => {
		instance.unmount();
		process.stderr.write(`podscope: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
		process.exitCode = 1;
	};
	process.on('SIGTERM', quit);
	process.on('SIGHUP', hangup);
	process.on('SIGINT', quit);
	process.stdin.on('end', hangup);
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	try {
		await instance.waitUntilExit();
	} finally {
		process.off('SIGTERM', quit);
		process.off('SIGHUP', hangup);
		process.off('SIGINT', quit);
		process.stdin.off('end', hangup);
		controller.stop();
		await stopSim();
	}
	return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
