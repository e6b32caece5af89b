import {type CompletionTable, completionRequest, kebab, type Scope, type Want} from './request.js';

// The answer to a completion request, in cobra's protocol (spf13/cobra completions.go), which
// kubectl's own scripts speak and which kubectl uses for plugins (kubectl_complete-<plugin>):
// one candidate a line, optionally `candidate<TAB>description`, then `:<directive>`, the
// directive's bits telling the shell what to do when nothing fits.

export const directive = {
	default: 0,
	error: 1,
	noSpace: 2,
	noFileComp: 4,
	filterFileExt: 8,
	filterDirs: 16,
	keepOrder: 32,
} as const;

/** The cluster's names; each may fail or time out, which completes nothing. */
export type Lookups = {
	contexts(scope: Scope): Promise<string[]>;
	namespaces(scope: Scope): Promise<string[]>;
	pods(scope: Scope): Promise<string[]>;
	/** The containers of scope.pod (or, without one, of the pods scope.selector matches). */
	containers(scope: Scope): Promise<string[]>;
};

export type Candidate = {value: string; description?: string};

export type Completion = {candidates: Candidate[]; directive: number};

function flagCandidates(want: Extract<Want, {kind: 'flags'}>): Candidate[] {
	const candidates: Candidate[] = [];
	for (const [key, spec] of Object.entries(want.command.flags)) {
		if (want.given.has(key)) continue;
		candidates.push({value: want.command.negated?.includes(key) ? `--no-${kebab(key)}` : `--${kebab(key)}`});
		if (spec.shortFlag && want.shorthands) candidates.push({value: `-${spec.shortFlag}`});
	}
	candidates.push({value: '--help'});
	if (want.shorthands) candidates.push({value: '-h'});
	return candidates;
}

async function valueCandidates(value: Extract<Want, {kind: 'value'}>['value'], scope: Scope, lookups: Lookups): Promise<Candidate[]> {
	let names: string[];
	if (typeof value !== 'string') names = [...value];
	else if (value === 'context') names = await lookups.contexts(scope);
	else if (value === 'namespace') names = await lookups.namespaces(scope);
	else if (value === 'pod') names = await lookups.pods(scope);
	else if (value === 'container') names = scope.pod !== undefined || scope.selector !== undefined ? await lookups.containers(scope) : [];
	else names = [];
	return [...new Set(names)].map(name => ({value: name}));
}

// A name with a space, a control character or a newline would break the one-a-line protocol or
// put an escape sequence on the terminal: names in Kubernetes have none, so such a one is left out.
const printable = (text: string) => text !== '' && !/[\s\p{Cc}\p{Cf}]/u.test(text);

/** What `podscope __complete <words>` answers. */
export async function complete(words: readonly string[], table: CompletionTable, lookups: Lookups): Promise<Completion> {
	const {want, prefix, scope} = completionRequest(words, table);
	let candidates: Candidate[];
	switch (want.kind) {
		case 'nothing':
			return {candidates: [], directive: want.files ? directive.default : directive.noFileComp};
		case 'subcommands':
			candidates = Object.entries(table.commands).map(([name, command]) => ({value: name, description: command.description}));
			break;
		case 'flags':
			candidates = flagCandidates(want);
			break;
		case 'value':
			try {
				candidates = await valueCandidates(want.value, scope, lookups);
			} catch {
				candidates = [];
			}
			break;
	}
	return {candidates: candidates.filter(({value}) => value.startsWith(prefix) && printable(value)), directive: directive.noFileComp};
}

/** The lines the shell scripts read. */
export function completionText({candidates, directive: bits}: Completion): string {
	const lines = candidates.map(({value, description}) => (description ? `${value}\t${description.replace(/[\p{Cc}]/gu, ' ')}` : value));
	return `${[...lines, `:${bits}`].join('\n')}\n`;
}
