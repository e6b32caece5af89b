import type {ServerResponse} from 'node:http';
import {unknownPodFields, withoutUnknownPodFields} from '../pod-defaults.js';
import {badRequest, invalid} from './respond.js';
import {addWarnings} from './warnings.js';

// The query options every write takes: dryRun, and fieldValidation for a Pod body.

/** dryRun=All: validate and answer as if done, store nothing. */
export function isDryRun(query: URLSearchParams): boolean {
	const values = query.getAll('dryRun');
	for (const value of values) {
		if (value !== 'All') {
			throw invalid('CreateOptions', '', [{field: 'dryRun', type: 'NotSupported', value: [value], detail: 'supported values: "All"'}], 'meta.k8s.io');
		}
	}
	return values.length > 0;
}

/**
 * fieldValidation for a Pod body: unknown fields are dropped with a Warning header each (Warn,
 * the default), dropped silently (Ignore), or refused (Strict, what kubectl sends).
 */
export function decodePodFields<T>(body: T, query: URLSearchParams, response: ServerResponse, decodeError: boolean): T {
	const unknown = unknownPodFields(body);
	if (unknown.length === 0) return body;
	const mode = query.get('fieldValidation') ?? 'Warn';
	if (mode === 'Strict') {
		const strict = `strict decoding error: ${unknown.map(field => `unknown field ${JSON.stringify(field)}`).join(', ')}`;
		throw badRequest(decodeError ? `Pod in version "v1" cannot be handled as a Pod: ${strict}` : strict);
	}
	const warnings = unknown.map(field => `unknown field ${JSON.stringify(field)}`);
	if (mode !== 'Ignore') addWarnings(response, warnings);
	return withoutUnknownPodFields(body);
}
