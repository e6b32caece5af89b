/**
 * Splits a stream of concatenated JSON documents (what `kubectl get -w -o json` prints: one
 * pretty-printed object after another) into parsed objects, whatever the chunking: braces are
 * counted outside strings, escapes inside them are skipped.
 */
export function jsonStream(onDocument: (document: unknown) => void): (chunk: string) => void {
	let buffer = '';
	let depth = 0;
	let inString = false;
	let escaped = false;
	let start = -1;
	return chunk => {
		const offset = buffer.length;
		buffer += chunk;
		for (let index = offset; index < buffer.length; index++) {
			const char = buffer[index];
			if (inString) {
				if (escaped) escaped = false;
				else if (char === '\\') escaped = true;
				else if (char === '"') inString = false;
				continue;
			}
			if (char === '"') inString = true;
			else if (char === '{') {
				if (depth === 0) start = index;
				depth += 1;
			} else if (char === '}') {
				depth -= 1;
				if (depth === 0) {
					onDocument(JSON.parse(buffer.slice(start, index + 1)));
					buffer = buffer.slice(index + 1);
					index = -1;
					start = -1;
				}
			}
		}
		if (depth === 0) buffer = '';
	};
}
