import {addDebugContainer, defaultDebugImage, waitForDebugContainer} from '../kube/debug.js';
import {KubeError, type KubeHttp} from '../kube/http.js';
import {describeShellEnd, runShell, type ShellResult, type Terminal} from '../kube/shell.js';
import type {Action, AppState} from '../model/app-state.js';
import type {ContainerRef} from '../model/container-ref.js';
import type {Store} from '../model/store.js';

// `s`: hand the terminal to a shell in the container and come back to the same screen with
// one line saying how it ended; offer a debug container when the image has no shell.

/** Takes the terminal from the UI while `run` lasts and gives it back after (Ink's suspendTerminal). */
export type Suspend = (run: () => Promise<void>) => Promise<void>;

/** What the shell actions need of the session; `http` is read when used, as a context switch replaces it. */
export type ShellContext = {http(): KubeHttp; store: Store<AppState, Action>; terminal: Terminal; shell?: string; debugImage?: string};

/** Cursor home, then erase the screen (not the scrollback). */
const clearScreen = '\u001b[H\u001b[2J';

const say = (context: ShellContext, text: string, level: 'info' | 'error' = 'info') => context.store.dispatch({type: 'message', text, level, at: Date.now()});

const failure = (error: unknown) => (error instanceof KubeError ? error.message : ((error as Error)?.message ?? String(error)));

async function inTerminal(context: ShellContext, target: ContainerRef, suspend: Suspend, attach: boolean): Promise<ShellResult | undefined> {
	let result: ShellResult | undefined;
	let error: unknown;
	const {stdin, stdout} = context.terminal;
	await suspend(async () => {
		// Each session starts on a clean screen (as k9s's): the main screen still holds the last
		// shell's transcript. Only the visible screen is cleared; scrollback keeps the user's own.
		stdout.write(`${clearScreen}podscope: ${attach ? 'attached to' : 'shell in'} ${target.pod}/${target.container} — exit the shell to return\r\n`);
		// kubectl's hint: an attached shell printed its prompt before we were there to see it.
		if (attach) stdout.write("If you don't see a command prompt, try pressing enter.\r\n");
		try {
			result = await runShell(context.http().access, target, {stdin, stdout}, context.shell, attach);
		} catch (caught) {
			error = caught;
		}
		// Ink redraws from the cursor when it takes the screen back: column 1, wherever the shell
		// left it (a frame as wide as the terminal started further right would wrap).
		stdout.write('\r');
	});
	if (error) say(context, failure(error), 'error');
	return result;
}

function report(context: ShellContext, target: ContainerRef, result: ShellResult): void {
	const text = describeShellEnd(target, result);
	const level = 'outcome' in result && result.outcome.kind !== 'exited' ? 'error' : 'info';
	say(context, text, level);
}

export async function shellInto(context: ShellContext, target: ContainerRef, suspend: Suspend): Promise<void> {
	const result = await inTerminal(context, target, suspend, false);
	if (!result) return;
	if ('noShell' in result) {
		const image = context.debugImage ?? defaultDebugImage;
		context.store.dispatch({
			type: 'offer',
			offer: {
				kind: 'debug',
				target,
				text: `no shell in ${target.pod}/${target.container}: press y to start a debug container (${image}) that shares its processes`,
			},
		});
		return;
	}
	report(context, target, result);
}

export async function debugInto(context: ShellContext, target: ContainerRef, suspend: Suspend): Promise<void> {
	if (context.store.getSnapshot().session.readOnly) {
		say(context, 'read-only mode: debug containers are disabled (--read-only)', 'error');
		return;
	}
	const image = context.debugImage ?? defaultDebugImage;
	let name: string;
	try {
		say(context, `starting a debug container (${image}) targeting ${target.container}…`);
		name = await addDebugContainer(context.http(), target, image);
		const state = await waitForDebugContainer(context.http(), target, name, current => {
			if (current.phase === 'waiting') say(context, `debug container ${name}: waiting (${current.reason})`);
		});
		if (state.phase !== 'running') {
			say(context, `debug container ${name} did not start: ${state.phase === 'waiting' ? state.reason : `${state.reason} (exit ${state.exitCode})`}`, 'error');
			return;
		}
	} catch (error) {
		say(context, failure(error), 'error');
		return;
	}
	const debugTarget = {...target, container: name};
	const result = await inTerminal(context, debugTarget, suspend, true);
	if (result) report(context, debugTarget, result);
}
