// Label and field selectors as kube-apiserver parses them: a port of apimachinery's
// labels.Parse (its lexer, parser, validation and error texts) and fields.ParseSelector.

export class SelectorError extends Error {}

export type Matcher = (labels: Record<string, string> | undefined) => boolean;

// --- k8s.io/apimachinery/pkg/util/validation, the messages quoted as Go prints them ---

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueErrMsg =
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrMsg =
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

const whole = (format: string) => new RegExp(`^(?:${format})$`);
const maxLen = (length: number) => `must be no more than ${length} characters`;

function regexError(message: string, format: string, ...examples: string[]): string {
	if (examples.length === 0) return `${message} (regex used for validation is '${format}')`;
	return `${message} (e.g. ${examples.map(example => `'${example}', `).join(' or ')}regex used for validation is '${format}')`;
}

/** validation.IsQualifiedName: the rules for a label key. */
function labelKeyErrors(key: string): string[] {
	const parts = key.split('/');
	const errors: string[] = [];
	if (parts.length > 2) {
		return [
			`a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
		];
	}
	const name = parts.at(-1)!;
	if (parts.length === 2) {
		const prefix = parts[0]!;
		if (prefix.length === 0) errors.push('prefix part must be non-empty');
		else {
			if (prefix.length > 253) errors.push(`prefix part ${maxLen(253)}`);
			if (!whole(dns1123SubdomainFmt).test(prefix)) errors.push(`prefix part ${regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com')}`);
		}
	}
	if (name.length === 0) errors.push('name part must be non-empty');
	else if (name.length > 63) errors.push(`name part ${maxLen(63)}`);
	if (!whole(qualifiedNameFmt).test(name)) errors.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`);
	return errors;
}

function labelValueErrors(value: string): string[] {
	const errors: string[] = [];
	if (value.length > 63) errors.push(maxLen(63));
	if (!whole(labelValueFmt).test(value)) errors.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
	return errors;
}

/** field.Invalid(...).Error(); the parser passes a nil path, which Go prints as <nil>. */
const invalid = (path: string, value: string, details: string[]) => `${path}: Invalid value: ${JSON.stringify(value)}: ${details.join('; ')}`;

/** utilerrors.Aggregate: one message as is, several de-duplicated in brackets. */
function aggregate(messages: string[]): string | undefined {
	const unique = [...new Set(messages)];
	if (unique.length === 0) return undefined;
	return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

// --- the lexer ---

type Token = 'error' | 'end' | ')' | ',' | '!' | '==' | '=' | '>' | 'identifier' | 'in' | '<' | '!=' | 'notin' | '(';
type Scanned = {token: Token; literal: string};

const keywords: Record<string, Token> = {
	')': ')',
	',': ',',
	'!': '!',
	'==': '==',
	'=': '=',
	'>': '>',
	in: 'in',
	'<': '<',
	'!=': '!=',
	notin: 'notin',
	'(': '(',
};
const isWhitespace = (char: string) => char === ' ' || char === '\t' || char === '\r' || char === '\n';
const isSpecial = (char: string) => '=!(),><'.includes(char);

function lex(input: string): Scanned[] {
	const items: Scanned[] = [];
	let position = 0;
	for (;;) {
		while (position < input.length && isWhitespace(input[position]!)) position++;
		if (position >= input.length) {
			items.push({token: 'end', literal: ''});
			return items;
		}
		if (isSpecial(input[position]!)) {
			// The longest run of special characters that still forms an operator.
			let buffer = '';
			let last: Scanned | undefined;
			while (position < input.length && isSpecial(input[position]!)) {
				buffer += input[position];
				const token = keywords[buffer];
				if (token) last = {token, literal: buffer};
				else if (last) break;
				position++;
			}
			items.push(last ?? {token: 'error', literal: `error expected: keyword found '${buffer}'`});
			continue;
		}
		let buffer = '';
		while (position < input.length && !isSpecial(input[position]!) && !isWhitespace(input[position]!)) buffer += input[position++];
		items.push({token: keywords[buffer] ?? 'identifier', literal: buffer});
	}
}

// --- the parser ---

type Operator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | '>' | '<';
type Requirement = {key: string; operator: Operator; values: string[]};

const binaryOperators = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

class Parser {
	private position = 0;
	constructor(private readonly items: Scanned[]) {}

	/** In a values context the keywords `in` and `notin` are plain identifiers. */
	private peek(values = true): Scanned {
		const item = this.items[this.position]!;
		return values && (item.token === 'in' || item.token === 'notin') ? {token: 'identifier', literal: item.literal} : item;
	}

	private next(values = true): Scanned {
		const item = this.peek(values);
		this.position++;
		return item;
	}

	parse(): Requirement[] {
		const requirements: Requirement[] = [];
		for (;;) {
			const {token, literal} = this.peek();
			if (token === 'end') return requirements;
			if (token !== 'identifier' && token !== '!') throw new SelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
			try {
				requirements.push(this.requirement());
			} catch (error) {
				throw new SelectorError(`unable to parse requirement: ${(error as Error).message}`);
			}
			const after = this.next();
			if (after.token === 'end') return requirements;
			if (after.token !== ',') throw new SelectorError(`found '${after.literal}', expected: ',' or 'end of string'`);
			const following = this.peek();
			if (following.token !== 'identifier' && following.token !== '!') throw new SelectorError(`found '${following.literal}', expected: identifier after ','`);
		}
	}

	private requirement(): Requirement {
		let item = this.next();
		let operator: Operator | undefined;
		if (item.token === '!') {
			operator = '!';
			item = this.next();
		}
		if (item.token !== 'identifier') throw new Error(`found '${item.literal}', expected: identifier`);
		const key = item.literal;
		const keyErrors = labelKeyErrors(key);
		if (keyErrors.length > 0) throw new Error(invalid('<nil>', key, keyErrors));
		const lookahead = this.peek().token;
		if (operator === '!' || lookahead === 'end' || lookahead === ',') return {key, operator: operator ?? 'exists', values: []};

		const op = this.next(false);
		const operators: Partial<Record<Token, Operator>> = {in: 'in', notin: 'notin', '=': '=', '==': '==', '!=': '!=', '>': '>', '<': '<'};
		const binary = operators[op.token];
		if (!binary) throw new Error(`found '${op.literal}', expected: ${binaryOperators.join(', ')}`);
		const values = binary === 'in' || binary === 'notin' ? this.valueSet() : this.exactValue();
		return newRequirement(key, binary, [...new Set(values)].sort());
	}

	private valueSet(): string[] {
		const open = this.next();
		if (open.token !== '(') throw new Error(`found '${open.literal}' expected: '('`);
		const first = this.peek();
		if (first.token === ')') {
			this.next();
			return [''];
		}
		if (first.token !== 'identifier' && first.token !== ',') throw new Error(`found '${first.literal}', expected: ',', ')' or identifier`);
		const values = this.identifiers();
		if (this.next().token !== ')') throw new Error(`found '${first.literal}', expected: ')'`);
		return values;
	}

	/** A comma-separated list in which empty entries are the empty string. */
	private identifiers(): string[] {
		const values: string[] = [];
		for (;;) {
			const item = this.next();
			if (item.token === 'identifier') {
				values.push(item.literal);
				const after = this.peek();
				if (after.token === ',') continue;
				if (after.token === ')') return values;
				throw new Error(`found '${after.literal}', expected: ',' or ')'`);
			}
			if (item.token === ',') {
				if (values.length === 0) values.push('');
				const after = this.peek().token;
				if (after === ')') {
					values.push('');
					return values;
				}
				if (after === ',') values.push('');
				continue;
			}
			throw new Error(`found '${item.literal}', expected: ',', or identifier`);
		}
	}

	private exactValue(): string[] {
		const lookahead = this.peek().token;
		if (lookahead === 'end' || lookahead === ',') return [''];
		const item = this.next();
		if (item.token === 'identifier') return [item.literal];
		throw new Error(`found '${item.literal}', expected: identifier`);
	}
}

const integer = /^[+-]?\d+$/;

/** labels.NewRequirement's checks, errors aggregated as Go does. */
function newRequirement(key: string, operator: Operator, values: string[]): Requirement {
	const errors: string[] = [];
	if (operator === '>' || operator === '<') {
		values.forEach((value, index) => {
			if (!integer.test(value)) errors.push(invalid(`values[${index}]`, value, ["for 'Gt', 'Lt' operators, the value must be an integer"]));
		});
	}
	values.forEach((value, index) => {
		const valueErrors = labelValueErrors(value);
		if (valueErrors.length > 0) errors.push(invalid(`values[${index}][${key}]`, value, valueErrors));
	});
	const message = aggregate(errors);
	if (message) throw new Error(message);
	return {key, operator, values};
}

function matches({key, operator, values}: Requirement, labels: Record<string, string> | undefined): boolean {
	const has = labels !== undefined && Object.hasOwn(labels, key);
	const value = has ? labels[key]! : undefined;
	switch (operator) {
		case 'in':
		case '=':
		case '==':
			return has && values.includes(value!);
		case 'notin':
		case '!=':
			return !has || !values.includes(value!);
		case 'exists':
			return has;
		case '!':
			return !has;
		case '>':
		case '<': {
			if (!has || !integer.test(value!)) return false;
			const left = BigInt(value!);
			const right = BigInt(values[0]!);
			return operator === '>' ? left > right : left < right;
		}
	}
}

export function parseLabelSelector(selector: string | undefined | null): Matcher {
	if (!selector) return () => true;
	const requirements = new Parser(lex(selector)).parse();
	return labels => requirements.every(requirement => matches(requirement, labels));
}

// --- field selectors ---

export type FieldGetter<T> = (object: T, field: string) => string | undefined;

/** Terms split on commas a backslash does not escape. */
function splitFieldTerms(selector: string): string[] {
	const terms: string[] = [];
	let start = 0;
	let escaped = false;
	for (let i = 0; i < selector.length; i++) {
		const char = selector[i];
		if (escaped) escaped = false;
		else if (char === '\\') escaped = true;
		else if (char === ',') {
			terms.push(selector.slice(start, i));
			start = i + 1;
		}
	}
	terms.push(selector.slice(start));
	return terms;
}

function unescapeFieldValue(value: string): string {
	let result = '';
	let escaped = false;
	for (const char of value) {
		if (escaped) {
			if (char !== '\\' && char !== ',' && char !== '=') throw new SelectorError(`invalid field selector: invalid escape sequence: \\${char}`);
			result += char;
			escaped = false;
		} else if (char === '\\') escaped = true;
		// Go prints the rune with %v: its code point.
		else if (char === ',' || char === '=') throw new SelectorError(`invalid field selector: unescaped character in value: ${char.codePointAt(0)}`);
		else result += char;
	}
	if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
	return result;
}

/**
 * Field selectors support only the fields a resource declares; anything else is the
 * apiserver's 400 "field label not supported". Terms are neither trimmed nor reordered
 * back: Go sorts them, and so reports the first bad one in sorted order.
 */
export function parseFieldSelector<T>(
	selector: string | undefined | null,
	supported: readonly string[],
	get: FieldGetter<T>,
	resource: string,
): (object: T) => boolean {
	if (!selector) return () => true;
	const requirements = splitFieldTerms(selector)
		.sort()
		.filter(term => term !== '')
		.map(term => {
			const match = /^(.*?)(!=|==|=)(.*)$/s.exec(term);
			if (!match) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${term}'`);
			const [, field, operator, raw] = match as unknown as [string, string, string, string];
			const value = unescapeFieldValue(raw);
			if (!supported.includes(field)) throw new SelectorError(`field label not supported: ${field}`);
			return {field, negate: operator === '!=', value};
		});
	void resource;
	return object =>
		requirements.every(({field, negate, value}) => {
			const actual = get(object, field) ?? '';
			return negate ? actual !== value : actual === value;
		});
}
