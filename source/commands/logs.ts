import type {ContainerRef} from '../model/app-state.js';
import {logsFlags} from './command-flags.js';
import {exitOnFlagError} from './flag-check.js';
import {targetFlagsHelp} from './target-flags.js';
import {LogOptionError} from '../model/logs/options.js';
import {isArgsError, logOptionText} from '../model/logs/args.js';
import {checkLogsQuery, type LogsQuery, type LogsQueryFlags} from '../model/logs/query.js';
import {KubeError, KubeHttp} from '../kube/http.js';
import {loadKubeconfig} from '../kube/kubeconfig.js';
import {ContainerLogStream, type LogStreamOptions} from '../kube/logs/stream.js';
import {followMany, followPod, signalExit} from './logs-follow.js';
import {logSinks, Output} from './logs-output.js';
import {resolveTarget, WorkloadError} from './logs-target.js';

// `podscope logs`: kubectl logs' flags, texts and output, but following every container
// (no --max-log-requests cap) and across restarts. stdout gets the log lines only; restart
// markers and waiting states go to stderr, so a pipe sees exactly what kubectl would print.
// Lines are written raw to a pipe (byte for byte what the container wrote) and sanitised on
// a terminal, where an escape sequence in a log could otherwise take over the screen.

const help = `
  Usage
    $ podscope logs (POD | TYPE/NAME | POD-REGEX | -l SELECTOR) [flags]

  Print the logs of pods' containers, like kubectl logs; with -f, keep following them
  through restarts (a restart marker goes to stderr). Following many pods (a selector, a
  pod-name regex, a workload with --all-pods), pods that appear later join the stream and
  pods that go away leave it, each with a line on stderr: "+ pod › container", "- pod › container".

  Targets
    POD                      the pod of that name
    TYPE/NAME                a workload's pod, as kubectl picks it (deploy/, rs/, sts/, ds/, job/, pod/)
    POD-REGEX                when no pod has that name: every pod whose name matches (stern's query)

  Flags
    -c, --container REGEX    containers by name or regex (repeatable; default: the pod's default container)
    -E, --exclude-container REGEX  leave these containers out (repeatable; without -c: all others)
    --all-containers         every container of the pod, init containers and sidecars too
    -l, --selector SEL       pods matching a label selector (tail defaults to 10)
    -A, --all-namespaces     pods of every namespace (a POD-REGEX or -l)
    --all-pods               every pod of a TYPE/NAME workload (sets --prefix)
    -f, --follow             keep streaming, through restarts, new pods joining
    -i, --include REGEX      only lines matching (repeatable: any of them)
    -e, --exclude REGEX      no lines matching (repeatable: any of them)
    -o, --output FORMAT      default, raw, or json (one object a line: namespace, pod, container, message)
    --max-log-requests N     at most N streams at once (default: no cap)
    -p, --previous           the previous instance of the container
    --timestamps             prefix each line with its RFC3339Nano timestamp (json: a timestamp field)
    --since DURATION         only lines newer than a relative duration (5s, 2m, 3h)
    --since-time TIME        only lines after an RFC3339 time
    --tail N                 the last N lines (-1: all)
    --prefix                 prefix each line with [pod/NAME/CONTAINER]
${targetFlagsHelp}
    --no-color               no colours (NO_COLOR is honoured too; colour only on a terminal)
    --sanitize               make lines safe for a terminal into a pipe too (| less -R); a pipe
                             otherwise gets the container's bytes as kubectl writes them

  Examples
    $ podscope logs deploy/web                 the pod kubectl logs deploy/web reads
    $ podscope logs deploy/web --all-pods -f   all its pods, new ones as a rollout makes them
    $ podscope logs 'web-.*' -f -c 'app|proxy' every web- pod, two of its containers
    $ podscope logs -A -l app=api -e healthz   every namespace, without health checks
    $ podscope logs -l app=api -f -o json | jq .message
`;

