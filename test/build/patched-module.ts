import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {applyPatch, loadPatches} from '../../scripts/patch-dependencies.js';

// A dependency's file as the build bundles it: its patches of scripts/patches/ applied, written
// to a folder of its own with every import pointing at the installed modules, and imported, so
// that a test can hold the patched module to the installed one.

const folders: string[] = [];

type Exports = string | {[condition: string]: Exports};

/** A package's ESM entry as Node's import would find it from `from` (require.resolve refuses import-only packages). */
function resolvePackage(name: string, from: string): string {
	for (const folder of createRequire(from).resolve.paths(name) ?? []) {
		const root = path.join(folder, name);
		let manifest: {exports?: Exports; module?: string; main?: string};
		try {
			manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
		} catch {
			continue;
		}
		const pick = (entry: Exports | undefined): string | undefined =>
			typeof entry === 'string' || entry === undefined ? entry : pick(entry['.'] ?? entry.import ?? entry.node ?? entry.default);
		return path.join(root, pick(manifest.exports) ?? manifest.main ?? 'index.js');
	}
	throw new Error(`cannot find ${name} from ${from}`);
}

/** The named patches (all of one file) applied to that file, imported as a module. */
export async function importPatched<T>(...names: string[]): Promise<T> {
	const known = await loadPatches();
	const chosen = names.map(name => {
		const patch = known.find(each => each.name === name);
		if (!patch) throw new Error(`no patch ${name} in scripts/patches/`);
		return patch;
	});
	const file = chosen[0]!.path;
	if (chosen.some(patch => patch.path !== file)) throw new Error(`patches ${names.join(', ')} patch different files`);
	const where = (specifier: string) =>
		pathToFileURL(specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : resolvePackage(specifier, file)).href;
	const source = chosen
		.reduce((text, patch) => applyPatch(patch, text), readFileSync(file, 'utf8'))
		// The source map names a file beside the original, which the copy does not have.
		.replace(/^\/\/# sourceMappingURL=.*$/m, '')
		.replace(/(\bfrom\s*|\bimport\s*)(['"])([^'"]+)\2/g, (_whole, keyword: string, quote: string, specifier: string) =>
			specifier.startsWith('node:') ? `${keyword}${quote}${specifier}${quote}` : `${keyword}${quote}${where(specifier)}${quote}`,
		);
	const folder = mkdtempSync(path.join(tmpdir(), 'podscope-patched-'));
	folders.push(folder);
	const target = path.join(folder, `${path.basename(file, '.js')}.mjs`);
	writeFileSync(target, source);
	return (await import(pathToFileURL(target).href)) as T;
}

/** The installed file, unpatched. */
export async function importInstalled<T>(name: string): Promise<T> {
	const patch = (await loadPatches()).find(each => each.name === name);
	if (!patch) throw new Error(`no patch ${name} in scripts/patches/`);
	return (await import(pathToFileURL(patch.path).href)) as T;
}

/** Remove the folders written so far (for afterAll). */
export function removePatched(): void {
	for (const folder of folders.splice(0)) rmSync(folder, {recursive: true, force: true});
}
