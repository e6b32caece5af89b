import {LogOptionError, sinceSeconds, sinceTime, tailLines} from './options.js';

// `podscope logs` arguments checked as kubectl checks them, before anything is read from the
// cluster: the flags in, a request to carry out or the error text out (exit code 1).

/** The flags as the command line parsed them. */
export type LogsFlags = {
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

/** What to read: one named pod or a selector's pods, which containers, and the log options. */
export type LogsRequest = {
	/** The named pod (without its `pod/` prefix); undefined with a selector. */
	pod?: string;
	selector?: string;
	/** Containers named with -c, or as the second argument. */
	containers: string[];
	allContainers: boolean;
	follow: boolean;
	previous: boolean;
	timestamps: boolean;
	prefix: boolean;
	sinceSeconds?: number;
	sinceTime?: string;
	tailLines?: number;
};

/** What the command prints to stderr instead, without the final newline. */
export type LogsArgsError = {error: string};

const usage = "\nSee 'podscope logs --help' for usage.";
const required =
	"error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'podscope logs -h' for help and examples";

/** kubectl's form of an option error: flag-parse errors as `Error: ...` plus a usage hint, the rest as `error: ...`. */
export const logOptionText = (error: LogOptionError) => (error.usage ? `Error: ${error.message}${usage}` : `error: ${error.message}`);

export function checkLogsArgs(input: string[], flags: LogsFlags): LogsRequest | LogsArgsError {
	try {
		return request(input, flags);
	} catch (error) {
		if (error instanceof LogOptionError) return {error: logOptionText(error)};
		throw error;
	}
}

export const isArgsError = (checked: LogsRequest | LogsArgsError): checked is LogsArgsError => 'error' in checked;

/** The checks in kubectl's order: the first that fails is the one reported. */
function request(input: string[], flags: LogsFlags): LogsRequest | LogsArgsError {
	const selector = flags.selector;
	const pod = input[0]?.replace(/^pods?\//, '');
	const containers = [...(flags.container ?? [])];
	if (input[0] && /^[^/]+\//.test(input[0]) && !/^pods?\//.test(input[0])) throw new LogOptionError(`podscope logs reads pods only, not ${input[0]}`);
	if (input.length === 2 && !selector) containers.push(input[1]!);
	if ((!pod && !selector) || input.length > 2 || (selector && input.length > 0)) {
		if (selector && input.length > 0) throw new LogOptionError('only one of a pod name or a selector (-l) can be used');
		return {error: required};
	}
	if (flags.since !== undefined && flags.sinceTime !== undefined) throw new LogOptionError('at most one of `sinceTime` or `sinceSeconds` may be specified');
	const since = sinceSeconds(flags.since);
	const sinceAt = sinceTime(flags.sinceTime);
	const tail = tailLines(flags.tail, selector !== undefined);
	if (flags.allContainers && containers.length > 0) throw new LogOptionError('--container cannot be used with --all-containers');
	return {
		pod,
		selector,
		containers,
		allContainers: flags.allContainers,
		follow: flags.follow,
		previous: flags.previous,
		timestamps: flags.timestamps,
		prefix: flags.prefix,
		sinceSeconds: since,
		sinceTime: sinceAt,
		tailLines: tail,
	};
}
