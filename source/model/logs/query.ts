import {checkLogsArgs, isArgsError, type LogsArgsError, type LogsFlags, logOptionText, type LogsRequest} from './args.js';
import {LogOptionError} from './options.js';
import {type ContainerFilter, compilePatterns, type LineFilter} from './selection.js';
import {resourceOf, type WorkloadResource} from './workload-resource.js';

// `podscope logs` arguments beyond kubectl's own checks (args.ts): the TYPE/NAME forms
// kubectl accepts, and stern's selection flags (-A, -c as a regex, -E, -e, -i, -o json),
// checked before anything is read from the cluster.

export type LogsQueryFlags = LogsFlags & {
	allNamespaces: boolean;
	allPods: boolean;
	exclude?: string[];
	include?: string[];
	excludeContainer?: string[];
	output?: string;
	maxLogRequests?: string;
};

/** What the first argument names. */
export type LogsTargetArg =
	| {kind: 'selector'}
	/** A name or a pod-name regex: which one is decided against the cluster (a pod of that name wins). */
	| {kind: 'name'; name: string}
	/** TYPE/NAME of a workload (or of a type the cluster may not serve: `type` as typed). */
	| {kind: 'resource'; type: string; name: string; resource?: WorkloadResource};

export type LogsQuery = LogsRequest & {
	target: LogsTargetArg;
	allNamespaces: boolean;
	allPods: boolean;
	containerFilter: ContainerFilter;
	lineFilter: LineFilter;
	json: boolean;
	/** `--max-log-requests`: undefined when not given (no cap). */
	maxLogRequests?: number;
};

/** stern's --output values that print the message as it is (podscope's default), and json. */
const outputs = ['default', 'raw', 'json'];

export function checkLogsQuery(input: string[], flags: LogsQueryFlags): LogsQuery | LogsArgsError {
	try {
		return query(input, flags);
	} catch (error) {
		if (error instanceof LogOptionError) return {error: logOptionText(error)};
		throw error;
	}
}

function parseTarget(arg: string | undefined): LogsTargetArg {
	if (arg === undefined) return {kind: 'selector'};
	const slash = arg.indexOf('/');
	if (slash < 0) return {kind: 'name', name: arg};
	const type = arg.slice(0, slash);
	const name = arg.slice(slash + 1);
	// k8s.io/cli-runtime/pkg/resource/builder.go (splitResourceTypeName)
	if (name.includes('/')) throw new LogOptionError('arguments in resource/name form may not have more than one slash');
	if (!type || !name) throw new LogOptionError('arguments in resource/name form must have a single resource and name');
	const resource = resourceOf(type);
	if (resource?.resource === 'pods') return {kind: 'name', name};
	return {kind: 'resource', type, name, resource};
}

/** `--max-log-requests`, parsed as pflag parses an int, with its text. */
function maxRequests(text: string | undefined): number | undefined {
	if (text === undefined) return undefined;
	if (!/^[+-]?\d+$/.test(text.trim()) || text.trim() !== text)
		throw new LogOptionError(
			`invalid argument ${JSON.stringify(text)} for "--max-log-requests" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`,
			true,
		);
	return Number(text);
}

function query(input: string[], flags: LogsQueryFlags): LogsQuery | LogsArgsError {
	const target = parseTarget(input[0]);
	// args.ts knows pods only: hand it the bare name, the type is ours.
	const forArgs = target.kind === 'selector' ? input : [target.name, ...input.slice(1)];
	const request = checkLogsArgs(forArgs, flags);
	if (isArgsError(request)) return request;
	if (flags.allNamespaces && target.kind === 'resource') throw new LogOptionError('a resource cannot be retrieved by name across all namespaces');
	const output = flags.output ?? 'default';
	if (!outputs.includes(output)) throw new LogOptionError(`output should be one of ${outputs.map(name => `'${name}'`).join(', ')}`);
	const maxLogRequests = maxRequests(flags.maxLogRequests);
	const containerFilter: ContainerFilter = {
		names: request.containers,
		include: compilePatterns(request.containers, '-c, --container'),
		exclude: compilePatterns(flags.excludeContainer ?? [], '-E, --exclude-container'),
	};
	const lineFilter: LineFilter = {
		include: compilePatterns(flags.include ?? [], '-i, --include'),
		exclude: compilePatterns(flags.exclude ?? [], '-e, --exclude'),
	};
	return {
		...request,
		// kubectl: --all-pods "Sets prefix to true" (k8s.io/kubectl/pkg/cmd/logs/logs.go, Complete).
		prefix: request.prefix || flags.allPods,
		target,
		allNamespaces: flags.allNamespaces,
		allPods: flags.allPods,
		containerFilter,
		lineFilter,
		json: output === 'json',
		maxLogRequests,
	};
}
