import {LogOptionError} from './options.js';

// stern's selection of containers and lines (github.com/stern/stern, stern/config.go and
// stern/tail.go): -c and -E are regular expressions on container names, -i and -e on each
// line's content; repeating a flag ORs its patterns. An exact container name given to -c
// keeps kubectl's meaning (that one container, not every name containing it).

export type ContainerFilter = {
	/** The -c values as typed. */
	names: string[];
	/** The -c values as regular expressions; none: every container (with --all-containers) or the default one. */
	include: RegExp[];
	/** -E, --exclude-container. */
	exclude: RegExp[];
};

export type LineFilter = {include: RegExp[]; exclude: RegExp[]};

/** Each value as a regular expression; an invalid one is an error naming its flag. */
export function compilePatterns(values: string[], flag: string): RegExp[] {
	return values.map(value => {
		try {
			return new RegExp(value);
		} catch (error) {
			throw new LogOptionError(`invalid argument ${JSON.stringify(value)} for "${flag}" flag: ${(error as Error).message}`, true);
		}
	});
}

const matchesAny = (patterns: RegExp[], text: string) => patterns.some(pattern => pattern.test(text));

/**
 * The containers -c and -E select among `names` (in the pod's order): those named exactly
 * when a -c value is a name of the pod, else those a -c pattern matches; then minus -E's.
 * Undefined when -c was not given (the caller picks the default container or all of them).
 */
export function selectContainers(filter: ContainerFilter, names: string[]): string[] | undefined {
	let chosen: string[] | undefined;
	if (filter.include.length > 0) {
		const exact = names.filter(name => filter.names.includes(name));
		const byPattern = filter.include.filter((_, index) => !names.includes(filter.names[index]!));
		chosen = names.filter(name => exact.includes(name) || matchesAny(byPattern, name));
	}
	return chosen === undefined ? undefined : chosen.filter(name => !matchesAny(filter.exclude, name));
}

/** Whether -E leaves a container out. */
export const containerExcluded = (filter: ContainerFilter, name: string) => matchesAny(filter.exclude, name);

/** Whether a line's content passes -e (none matches) and -i (one matches, when given), as stern checks them. */
export function lineKept(filter: LineFilter, text: string): boolean {
	if (filter.exclude.length > 0 && matchesAny(filter.exclude, text)) return false;
	return filter.include.length === 0 || matchesAny(filter.include, text);
}

export const filtersLines = (filter: LineFilter) => filter.include.length > 0 || filter.exclude.length > 0;
