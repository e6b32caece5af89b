import type {ContainerRef} from '../model/app-state.js';
import {targetFlagsHelp} from './target-flags.js';
import {LogOptionError} from '../model/logs/options.js';
import {checkLogsArgs, isArgsError, type LogsFlags, logOptionText, type LogsRequest} from '../model/logs/args.js';
import {KubeError, KubeHttp} from '../kube/http.js';
import {loadKubeconfig} from '../kube/kubeconfig.js';
import {ContainerLogStream, type LogStreamOptions} from '../kube/logs/stream.js';
import {followLogs} from './logs-follow.js';
import {logSinks, Output} from './logs-output.js';
import {resolveTarget} from './logs-target.js';

// `podscope logs`: kubectl logs' flags, texts and output, but following every container
// (no --max-log-requests cap) and across restarts. stdout gets the log lines only; restart
// markers and waiting states go to stderr, so a pipe sees exactly what kubectl would print.
// Lines are written raw to a pipe (byte for byte what the container wrote) and sanitised on
// a terminal, where an escape sequence in a log could otherwise take over the screen.

const help = `
  Usage
    $ podscope logs (POD | -l SELECTOR) [flags]

  Print the logs of a pod's containers, like kubectl logs; with -f, keep following them
  through restarts (a restart marker goes to stderr) and follow new pods of a selector.

  Flags
    -c, --container NAME     container (repeatable; default: the pod's default container)
    --all-containers         every container of the pod, init containers and sidecars too
    -l, --selector SEL       pods matching a label selector (tail defaults to 10)
    -f, --follow             keep streaming, through restarts
    -p, --previous           the previous instance of the container
    --timestamps             prefix each line with its RFC3339Nano timestamp
    --since DURATION         only lines newer than a relative duration (5s, 2m, 3h)
    --since-time TIME        only lines after an RFC3339 time
    --tail N                 the last N lines (-1: all)
    --prefix                 prefix each line with [pod/NAME/CONTAINER]
${targetFlagsHelp}
    --no-color               no colours (NO_COLOR is honoured too; colour only on a terminal)
`;

const valued = new Set(['--since', '--since-time', '--tail', '-c', '--container', '-l', '--selector', '-n', '--namespace', '--context', '--kubeconfig']);

/** `--since -3s` and `--tail -5`: a value that starts with a dash belongs to the flag, as in kubectl. */
function joinNegativeValues(argv: string[]): string[] {
	const out: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		const next = argv[index + 1];
		if (valued.has(arg) && next !== undefined && /^-\d/.test(next)) {
			out.push(`${arg}=${next}`);
			index++;
		} else out.push(arg);
	}
	return out;
}

export async function run(argv: string[]): Promise<never> {
	const {default: meow} = await import('meow');
	const cli = meow(help, {
		argv: joinNegativeValues(argv),
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {
			container: {type: 'string', shortFlag: 'c', isMultiple: true},
			allContainers: {type: 'boolean', default: false},
			selector: {type: 'string', shortFlag: 'l'},
			follow: {type: 'boolean', shortFlag: 'f', default: false},
			previous: {type: 'boolean', shortFlag: 'p', default: false},
			timestamps: {type: 'boolean', default: false},
			since: {type: 'string'},
			sinceTime: {type: 'string'},
			tail: {type: 'string'},
			prefix: {type: 'boolean', default: false},
			namespace: {type: 'string', shortFlag: 'n'},
			context: {type: 'string'},
			kubeconfig: {type: 'string'},
			color: {type: 'boolean', default: true},
		},
	});
	const stderr = (text: string) => void process.stderr.write(text);
	let code: number;
	try {
		const flags = cli.flags as LogsFlags;
		const request = checkLogsArgs(cli.input, flags);
		if (isArgsError(request)) {
			stderr(`${request.error}\n`);
			code = 1;
		} else code = await logs(request, flags, stderr);
	} catch (error) {
		if (error instanceof LogOptionError) stderr(`${logOptionText(error)}\n`);
		else if (error instanceof KubeError) stderr(`${error.kubectlText}\n`);
		else stderr(`error: ${(error as Error).message}\n`);
		code = 1;
	}
	// Done: idle keep-alive sockets and aborted watches would hold the process for seconds.
	// Leave as soon as what was written has been handed to the OS.
	await Promise.all(
		[process.stdout, process.stderr].map(
			stream => new Promise(resolve => (stream.writableLength === 0 || stream.destroyed ? resolve(undefined) : stream.write('', resolve))),
		),
	);
	process.exit(code);
}

async function logs(request: LogsRequest, flags: LogsFlags, stderr: (text: string) => void): Promise<number> {
	const loaded = loadKubeconfig({kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace});
	const http = new KubeHttp(loaded.access);
	const namespace = loaded.namespace;
	const tty = process.stdout.isTTY === true;
	const color = tty && flags.color && !process.env.NO_COLOR;
	const output = new Output(process.stdout);

	const streamOptions: LogStreamOptions = {
		follow: request.follow,
		previous: request.previous,
		tailLines: request.tailLines,
		sinceSeconds: request.sinceSeconds,
		sinceTime: request.sinceTime,
	};
	const sinkFor = logSinks(output, {prefix: request.prefix, timestamps: request.timestamps, tty, color}, stderr);

	let failed = false;
	const finish = (stream: ContainerLogStream) => {
		const state = stream.state;
		if (state.phase === 'error' && !output.closed) {
			stderr(`${state.text}\n`);
			failed = true;
		}
	};

	const target = await resolveTarget(http, namespace, request, stderr);
	if (!target) return 0;

	if (!request.follow || request.previous) {
		// One container after the other, as kubectl prints them.
		for (const pod of target.pods) {
			for (const container of target.containersOf(pod)) {
				if (output.closed) return 0;
				const ref: ContainerRef = {namespace, pod: pod.metadata.name, container};
				const stream = new ContainerLogStream(http, ref, streamOptions, sinkFor(ref));
				await stream.run();
				finish(stream);
			}
		}
		return failed ? 1 : 0;
	}

	await followLogs(http, namespace, request, target, {stream: streamOptions, sinkFor, output, finish});
	return failed ? 1 : 0;
}
