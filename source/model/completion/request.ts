// What a shell asks for when the user presses Tab: the words typed so far, the last one being
// completed. Read as podscope's parser reads them (kubectl's pflag rules: `--flag value`,
// `--flag=value`, `-n value`, `-nvalue`, clusters of shorthands, `--` ends the flags), so the
// answer fits the command that would run: a subcommand, one of its flags, a flag's value, or a
// positional argument. Pure: the cluster's names come later, from the lookups (candidates.ts).

/** A flag as meow declares it (commands/command-flags.ts holds every command's). */
export type CompletionFlag = {
	type?: 'string' | 'boolean' | 'number';
	shortFlag?: string;
	isMultiple?: boolean;
	aliases?: readonly string[];
};

/** What a value or a positional argument is: names from the cluster, files, or fixed words. */
export type ValueKind = 'context' | 'namespace' | 'pod' | 'container' | 'file' | readonly string[];

export type CompletionCommand = {
	description: string;
	flags: Readonly<Record<string, CompletionFlag>>;
	/** The kind of each flag's value, by the flag's key (kubeconfig, context and namespace are known everywhere). */
	values?: Readonly<Record<string, ValueKind>>;
	/** The kind of each positional argument, in order; none past the end. */
	positionals?: readonly ValueKind[];
	/** Bool flags on by default, offered as --no-NAME (meow's negation). */
	negated?: readonly string[];
};

export type CompletionTable = {
	/** `podscope [flags]`: the TUI. */
	root: CompletionCommand;
	commands: Readonly<Record<string, CompletionCommand>>;
	/** The root's flags that may come before a subcommand, as kubectl's global flags. */
	global: readonly string[];
};

/** Where the cluster's names come from: the flags typed before the word being completed. */
export type Scope = {
	kubeconfig?: string;
	context?: string;
	namespace?: string;
	allNamespaces: boolean;
	selector?: string;
	/** The pod named on the line (its containers are what -c completes). */
	pod?: string;
};

export type Want =
	| {kind: 'subcommands'}
	| {kind: 'flags'; command: CompletionCommand; given: ReadonlySet<string>; shorthands: boolean}
	| {kind: 'value'; value: ValueKind}
	/** Nothing to offer; `files` leaves the shell's own file completion on. */
	| {kind: 'nothing'; files: boolean};

export type Request = {
	want: Want;
	/** What the candidates must start with (the value part of `--flag=val`). */
	prefix: string;
	scope: Scope;
};

const commonValues: Record<string, ValueKind> = {kubeconfig: 'file', context: 'context', namespace: 'namespace'};

export const kebab = (key: string) => key.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

type Parsed = {
	command?: string;
	flags: Map<string, string[]>;
	positionals: string[];
	afterDash: boolean;
	/** The flag whose value the last word is (`-n <Tab>`). */
	pending?: string;
	onlyGlobal: boolean;
};

function lookup(command: CompletionCommand, name: string): string | undefined {
	const negated = name.startsWith('no-') ? name.slice(3) : undefined;
	for (const [key, spec] of Object.entries(command.flags)) {
		if (kebab(key) === name || spec.aliases?.includes(name)) return key;
		if (negated !== undefined && kebab(key) === negated && spec.type === 'boolean') return key;
	}
	return undefined;
}

const shortKey = (command: CompletionCommand, letter: string) => Object.entries(command.flags).find(([, spec]) => spec.shortFlag === letter)?.[0];

/** The flags consumed by one word: [key, value] pairs, and the key whose value is the next word. */
function flagWord(command: CompletionCommand, word: string): {set: Array<[string, string]>; next?: string} {
	if (word.startsWith('--')) {
		const at = word.indexOf('=');
		const name = at === -1 ? word.slice(2) : word.slice(2, at);
		const key = lookup(command, name);
		if (key === undefined) return {set: []};
		if (command.flags[key]!.type === 'boolean') return {set: [[key, 'true']]};
		return at === -1 ? {set: [], next: key} : {set: [[key, word.slice(at + 1)]]};
	}
	const set: Array<[string, string]> = [];
	for (let at = 1; at < word.length; at++) {
		const key = shortKey(command, word[at]!);
		if (key === undefined) break;
		if (command.flags[key]!.type === 'boolean') {
			set.push([key, 'true']);
			continue;
		}
		const rest = word.slice(at + 1).replace(/^=/, '');
		if (rest === '') return {set, next: key};
		set.push([key, rest]);
		break;
	}
	return {set};
}

