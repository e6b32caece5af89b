// Label and field selectors with kube-apiserver's syntax and error texts.

export class SelectorError extends Error {}

type Requirement = {key: string; op: 'exists' | '!exists' | '=' | '!=' | 'in' | 'notin'; values: string[]};

export type Matcher = (labels: Record<string, string> | undefined) => boolean;

const keyPattern = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const valuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Split on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
	const terms: string[] = [];
	let depth = 0;
	let start = 0;
	for (let i = 0; i < selector.length; i++) {
		const char = selector[i];
		if (char === '(') depth++;
		else if (char === ')') depth--;
		else if (char === ',' && depth === 0) {
			terms.push(selector.slice(start, i));
			start = i + 1;
		}
	}
	terms.push(selector.slice(start));
	return terms.map(term => term.trim()).filter(term => term !== '');
}

function checkKey(key: string): void {
	if (!keyPattern.test(key)) {
		throw new SelectorError(`unable to parse requirement: found '${key}', expected: identifier`);
	}
}

function checkValue(key: string, value: string): void {
	if (value.length > 63 || !valuePattern.test(value)) {
		throw new SelectorError(
			`unable to parse requirement: values[0][${key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
		);
	}
}

function parseTerm(term: string): Requirement {
	const set = /^(!?)([^\s!=()]+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
	if (set) {
		const key = set[2]!;
		checkKey(key);
		const values = set[4]!.split(',').map(value => value.trim());
		for (const value of values) checkValue(key, value);
		return {key, op: set[3] as 'in' | 'notin', values};
	}
	const eq = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
	if (eq) {
		const key = eq[1]!;
		checkKey(key);
		const value = eq[3]!.trim();
		checkValue(key, value);
		return {key, op: eq[2] === '!=' ? '!=' : '=', values: [value]};
	}
	if (term.startsWith('!')) {
		const key = term.slice(1).trim();
		checkKey(key);
		return {key, op: '!exists', values: []};
	}
	checkKey(term);
	return {key: term, op: 'exists', values: []};
}

export function parseLabelSelector(selector: string | undefined | null): Matcher {
	if (!selector) return () => true;
	const requirements = splitTerms(selector).map(parseTerm);
	return labels => {
		const get = (key: string) => labels?.[key];
		return requirements.every(({key, op, values}) => {
			const value = get(key);
			switch (op) {
				case 'exists':
					return value !== undefined;
				case '!exists':
					return value === undefined;
				case '=':
					return value === values[0];
				case '!=':
					return value !== values[0];
				case 'in':
					return value !== undefined && values.includes(value);
				case 'notin':
					return value === undefined || !values.includes(value);
			}
		});
	};
}

export type FieldGetter<T> = (object: T, field: string) => string | undefined;

/**
 * Field selectors support only the fields a resource declares; anything else is the
 * apiserver's 400 "field label not supported".
 */
export function parseFieldSelector<T>(
	selector: string | undefined | null,
	supported: readonly string[],
	get: FieldGetter<T>,
	resource: string,
): (object: T) => boolean {
	if (!selector) return () => true;
	const requirements = splitTerms(selector).map(term => {
		const match = /^([^!=]+)(==|=|!=)(.*)$/.exec(term);
		if (!match) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
		const field = match[1]!.trim();
		if (!supported.includes(field)) {
			throw new SelectorError(`field label not supported: ${field}`);
		}
		return {field, negate: match[2] === '!=', value: match[3]!.trim()};
	});
	void resource;
	return object =>
		requirements.every(({field, negate, value}) => {
			const actual = get(object, field) ?? '';
			return negate ? actual !== value : actual === value;
		});
}