const valued = new Set([
	'--since',
	'--since-time',
	'--tail',
	'-c',
	'--container',
	'-l',
	'--selector',
	'-n',
	'--namespace',
	'--context',
	'--kubeconfig',
	'--max-log-requests',
]);

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
	const args = exitOnFlagError(argv, logsFlags, 'podscope logs');
	const {default: meow} = await import('meow');
	const cli = meow(help, {
		argv: joinNegativeValues(args),
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: logsFlags,
	});
	const stderr = (text: string) => void process.stderr.write(text);
	let code: number;
	try {
		const flags = cli.flags as LogsQueryFlags;
		const request = checkLogsQuery(cli.input, flags);
		if (isArgsError(request)) {
			stderr(`${request.error}\n`);
			code = 1;
		} else code = await logs(request, flags, stderr);
	} catch (error) {
		if (error instanceof LogOptionError) stderr(`${logOptionText(error)}\n`);
		else if (error instanceof WorkloadError) stderr(`error: ${error.message}\n`);
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

async function logs(query: LogsQuery, flags: LogsQueryFlags & {sanitize?: boolean}, stderr: (text: string) => void): Promise<number> {
	const loaded = loadKubeconfig({kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace});
	const http = new KubeHttp(loaded.access);
	const namespace = loaded.namespace;
	const tty = process.stdout.isTTY === true;
	const color = tty && flags.color && !process.env.NO_COLOR;
	const output = new Output(process.stdout);

	const streamOptions: LogStreamOptions = {
		follow: query.follow,
		previous: query.previous,
		tailLines: query.tailLines,
		sinceSeconds: query.sinceSeconds,
		sinceTime: query.sinceTime,
	};
	const sinkFor = logSinks(
		output,
		{prefix: query.prefix, timestamps: query.timestamps, tty, color, json: query.json, lineFilter: query.lineFilter, sanitize: flags.sanitize},
		stderr,
	);

	let failed = false;
	const finish = (stream: ContainerLogStream) => {
		const state = stream.state;
		if (state.phase === 'error' && !output.closed) {
			stderr(`${state.text}\n`);
			failed = true;
		}
	};

	const target = await resolveTarget(http, namespace, query, stderr);
	if (target.kind === 'none') return 0;
	const follow = {stream: streamOptions, sinkFor, output, finish, stderr};
	if (target.kind === 'many') {
		const tooMany = await followMany(http, target.fanout, {...follow, namespaced: query.allNamespaces, maxStreams: query.maxLogRequests});
		if (tooMany) stderr(`${tooMany}\n`);
		return signalExit() ?? (tooMany || failed ? 1 : 0);
	}

	const reads = target.pods.flatMap(pod => target.containersOf(pod).map(container => ({pod, container})));
	const following = query.follow && !query.previous;
	if (following && query.maxLogRequests !== undefined && reads.length > 1 && reads.length > query.maxLogRequests) {
		// k8s.io/kubectl/pkg/cmd/logs/logs.go, RunLogsContext
		stderr(
			`error: you are attempting to follow ${reads.length} log streams, but maximum allowed concurrency is ${query.maxLogRequests}, use --max-log-requests to increase the limit\n`,
		);
		return 1;
	}
	if (!following || !target.single) {
		// One container after the other, as kubectl prints them.
		for (const {pod, container} of reads) {
			if (output.closed) return 0;
			const ref: ContainerRef = {namespace: pod.metadata.namespace ?? namespace, pod: pod.metadata.name, container};
			const stream = new ContainerLogStream(http, ref, streamOptions, sinkFor(ref));
			await stream.run();
			finish(stream);
		}
		return failed ? 1 : 0;
	}

	const pod = target.pods[0]!;
	await followPod(http, pod.metadata.namespace ?? namespace, pod, target.containersOf, follow);
	return signalExit() ?? (failed ? 1 : 0);
}
