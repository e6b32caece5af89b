// Go's base64.StdEncoding.Decode, as encoding/json runs it on a []byte field (a Secret's
// `data`, a ConfigMap's `binaryData`): line breaks are skipped, padding is required, and the
// first bad byte is reported as "illegal base64 data at input byte N" (CorruptInputError,
// src/encoding/base64/base64.go decodeQuantum).

const alphabet = /[A-Za-z0-9+/]/;
const isNewline = (char: string | undefined) => char === '\n' || char === '\r';

/** The decoded bytes, or the CorruptInputError offset Go would report. */
export function goBase64Decode(text: string): {bytes: Buffer} | {errorAt: number} {
	let si = 0;
	let clean = '';
	for (;;) {
		const quantum: string[] = [];
		let padded = false;
		while (quantum.length < 4) {
			if (si === text.length) {
				if (quantum.length === 0) return {bytes: Buffer.from(clean, 'base64')};
				return {errorAt: si - quantum.length};
			}
			const char = text[si]!;
			si++;
			if (alphabet.test(char)) {
				quantum.push(char);
				continue;
			}
			if (isNewline(char)) continue;
			if (char !== '=' || quantum.length < 2) return {errorAt: si - 1};
			if (quantum.length === 2) {
				// "==" is expected; the first "=" is already consumed.
				while (si < text.length && isNewline(text[si])) si++;
				if (si === text.length) return {errorAt: text.length};
				if (text[si] !== '=') return {errorAt: si - 1};
				si++;
			}
			while (si < text.length && isNewline(text[si])) si++;
			if (si < text.length) return {errorAt: si};
			padded = true;
			break;
		}
		clean += quantum.join('');
		if (padded) return {bytes: Buffer.from(clean, 'base64')};
	}
}

/** The error encoding/json reports for a field it could not decode from base64. */
export const base64Error = (at: number) => `illegal base64 data at input byte ${at}`;
