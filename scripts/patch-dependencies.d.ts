// Types of patch-dependencies.js for the tests.
export type Patch = {
	package: string;
	versions: string;
	file: string;
	find: string;
	replace: string;
	why: string;
	/** The patch file's name without .js. */
	name: string;
	/** The patch file, relative to the repository (scripts/patches/NAME.js). */
	source: string;
	/** The patched file's absolute path. */
	path: string;
};
export const seaPatchesFolder: string;
export function loadPatches(folder?: string): Promise<Patch[]>;
export function checkVersion(patch: Patch): string;
export function occurrences(patch: Patch, source?: string): number;
export function applyPatch(patch: Patch, source: string): string;
export function patchDependencies(patches: Patch[]): {plugin: {name: string; setup: (builder: unknown) => void}; unapplied: () => string[]};
