import {writeSync} from 'node:fs';

// Flags checked as kubectl's flag parser (spf13/pflag under cobra) checks them, before meow
// reads them: meow quietly takes a trailing `-c` as nothing and answers an unknown flag with
// "Unknown flag" and exit 2, where kubectl says
//   Error: flag needs an argument: 'c' in -c
//   Error: unknown flag: --bogus
//   Error: invalid argument "short" for "--timestamps" flag: strconv.ParseBool: parsing "short": invalid syntax
// with its usage hint and exit 1. Scripts that grep kubectl's errors read ours the same.
// A bool flag takes what Go's strconv.ParseBool takes (`--follow=1`, `-f=F`); meow knows only
// `true` and `false` and reads anything else as false, so such values are rewritten for it.

export type FlagSpec = {type?: 'string' | 'boolean' | 'number'; shortFlag?: string; aliases?: string[]};

type Known = {name: string; spec: FlagSpec};

export const kebab = (name: string) => name.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

const goTrue = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const goFalse = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool: true, false, or undefined for anything else. */
export function parseGoBool(value: string): boolean | undefined {
	return goTrue.has(value) ? true : goFalse.has(value) ? false : undefined;
}

/** Go's %q of a string, as pflag quotes a value it could not parse. */
function goQuote(text: string): string {
	const escaped = text.replace(/[\\"\p{Cc}]/gu, char => {
		if (char === '\\' || char === '"') return `\\${char}`;
		const named: Record<string, string> = {'\n': '\\n', '\t': '\\t', '\r': '\\r'};
		return named[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
	});
	return `"${escaped}"`;
}

function tables(flags: Record<string, FlagSpec>): {long: Map<string, Known>; short: Map<string, Known>} {
	const long = new Map<string, Known>();
	const short = new Map<string, Known>();
	// meow's own: --help and --version work everywhere.
	long.set('help', {name: 'help', spec: {type: 'boolean', shortFlag: 'h'}});
	long.set('version', {name: 'version', spec: {type: 'boolean'}});
	short.set('h', long.get('help')!);
	for (const [key, spec] of Object.entries(flags)) {
		const known = {name: kebab(key), spec};
		long.set(known.name, known);
		for (const alias of spec.aliases ?? []) long.set(alias, {name: alias, spec});
		if (spec.shortFlag) short.set(spec.shortFlag, known);
	}
	return {long, short};
}

type Checked = {error: string} | {argv: string[]};

/** pflag's "invalid argument" line for a bool flag given something ParseBool refuses. */
function invalidBool(value: string, display: string): {error: string} {
	return {error: `invalid argument ${goQuote(value)} for "${display}" flag: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`};
}

const displayOf = ({name, spec}: Known) => (spec.shortFlag ? `-${spec.shortFlag}, --${name}` : `--${name}`);

function checkLong(arg: string, long: Map<string, Known>): {error: string} | {rewritten: string; takesNext: boolean} {
	const [name, value] = splitOnce(arg.slice(2));
	const negated = name.startsWith('no-') && long.get(name.slice(3))?.spec.type === 'boolean' ? long.get(name.slice(3)) : undefined;
	const known = long.get(name) ?? negated;
	if (!known) return {error: `unknown flag: --${name}`};
	if (known.spec.type !== 'boolean') return {rewritten: arg, takesNext: value === undefined};
	if (value === undefined) return {rewritten: arg, takesNext: false};
	const parsed = parseGoBool(value);
	if (parsed === undefined) return invalidBool(value, known === negated ? `--${name}` : displayOf(known));
	const on = known === negated ? !parsed : parsed;
	return {rewritten: on ? `--${known.name}` : `--no-${known.name}`, takesNext: false};
}

function checkShorts(arg: string, short: Map<string, Known>): {error: string} | {rewritten: string[]; takesNext: boolean} {
	// A cluster of shorthands (-fp); one may take the rest (-n=ns, -nns) or the next argument.
	for (let at = 1; at < arg.length; at++) {
		const letter = arg[at]!;
		const known = short.get(letter);
		if (!known) {
			// A negative number where a value is expected was consumed before; here it is a flag.
			if (/\d/.test(letter) && at === 1) return {rewritten: [arg], takesNext: false};
			return {error: `unknown shorthand flag: '${letter}' in ${arg}`};
		}
		const hasValue = arg[at + 1] === '=';
		if (known.spec.type !== 'boolean') return {rewritten: [arg], takesNext: at + 1 >= arg.length};
		if (!hasValue) continue;
		const value = arg.slice(at + 2);
		const parsed = parseGoBool(value);
		if (parsed === undefined) return invalidBool(value, displayOf(known));
		const before = at > 1 ? [arg.slice(0, at)] : [];
		return {rewritten: [...before, parsed ? `--${known.name}` : `--no-${known.name}`], takesNext: false};
	}
	return {rewritten: [arg], takesNext: false};
}

function check(argv: string[], flags: Record<string, FlagSpec>): Checked {
	const {long, short} = tables(flags);
	const out: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (arg === '--') return {argv: [...out, ...argv.slice(index)]};
		let checked: {error: string} | {rewritten: string[]; takesNext: boolean; needs: string} | undefined;
		if (arg.startsWith('--')) {
			const result = checkLong(arg, long);
			checked = 'error' in result ? result : {rewritten: [result.rewritten], takesNext: result.takesNext, needs: `--${splitOnce(arg.slice(2))[0]}`};
		} else if (arg.startsWith('-') && arg.length > 1) {
			const result = checkShorts(arg, short);
			checked = 'error' in result ? result : {...result, needs: `'${arg.at(-1)}' in ${arg}`};
		}
		if (!checked) {
			out.push(arg);
			continue;
		}
		if ('error' in checked) return checked;
		out.push(...checked.rewritten);
		if (!checked.takesNext) continue;
		// pflag takes the next argument as the value, whatever it looks like.
		if (index + 1 >= argv.length) return {error: `flag needs an argument: ${checked.needs}`};
		out.push(argv[++index]!);
	}
	return {argv: out};
}

function splitOnce(text: string): [string, string | undefined] {
	const at = text.indexOf('=');
	return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

/** The two lines kubectl prints for a flag it cannot parse, or undefined when the flags are fine. */
export function flagError(argv: string[], flags: Record<string, FlagSpec>, command: string): string | undefined {
	const checked = check(argv, flags);
	return 'error' in checked ? `Error: ${checked.error}\nSee '${command} --help' for usage.` : undefined;
}

/**
 * Before meow parses: a flag kubectl would refuse ends the command with kubectl's lines and
 * exit 1, as meow itself ends it on what it refuses (written synchronously so a pipe gets it).
 * Returns the arguments for meow.
 */
export function exitOnFlagError(argv: string[], flags: Record<string, FlagSpec>, command: string): string[] {
	const checked = check(argv, flags);
	if ('argv' in checked) return checked.argv;
	writeSync(2, `Error: ${checked.error}\nSee '${command} --help' for usage.\n`);
	process.exit(1);
}
