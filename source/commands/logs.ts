import {fstatSync, statSync, writeSync} from 'node:fs';
import type {ContainerRef} from '../model/app-state.js';
import {targetFlagsHelp} from './target-flags.js';
import {allContainerNames, defaultContainer as kubectlDefaultContainer} from './default-container.js';
import type {List, Pod} from '../model/k8s.js';
import type {LogRecord} from '../model/log-record.js';
import {ansiPalette, assignColors} from '../model/log-colors.js';
import {LogOptionError, sinceSeconds, sinceTime, tailLines} from '../model/log-options.js';
import {sanitizeLine, stripSgr} from '../model/sanitize.js';
import {KubeError, KubeHttp} from '../kube/http.js';
import {loadKubeconfig} from '../kube/kubeconfig.js';
import {LogFollower} from '../kube/log-follow.js';
import {ContainerLogStream, type LogStreamOptions, type LogStreamState} from '../kube/log-stream.js';

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

const usage = "\nSee 'podscope logs --help' for usage.";
const required = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'podscope logs -h' for help and examples";

type Flags = {
	container?: string[];
	allContainers: boolean;
	selector?: string;
	follow: boolean;
	previous: boolean;
	timestamps: boolean;
	since?: string;
	sinceTime?: string;
	tail?: string;
	prefix: boolean;
	namespace?: string;
	context?: string;
	kubeconfig?: string;
	color: boolean;
};

/** The pod's containers in start order, as --all-containers lists them. */
const allContainers = allContainerNames;

function defaultContainer(pod: Pod, stderr: (text: string) => void): string {
	const chosen = kubectlDefaultContainer(pod);
	if (chosen.notice) stderr(`${chosen.notice}\n`);
	return chosen.name;
}

/** Writes batches to stdout, waiting for it to drain; EPIPE (a closed pipe) ends everything quietly. */
class Output {
	closed = false;
	private draining?: Promise<void>;
	private onClose: Array<() => void> = [];

	/**
	 * stdout's descriptor when it is a file or /dev/null: Node writes those synchronously
	 * anyway, and going through the stream cost a tick per chunk of a flood.
	 */
	private readonly file: number | undefined;

	constructor(private readonly stream: NodeJS.WriteStream) {
		const fd = (stream as {fd?: number}).fd;
		if (typeof fd === 'number' && !stream.isTTY) {
			try {
				// Other devices (a serial line) may refuse a write for now: those keep the stream.
				const stat = fstatSync(fd);
				if (stat.isFile() || (stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev)) this.file = fd;
			} catch {
				// Not a descriptor we can inspect: the stream it is.
			}
		}
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE') process.stderr.write(`error: ${error.message}\n`);
			this.close();
		});
	}

	private writeFile(text: string | Buffer): void {
		const bytes = typeof text === 'string' ? Buffer.from(text) : text;
		try {
			for (let offset = 0; offset < bytes.length; ) offset += writeSync(this.file!, bytes, offset);
		} catch (error) {
			process.stderr.write(`error: ${(error as Error).message}\n`);
			this.close();
		}
	}

	whenClosed(listener: () => void): void {
		this.onClose.push(listener);
	}

	private close(): void {
		if (this.closed) return;
		this.closed = true;
		for (const listener of this.onClose) listener();
	}

	write(text: string | Buffer): void | Promise<void> {
		if (this.closed || text.length === 0) return;
		if (this.file !== undefined) return this.writeFile(text);
		if (this.stream.write(text)) return;
		this.draining ??= new Promise<void>(resolve => {
			const done = () => {
				this.draining = undefined;
				this.stream.off('drain', done);
				resolve();
			};
			this.stream.on('drain', done);
			this.whenClosed(done);
		});
		return this.draining;
	}
}

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
		code = await logs(cli.input, cli.flags as Flags, stderr);
	} catch (error) {
		if (error instanceof LogOptionError) stderr(error.usage ? `Error: ${error.message}${usage}\n` : `error: ${error.message}\n`);
		else if (error instanceof KubeError) stderr(`${error.kubectlText}\n`);
		else stderr(`error: ${(error as Error).message}\n`);
		code = 1;
	}
	// Done: idle keep-alive sockets and aborted watches would hold the process for seconds.
	// Leave as soon as what was written has been handed to the OS.
	await Promise.all([process.stdout, process.stderr].map(stream => new Promise(resolve => (stream.writableLength === 0 || stream.destroyed ? resolve(undefined) : stream.write('', resolve)))));
	process.exit(code);
}

