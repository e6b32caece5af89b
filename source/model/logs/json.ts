// JSON log lines, for the adapter pattern's output: pretty-printed over several rows, or
// reduced to a few fields on one. A line that is not a JSON object stays as it is.

export type JsonMode = 'off' | 'pretty' | 'fields';

/** Fields shown when none were chosen: the usual suspects for time, level and message. */
export const defaultFields = ['time', 'timestamp', 'ts', '@timestamp', 'level', 'severity', 'lvl', 'msg', 'message', 'error'];

function parseObject(text: string): Record<string, unknown> | undefined {
	const start = text.indexOf('{');
	if (start < 0 || start > 2) return undefined;
	try {
		const value = JSON.parse(text) as unknown;
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The rows a line becomes; the text still needs sanitising (JSON may decode \u001b). */
export function jsonRows(text: string, mode: JsonMode, fields: readonly string[] = defaultFields): string[] {
	if (mode === 'off') return [text];
	const object = parseObject(text);
	if (!object) return [text];
	if (mode === 'pretty') return JSON.stringify(object, null, 2).split('\n');
	const chosen = fields.filter(field => field in object);
	if (chosen.length === 0) return [text];
	return [chosen.map(field => (field === 'msg' || field === 'message' ? show(object[field]) : `${field}=${show(object[field])}`)).join(' ')];
}
