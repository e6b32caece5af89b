// Go's strconv.Quote, which fmt's %q applies to a string: the warnings of kube-apiserver quote
// names, paths and values with it, and it escapes differently from JSON.stringify (\x1f, \a,
// \v, \u00a0 for a non-printing space; non-ASCII printable text stays as it is).

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const named: Record<number, string> = {7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v'};

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');

function escapeRune(char: string): string {
	// A lone surrogate cannot come out of Go's JSON decoder: it decodes one as U+FFFD.
	const code = char.codePointAt(0)!;
	if (code >= 0xd800 && code <= 0xdfff) return '\uFFFD';
	if (char === '"' || char === '\\') return `\\${char}`;
	if (printable.test(char)) return char;
	if (named[code]) return named[code];
	if (code < 0x20 || code === 0x7f) return `\\x${hex(code, 2)}`;
	return code < 0x10000 ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
}

export function goQuote(text: string): string {
	let quoted = '"';
	for (const char of text) quoted += escapeRune(char);
	return `${quoted}"`;
}