async function logs(input: string[], flags: Flags, stderr: (text: string) => void): Promise<number> {
	const selector = flags.selector;
	let podName = input[0]?.replace(/^pods?\//, '');
	const containers = [...(flags.container ?? [])];
	if (input[0] && /^[^/]+\//.test(input[0]) && !/^pods?\//.test(input[0])) throw new LogOptionError(`podscope logs reads pods only, not ${input[0]}`);
	if (input.length === 2 && !selector) containers.push(input[1]!);
	if ((!podName && !selector) || input.length > 2 || (selector && input.length > 0)) {
		if (selector && input.length > 0) throw new LogOptionError('only one of a pod name or a selector (-l) can be used');
		stderr(`${required}\n`);
		return 1;
	}
	if (flags.since !== undefined && flags.sinceTime !== undefined) throw new LogOptionError('at most one of `sinceTime` or `sinceSeconds` may be specified');
	const since = sinceSeconds(flags.since);
	const sinceAt = sinceTime(flags.sinceTime);
	const tail = tailLines(flags.tail, selector !== undefined);
	if (flags.allContainers && containers.length > 0) throw new LogOptionError('--container cannot be used with --all-containers');

	const loaded = loadKubeconfig({kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace});
	const http = new KubeHttp(loaded.access);
	const namespace = loaded.namespace;
	const tty = process.stdout.isTTY === true;
	const color = tty && flags.color && !process.env.NO_COLOR;
	const output = new Output(process.stdout);

	const streamOptions: LogStreamOptions = {follow: flags.follow, previous: flags.previous, tailLines: tail, sinceSeconds: since, sinceTime: sinceAt};
	const colors = new Map<string, number>();
	const prefixOf = (ref: ContainerRef) => {
		if (!flags.prefix) return '';
		const text = `[pod/${ref.pod}/${ref.container}] `;
		if (!color) return text;
		const key = `${ref.pod}/${ref.container}`;
		if (!colors.has(key)) colors.set(key, assignColors([...colors.keys(), key]).get(key)!);
		return `\x1b[${ansiPalette[colors.get(key)!]}m${text}\x1b[0m`;
	};
	const clean = tty ? (text: string) => (color ? sanitizeLine(text) : stripSgr(sanitizeLine(text))) : (text: string) => text;
	const sinkFor = (ref: ContainerRef) => {
		const prefix = prefixOf(ref);
		const label = `${ref.pod}/${ref.container}`;
		let lastIdle = '';
		return {
			// A pipe gets the bytes as the kubelet sent them, as kubectl writes them: no decoding.
			...(tty ? {} : {raw: {timestamps: flags.timestamps, prefix, write: (bytes: Buffer) => output.write(bytes)}}),
			lines(records: LogRecord[]) {
				let text = '';
				for (const record of records) {
					if (record.marker) {
						stderr(`${label}: ${record.text}\n`);
						continue;
					}
					text += flags.timestamps ? `${prefix}${record.stamp} ${clean(record.text)}\n` : `${prefix}${clean(record.text)}\n`;
				}
				return output.write(text);
			},
			state(state: LogStreamState) {
				// Waiting states are for a person watching, not for a pipe.
				if (state.phase === 'idle' && state.text !== lastIdle && process.stderr.isTTY) stderr(`${label}: ${state.text}\n`);
				if (state.phase === 'idle') lastIdle = state.text;
			},
		};
	};

	let failed = false;
	const finish = (stream: ContainerLogStream) => {
		const state = stream.state;
		if (state.phase === 'error' && !output.closed) {
			stderr(`${state.text}\n`);
			failed = true;
		}
	};

	// Named pod: fetch it first, as kubectl does, for its errors and its containers.
	let pods: Pod[];
	if (podName) {
		try {
			pods = [await http.json<Pod>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(podName)}`)];
		} catch (error) {
			if (error instanceof KubeError && error.code === 404) throw new LogOptionError(`error from server (NotFound): pods ${JSON.stringify(podName)} not found in namespace ${JSON.stringify(namespace)}`);
			throw error;
		}
	} else {
		const list = await http.json<List<Pod>>(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {query: {labelSelector: selector}});
		pods = list.items.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
		if (pods.length === 0 && !flags.follow) {
			stderr(`No resources found in ${namespace} namespace.\n`);
			return 0;
		}
	}

	let defaulted: string | undefined;
	const containersOf = (pod: Pod): string[] => {
		if (flags.allContainers) return allContainers(pod);
		if (containers.length > 0) return containers.filter(name => allContainers(pod).includes(name));
		if (podName) return [(defaulted ??= defaultContainer(pod, stderr))];
		return [defaultContainer(pod, () => {})];
	};
	for (const pod of pods) {
		for (const name of containers) {
			if (podName && !allContainers(pod).includes(name)) throw new LogOptionError(`container ${name} is not valid for pod ${pod.metadata.name}`);
		}
	}

	if (!flags.follow || flags.previous) {
		// One container after the other, as kubectl prints them.
		for (const pod of pods) {
			for (const container of containersOf(pod)) {
				if (output.closed) return 0;
				const ref = {namespace, pod: pod.metadata.name, container};
				const stream = new ContainerLogStream(http, ref, streamOptions, sinkFor(ref));
				await stream.run();
				finish(stream);
			}
		}
		return failed ? 1 : 0;
	}

	const streams: ContainerLogStream[] = [];
	let ended = 0;
	let settled = () => {};
	const done = new Promise<void>(resolve => (settled = resolve));
	const follower = new LogFollower(
		http,
		{namespace, pod: podName, labelSelector: selector, containersOf, fixed: podName ? containersOf(pods[0]!) : undefined, fetched: podName ? pods[0] : undefined},
		{
			stream: streamOptions,
			sinkFor,
			onStream(stream, running) {
				streams.push(stream);
				// A named pod's follow ends when all its streams have; a selector's never does.
				void running.then(() => {
					ended++;
					if (podName && ended === streams.length) settled();
				});
			},
		},
	);
	output.whenClosed(settled);
	const stop = () => settled();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	follower.start();
	await done;
	process.off('SIGINT', stop);
	process.off('SIGTERM', stop);
	follower.stop();
	for (const stream of streams) finish(stream);
	return failed ? 1 : 0;
}
