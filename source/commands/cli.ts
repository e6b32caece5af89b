// podscope's entry: pick the subcommand and load only what it needs, so `podscope logs`
// never pays for the TUI or the simulator.

import {tuiFlags} from './command-flags.js';
import {exitOnFlagError} from './flag-check.js';

export const subcommands: Record<string, () => Promise<{run(argv: string[]): Promise<number>}>> = {
	sim: () => import('./sim.js'),
	logs: () => import('./logs.js'),
	describe: () => import('./describe.js'),
	timeline: () => import('./timeline.js'),
	doctor: () => import('./doctor.js'),
	exec: () => import('./exec.js'),
	debug: () => import('./debug.js'),
	'port-forward': () => import('./port-forward.js'),
	completion: () => import('./completion.js'),
	// What the completion scripts call on Tab (not for people, as cobra's).
	__complete: () => import('./completion-answer.js'),
};

export const mainHelp = `
  podscope — a terminal UI debugger for multi-container Kubernetes Pods

  Usage
    $ podscope [flags]                 open the TUI on the current kubeconfig context
    $ podscope logs TARGET [flags]     print (and follow) logs of a POD, TYPE/NAME, a pod regex or -l
    $ podscope exec POD [-c C] -- CMD  run a command in a container, like kubectl exec
    $ podscope debug POD --target C    add a debug container that shares C's processes
    $ podscope port-forward POD 8080:80  forward local ports to a pod, like kubectl port-forward
    $ podscope describe POD            the pod as kubectl describe pod prints it
    $ podscope timeline POD            the startup timeline of every container
    $ podscope doctor [POD|-l SEL|-A]  diagnose pods; exit 1 when something is wrong
    $ podscope sim [flags]             run the Kubernetes API simulator on loopback
    $ podscope completion SHELL        print the completion script for bash, zsh or fish
    $ podscope <command> --help        help for a command

  Flags
    --kubeconfig FILE        kubeconfig to use (default: $KUBECONFIG, ~/.kube/config, k3s's)
    --context NAME           kubeconfig context
    -n, --namespace NS       namespace
    -A, --all-namespaces     all namespaces
    -l, --selector SEL       label selector
    --read-only              no exec, debug, port-forward or any write
    --demo                   start the simulator in-process and open the TUI on it
    --no-color               no colours (NO_COLOR is honoured too)
    --shell SHELL            shell for s (default: bash, then sh)
    --debug-image IMAGE      image of debug containers (default: busybox:1.36)
    --tail N                 log lines fetched when a log pane opens   (default: 200)
    --buffer N               lines each log pane keeps                 (default: 10000)
    --since DURATION         log panes start this far back (5s, 2m, 3h)
    --version                print the version
    --help                   this help

  Examples
    $ podscope sim --port 0 --write-kubeconfig /tmp/sim.yaml
    $ kubectl --kubeconfig /tmp/sim.yaml get pods
`;

/** The global flags kubectl takes before a subcommand, and podscope's subcommands take too. */
const globalValued = new Set(['--kubeconfig', '--context', '--namespace', '-n']);

/**
 * `podscope --kubeconfig k.yaml logs web`: kubectl's global flags may come before the
 * subcommand. Returns the subcommand and its arguments with those flags moved in front of them,
 * or undefined when argv does not start that way (then it is the TUI's).
 */
export function subcommandAfterGlobalFlags(argv: string[]): {command: string; args: string[]} | undefined {
	let index = 0;
	while (index < argv.length) {
		const arg = argv[index]!;
		if (globalValued.has(arg)) index += 2;
		else if (/^--(kubeconfig|context|namespace)=/.test(arg) || /^-n./.test(arg)) index += 1;
		else break;
	}
	const command = argv[index];
	if (command === undefined || !subcommands[command]) return undefined;
	return {command, args: [...argv.slice(0, index), ...argv.slice(index + 1)]};
}

export async function main(argv: string[]): Promise<number> {
	const invoked = subcommandAfterGlobalFlags(argv);
	if (invoked) {
		const command = await subcommands[invoked.command]!();
		return command.run(invoked.args);
	}
	const [first] = argv;
	if (argv.includes('--version')) {
		process.stdout.write(`${__PODSCOPE_VERSION__}\n`);
		return 0;
	}
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(`${mainHelp.trimEnd()}\n\n`);
		return 0;
	}
	if (first && !first.startsWith('-')) {
		process.stderr.write(`error: unknown command "${first}" for "podscope"\nRun 'podscope --help' for usage.\n`);
		return 1;
	}
	const args = exitOnFlagError(argv, tuiFlags, 'podscope');
	const {default: meow} = await import('meow');
	const cli = meow(mainHelp, {
		argv: args,
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: tuiFlags,
	});
	// Start the session (and its first list request) before Ink and React load, then render.
	const {startTuiSession} = await import('./tui-session.js');
	const started = await startTuiSession(cli.flags);
	if (typeof started === 'number') return started;
	const {trace} = await import('../session/trace.js');
	trace('session-started');
	const {renderTui} = await import('./tui.js');
	trace('ui-loaded');
	return renderTui(cli.flags, started);
}

declare global {
	// Replaced at build time by esbuild's define; vitest defines it too.
	var __PODSCOPE_VERSION__: string;
}
