import {makeMatcher, type Matcher, type MatcherResult, type MatchMode} from './matcher.js';

// The logs filter (f): a query keeps the lines it matches, `!query` keeps the lines it does
// not match, so probe noise goes with `!healthz` instead of the regex `^(?!.*healthz)`. The
// `!` is the filter's syntax, not the pattern's, in plain and regex mode alike; `\!` starts a
// query with a literal `!`. The matcher keeps the query as typed, so the prompt reopens on it
// and the pane's title shows it.

export type FilterQuery = {pattern: string; exclude: boolean};

/** What a filter query asks for: the pattern, and whether its matches go or stay. */
export function parseFilter(query: string): FilterQuery {
	if (query.startsWith('\\!')) return {pattern: query.slice(1), exclude: false};
	if (query.startsWith('!')) return {pattern: query.slice(1), exclude: true};
	return {pattern: query, exclude: false};
}

export function makeFilter(query: string, mode: MatchMode): MatcherResult {
	const {pattern, exclude} = parseFilter(query);
	const result = makeMatcher(pattern, mode);
	if (!result.matcher) return result;
	const inner = result.matcher;
	const matcher: Matcher = exclude ? {query, mode, test: text => !inner.test(text), ranges: () => []} : {...inner, query};
	return {matcher};
}