function parse(words: readonly string[], table: CompletionTable): Parsed {
	const parsed: Parsed = {flags: new Map(), positionals: [], afterDash: false, onlyGlobal: true};
	const commandOf = () => (parsed.command === undefined ? table.root : table.commands[parsed.command]!);
	const last = words.length - 1;
	for (let index = 0; index < last; index++) {
		const word = words[index]!;
		if (parsed.afterDash) parsed.positionals.push(word);
		else if (word === '--') parsed.afterDash = true;
		else if (word.startsWith('-') && word.length > 1) {
			const {set, next} = flagWord(commandOf(), word);
			const keys = [...set.map(([key]) => key), ...(next === undefined ? [] : [next])];
			if (keys.length === 0 || keys.some(key => !table.global.includes(key))) parsed.onlyGlobal = false;
			for (const [key, value] of set) parsed.flags.set(key, [...(parsed.flags.get(key) ?? []), value]);
			if (next === undefined) continue;
			if (index + 1 === last) parsed.pending = next;
			else parsed.flags.set(next, [...(parsed.flags.get(next) ?? []), words[++index]!]);
		} else if (parsed.command === undefined && parsed.onlyGlobal && table.commands[word]) parsed.command = word;
		else parsed.positionals.push(word);
	}
	return parsed;
}

function scopeOf(parsed: Parsed): Scope {
	const one = (key: string) => parsed.flags.get(key)?.at(-1);
	const pod = parsed.positionals[0]?.replace(/^pods?\//, '');
	return {
		kubeconfig: one('kubeconfig'),
		context: one('context'),
		namespace: one('namespace'),
		allNamespaces: one('allNamespaces') === 'true',
		selector: one('selector'),
		pod: pod !== undefined && !pod.includes('/') ? pod : undefined,
	};
}

const kindOf = (command: CompletionCommand, key: string): ValueKind | undefined => command.values?.[key] ?? commonValues[key];

const valueWant = (value: ValueKind | undefined): Want =>
	value === undefined ? {kind: 'nothing', files: false} : value === 'file' ? {kind: 'nothing', files: true} : {kind: 'value', value};

/** The flag of a `--flag=val` or `-f=val` word, when it takes a value. */
function attachedFlag(command: CompletionCommand, word: string): string | undefined {
	const at = word.indexOf('=');
	if (at === -1) return undefined;
	const key = word.startsWith('--') ? lookup(command, word.slice(2, at)) : at === 2 ? shortKey(command, word[1]!) : undefined;
	return key !== undefined && command.flags[key]!.type !== 'boolean' ? key : undefined;
}

/** What to complete for `podscope <words>`, the last word being the one under the cursor ('' for a new one). */
export function completionRequest(words: readonly string[], table: CompletionTable): Request {
	const current = words.at(-1) ?? '';
	const parsed = parse(words.length === 0 ? [''] : words, table);
	const command = parsed.command === undefined ? table.root : table.commands[parsed.command]!;
	const scope = scopeOf(parsed);
	if (parsed.afterDash) return {want: {kind: 'nothing', files: true}, prefix: current, scope};
	if (parsed.pending !== undefined) return {want: valueWant(kindOf(command, parsed.pending)), prefix: current, scope};
	if (current.startsWith('-')) {
		const attached = attachedFlag(command, current);
		if (attached !== undefined) return {want: valueWant(kindOf(command, attached)), prefix: current.slice(current.indexOf('=') + 1), scope};
		if (current.includes('=')) return {want: {kind: 'nothing', files: false}, prefix: current, scope};
		const given = new Set([...parsed.flags.keys()].filter(key => !command.flags[key]?.isMultiple));
		return {want: {kind: 'flags', command, given, shorthands: !current.startsWith('--')}, prefix: current, scope};
	}
	if (parsed.command === undefined) {
		const want: Want = parsed.onlyGlobal && parsed.positionals.length === 0 ? {kind: 'subcommands'} : {kind: 'nothing', files: false};
		return {want, prefix: current, scope};
	}
	return {want: valueWant(command.positionals?.[parsed.positionals.length]), prefix: current, scope};
}
