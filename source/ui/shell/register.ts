import {addDebugContainer, defaultDebugImage, waitForDebugContainer} from '../../kube/debug.js';
import {KubeError} from '../../kube/http.js';
import {describeShellEnd, runShell, type ShellResult} from '../../kube/shell.js';
import type {ContainerRef} from '../../model/app-state.js';
import type {SessionController} from '../../kube/session.js';
import {actions, type ActionContext} from '../screens.js';

// `s`: hand the terminal to a shell in the container and come back to the same screen with
// one line saying how it ended; offer a debug container when the image has no shell.

const say = (controller: SessionController, text: string, level: 'info' | 'error' = 'info') =>
	controller.store.dispatch({type: 'message', text, level, at: Date.now()});

const failure = (error: unknown) => (error instanceof KubeError ? error.message : (error as Error)?.message ?? String(error));

async function inTerminal(context: ActionContext, target: ContainerRef, attach: boolean): Promise<ShellResult | undefined> {
	let result: ShellResult | undefined;
	let error: unknown;
	await context.suspend(async () => {
		process.stdout.write(`podscope: ${attach ? 'attached to' : 'shell in'} ${target.pod}/${target.container} — exit the shell to return\r\n`);
		// kubectl's hint: an attached shell printed its prompt before we were there to see it.
		if (attach) process.stdout.write("If you don't see a command prompt, try pressing enter.\r\n");
		try {
			result = await runShell(context.controller.http.access, target, {stdin: process.stdin, stdout: process.stdout}, context.controller.shell, attach);
		} catch (caught) {
			error = caught;
		}
	});
	if (error) say(context.controller, failure(error), 'error');
	return result;
}

function report(controller: SessionController, target: ContainerRef, result: ShellResult): void {
	const text = describeShellEnd(target, result);
	const level = 'outcome' in result && result.outcome.kind !== 'exited' ? 'error' : 'info';
	say(controller, text, level);
}

actions.shell = async context => {
	const {controller, target} = context;
	const result = await inTerminal(context, target, false);
	if (!result) return;
	if ('noShell' in result) {
		const image = controller.debugImage ?? defaultDebugImage;
		controller.store.dispatch({
			type: 'offer',
			offer: {kind: 'debug', target, text: `no shell in ${target.pod}/${target.container}: press y to start a debug container (${image}) that shares its processes`},
		});
		return;
	}
	report(controller, target, result);
};

actions.debug = async context => {
	const {controller, target} = context;
	if (controller.store.getSnapshot().session.readOnly) {
		say(controller, 'read-only mode: debug containers are disabled (--read-only)', 'error');
		return;
	}
	const image = controller.debugImage ?? defaultDebugImage;
	let name: string;
	try {
		say(controller, `starting a debug container (${image}) targeting ${target.container}…`);
		name = await addDebugContainer(controller.http, target, image);
		const state = await waitForDebugContainer(controller.http, target, name, current => {
			if (current.phase === 'waiting') say(controller, `debug container ${name}: waiting (${current.reason})`);
		});
		if (state.phase !== 'running') {
			say(controller, `debug container ${name} did not start: ${state.phase === 'waiting' ? state.reason : `${state.reason} (exit ${state.exitCode})`}`, 'error');
			return;
		}
	} catch (error) {
		say(controller, failure(error), 'error');
		return;
	}
	const debugTarget = {...target, container: name};
	const result = await inTerminal(context, debugTarget, true);
	if (result) report(controller, debugTarget, result);
};

