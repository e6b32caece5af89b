import {constants, PerformanceObserver, performance} from 'node:perf_hooks';
import {render} from 'ink';
import {App} from '../ui/App.js';
import {trace, tracing} from '../session/trace.js';
import {colorEnabled, makeTheme} from '../ui/theme.js';
import type {StartedSession, TuiFlags} from './tui-session.js';

const gcKinds: Record<number, string> = {
	[constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
	[constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
	[constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
	[constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak',
};

// The TUI's second half: render the browser over a started session in the alternate screen,
// and restore the terminal on every way out.

export async function renderTui(flags: TuiFlags, {controller, stopSim}: StartedSession): Promise<number> {
	const theme = makeTheme(colorEnabled(process.env, flags.color));
	let traced = false;
	// Key-to-frame latency for the benchmarks: from the moment input is readable to the next
	// frame Ink writes.
	let keyAt: number | undefined;
	// Frames Ink has written, for the memory trace: what a frame costs is paid this often.
	let frames = 0;
	if (tracing) process.stdin.on('readable', () => (keyAt ??= performance.now()));
	// Memory over time for the benchmarks; with --expose-gc, measured after a full collection so
	// growth means retention, not a heap that has not been collected yet.
	const memoryTimer = tracing
		? setInterval(() => {
				(globalThis as {gc?: () => void}).gc?.();
				const {rss, heapUsed, heapTotal, external, arrayBuffers} = process.memoryUsage();
				trace('memory', {rss, heapUsed, heapTotal, external, arrayBuffers, frames});
			}, Number(process.env.PODSCOPE_TRACE_MEMORY_MS ?? 10_000))
		: undefined;
	memoryTimer?.unref();
	// The collector's pauses for the benchmarks: what a key's frame may have waited for.
	if (tracing) {
		new PerformanceObserver(list => {
			for (const entry of list.getEntries()) {
				const kind = gcKinds[(entry as {detail?: {kind?: number}}).detail?.kind ?? 0] ?? 'other';
				trace('gc', {kind, duration: Math.round(entry.duration * 10) / 10});
			}
		}).observe({entryTypes: ['gc']});
	}
	// Ink enters the alternate screen without moving the cursor and draws its first frame from
	// wherever it is: a frame as wide as the terminal started past column 1 wraps, and its top
	// line scrolls away. Back to column 1, erasing what the terminal echoed of keys typed
	// before raw mode (the line is podscope's: the shell's command line is above it).
	process.stdout.write('\r\u001b[K');
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
			// Ink turns itself non-interactive when it sees CI=true; podscope already checked
			// that both ends are a terminal, and a terminal gets the full-screen TUI.
			interactive: true,
			alternateScreen: true,
			exitOnCtrlC: false,
			// Ink throttles every frame, a key's too: at 30 fps a key waited up to 33 ms for its
			// frame (half the browser's key latency with 5,000 pods); 45 keeps that wait short
			// without the extra frames (and garbage) of 60.
			maxFps: 45,
			incrementalRendering: process.env.PODSCOPE_INCREMENTAL !== '0',
			onRender: tracing
				? () => {
						frames++;
						if (frames === 1) trace('first-frame');
						if (keyAt === undefined) return;
						trace('key-frame', {latency: Math.round((performance.now() - keyAt) * 10) / 10});
						keyAt = undefined;
					}
				: undefined,
		},
	);
	// SIGTERM and friends: unmount restores the terminal; if something (a shell session holding
	// the terminal) keeps the process alive, restore cooked mode and the cursor and leave.
	const quit = (signal: NodeJS.Signals) => {
		// The shell's convention for a process a signal ended: 128 + the signal's number.
		process.exitCode = signal === 'SIGINT' ? 130 : 143;
		instance.unmount();
		setTimeout(() => {
			if (process.stdin.isTTY) process.stdin.setRawMode(false);
			process.stdout.write('\u001B[?25h\r\n');
			process.exit(process.exitCode);
		}, 1000).unref();
	};
	// The terminal went away (window closed, ssh dropped): restore what can be restored and
	// leave, rather than keep a process rendering into a dead pty.
	const hangup = () => {
		process.exitCode = 129;
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
		if (memoryTimer) clearInterval(memoryTimer);
		process.off('SIGTERM', quit);
		process.off('SIGHUP', hangup);
		process.off('SIGINT', quit);
		process.stdin.off('end', hangup);
		controller.stop();
		await stopSim();
	}
	return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
