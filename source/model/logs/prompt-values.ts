import {sinceSeconds} from './options.js';

// What the since and fields prompts take, read from the text typed: a value, or why not.

/** The since prompt: a duration as --since takes it ("5m", "1h"); empty for the tail again. */
export function parseSince(typed: string): {seconds?: number; text: string; error?: string} {
	const text = typed.trim();
	try {
		return {seconds: text ? sinceSeconds(text) : undefined, text};
	} catch (error) {
		return {text, error: (error as Error).message};
	}
}

/** The fields prompt: JSON field names, comma separated; at least one. */
export function parseFields(typed: string): {fields: string[]; error?: string} {
	const fields = typed
		.split(',')
		.map(field => field.trim())
		.filter(Boolean);
	return fields.length === 0 ? {fields, error: 'name at least one field'} : {fields};
}
