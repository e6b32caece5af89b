import {writeSync} from 'node:fs';

// Flags checked as kubectl's flag parser (spf13/pflag under cobra) checks them, before meow
// reads them: meow quietly takes a trailing `-c` as nothing and answers an unknown flag with
// "Unknown flag" and exit 2, where kubectl says
//   Error: flag needs an argument: 'c' in -c
//   Error: unknown flag: --bogus
// with its usage hint and exit 1. Scripts that grep kubectl's errors read ours the same.

type FlagSpec = {type?: 'string' | 'boolean' | 'number'; shortFlag?: string; aliases?: string[]};

const kebab = (name: string) => name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

/** The two lines kubectl prints for a flag it cannot parse, or undefined when the flags are fine. */
export function flagError(argv: string[], flags: Record<string, FlagSpec>, command: string): string | undefined {
	const long = new Map<string, FlagSpec>();
	const short = new Map<string, FlagSpec>();
	// meow's own: --help and --version work everywhere.
	long.set('help', {type: 'boolean'});
	long.set('version', {type: 'boolean'});
	short.set('h', {type: 'boolean'});
	for (const [name, spec] of Object.entries(flags)) {
		long.set(kebab(name), spec);
		for (const alias of spec.aliases ?? []) long.set(alias, spec);
		if (spec.shortFlag) short.set(spec.shortFlag, spec);
	}
	const message = problem(argv, long, short);
	return message === undefined ? undefined : `Error: ${message}\nSee '${command} --help' for usage.`;
}

function problem(argv: string[], long: Map<string, FlagSpec>, short: Map<string, FlagSpec>): string | undefined {
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg === '--') return undefined;
		if (arg.startsWith('--')) {
			const [name, value] = splitOnce(arg.slice(2));
			const spec = long.get(name) ?? (name.startsWith('no-') && long.get(name.slice(3))?.type === 'boolean' ? {type: 'boolean' as const} : undefined);
			if (!spec) return `unknown flag: --${name}`;
			if (spec.type === 'boolean' || value !== undefined) continue;
			// pflag takes the next argument as the value, whatever it looks like.
			if (index + 1 >= argv.length) return `flag needs an argument: --${name}`;
			index++;
			continue;
		}
		if (arg.startsWith('-') && arg.length > 1) {
			// A cluster of shorthands (-fp), the last one may take the rest or the next argument.
			for (let at = 1; at < arg.length; at++) {
				const letter = arg[at]!;
				const spec = short.get(letter);
				if (!spec) {
					// A negative number where a value is expected was consumed above; here it is a flag.
					if (/\d/.test(letter) && at === 1) break;
					return `unknown shorthand flag: '${letter}' in ${arg}`;
				}
				if (spec.type === 'boolean') continue;
				if (at + 1 < arg.length) break;
				if (index + 1 >= argv.length) return `flag needs an argument: '${letter}' in ${arg}`;
				index++;
				break;
			}
		}
	}
	return undefined;
}

function splitOnce(text: string): [string, string | undefined] {
	const at = text.indexOf('=');
	return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/**
 * Before meow parses: a flag kubectl would refuse ends the command with kubectl's lines and
 * exit 1, as meow itself ends it on what it refuses (written synchronously so a pipe gets it).
 */
export function exitOnFlagError(argv: string[], flags: Record<string, FlagSpec>, command: string): void {
	const error = flagError(argv, flags, command);
	if (error === undefined) return;
	writeSync(2, `${error}\n`);
	process.exit(1);
}
