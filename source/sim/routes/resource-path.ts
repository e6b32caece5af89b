// The tail of a resource URL after /apis/{group}/{version}/ (or /api/v1/): an optional legacy
// `watch/` prefix, an optional `namespaces/{ns}/`, then the resource, name and subresource.

export type ResourcePath = {legacyWatch: boolean; namespace?: string; parts: string[]};

export function resourcePath(rest: string[]): ResourcePath {
	let parts = rest;
	const legacyWatch = parts[0] === 'watch';
	if (legacyWatch) parts = parts.slice(1);
	let namespace: string | undefined;
	if (parts[0] === 'namespaces' && parts.length >= 3) {
		namespace = parts[1];
		parts = parts.slice(2);
	}
	return {legacyWatch, namespace, parts};
}
