// Search and filter queries: plain text (case-insensitive unless the query has a capital,
// "smart case") or a regular expression. A regex that does not compile is an error message
// for the prompt, never an exception.

export type MatchMode = 'plain' | 'regex';

export type Matcher = {
	query: string;
	mode: MatchMode;
	test(text: string): boolean;
	/** [start, end) of every match, for highlighting. */
	ranges(text: string): Array<[number, number]>;
};

export type MatcherResult = {matcher?: Matcher; error?: string};

/** A query as a pane's title shows it: `~` before a regex. */
export const matcherLabel = (matcher: Matcher | undefined) => (matcher ? `${matcher.mode === 'regex' ? '~' : ''}${matcher.query}` : undefined);

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function makeMatcher(query: string, mode: MatchMode): MatcherResult {
	if (query === '') return {};
	const flags = /[A-Z]/.test(query) ? 'g' : 'gi';
	let pattern: RegExp;
	try {
		pattern = new RegExp(mode === 'regex' ? query : escapeRegex(query), flags);
	} catch (error) {
		return {error: `invalid regex: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`};
	}
	const single = new RegExp(pattern.source, flags.replace('g', ''));
	return {
		matcher: {
			query,
			mode,
			test: text => single.test(text),
			ranges(text) {
				const found: Array<[number, number]> = [];
				pattern.lastIndex = 0;
				for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
					// An empty match (a regex like `a*`) would loop forever and highlights nothing.
					if (match[0].length === 0) {
						pattern.lastIndex++;
						continue;
					}
					found.push([match.index, match.index + match[0].length]);
				}
				return found;
			},
		},
	};
}
