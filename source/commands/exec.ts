import {PassThrough} from 'node:stream';
import meow from 'meow';
import {exitOnFlagError} from './flag-check.js';
import {targetFlagsHelp} from './target-flags.js';
import {execFlags} from './command-flags.js';
import {type ExecOutcome, openStream} from '../kube/exec.js';
import {connect, errorText, getPod} from '../kube/pod-details.js';
import {defaultContainer} from './default-container.js';

// `podscope exec POD [-c C] [-i] [-t] -- CMD ...`: kubectl exec's behaviour and texts: stdin
// piping, separate stderr, the remote exit code as podscope's own.

const help = `
  Usage
    $ podscope exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [ARG...]

  Flags
    -c, --container NAME     container (default: the pod's default container)
    -i, --stdin              pass stdin to the command
    -t, --tty                allocate a terminal (with -i, for interactive shells)
${targetFlagsHelp}
`;

export function splitCommand(argv: string[]): {flags: string[]; command: string[]} {
	const dash = argv.indexOf('--');
	return dash < 0 ? {flags: argv, command: []} : {flags: argv.slice(0, dash), command: argv.slice(dash + 1)};
}

/** What kubectl prints and returns for each way a remote command can end. */
export function outcomeExit(outcome: ExecOutcome): {code: number; message?: string} {
	switch (outcome.kind) {
		case 'exited':
			return outcome.code === 0 ? {code: 0} : {code: outcome.code, message: `command terminated with exit code ${outcome.code}`};
		case 'failed':
			return {code: 1, message: `error: ${outcome.message}`};
		case 'dropped':
			return {code: 1, message: `error: ${outcome.message}`};
	}
}

export async function run(argv: string[]): Promise<number> {
	const {flags: flagArgs, command} = splitCommand(argv);
	const args = exitOnFlagError(flagArgs, execFlags, 'podscope exec');
	const cli = meow(help, {
		argv: args,
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: execFlags,
	});
	const podName = cli.input[0];
	if (!podName) {
		process.stderr.write('error: pod name is required: podscope exec POD [-c CONTAINER] -- COMMAND\n');
		return 1;
	}
	if (command.length === 0) {
		process.stderr.write('error: you must specify at least one command for the container\n');
		return 1;
	}
	let tty = cli.flags.tty;
	if (tty && !process.stdin.isTTY) {
		process.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
		tty = false;
	}
	try {
		const {http, namespace} = await connect(cli.flags);
		const pod = await getPod(http, namespace, podName);
		let container = cli.flags.container;
		if (!container) {
			const chosen = defaultContainer(pod);
			if (chosen?.notice) process.stderr.write(`${chosen.notice}\n`);
			container = chosen?.name ?? '';
		}
		let input: PassThrough | undefined;
		if (cli.flags.stdin) {
			input = new PassThrough();
			process.stdin.pipe(input);
			if (tty) process.stdin.setRawMode(true);
		}
		try {
			const outcome = await openStream(http.access, 'exec', {namespace, pod: podName, container}, command, {
				stdin: input,
				stdout: process.stdout,
				stderr: process.stderr,
				tty,
				size: () => ({columns: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24}),
				onResize: listener => {
					process.stdout.on('resize', listener);
					return () => process.stdout.off('resize', listener);
				},
			});
			const {code, message} = outcomeExit(outcome);
			if (message) process.stderr.write(`${message}\n`);
			return code;
		} finally {
			if (input) {
				process.stdin.unpipe(input);
				process.stdin.pause();
				if (tty) process.stdin.setRawMode(false);
			}
		}
	} catch (error) {
		process.stderr.write(`${errorText(error)}\n`);
		return 1;
	}
}
