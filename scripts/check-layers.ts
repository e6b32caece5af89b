// The layer rules of ARCHITECTURE.md, checked on every `npm test`: each folder of source/ may
// import only the folders below it at run time. Biome's noRestrictedImports cannot tell a
// type-only import from a runtime one nor resolve a relative path to its folder, and both
// matter here (ui/ may name kube/'s types, never call it), so the rules live in this table.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'source');

// Which folders a layer may import at run time, and which also for types only.
export const layers: Record<string, {runtime: string[]; types: string[]}> = {
	model: {runtime: ['model'], types: []},
	kube: {runtime: ['model', 'kube'], types: []},
	session: {runtime: ['model', 'kube', 'session'], types: []},
	ui: {runtime: ['model', 'ui'], types: ['kube', 'session']},
	commands: {runtime: ['model', 'kube', 'session', 'ui', 'commands', 'sim'], types: []},
	sim: {runtime: ['model', 'sim'], types: []},
};

// Files of an allowed layer that a layer still may not import: kube/ talks to the API and
// knows nothing of the app's state or screens.
const forbiddenFiles: Record<string, string[]> = {
	kube: ['model/app-state.ts', 'model/store.ts', 'model/logs/screen.ts'],
};

// Packages that do I/O or draw: the pure layers must not reach them.
const io = ['node:fs', 'node:fs/promises', 'node:net', 'node:tls', 'node:http', 'node:https', 'node:child_process', 'node:dgram', 'ws', '@lydell/node-pty'];
const forbiddenPackages: Record<string, string[]> = {
	model: [...io, 'node:os', 'node:path', 'node:process', 'react', 'ink'],
	kube: ['react', 'ink'],
	session: ['react', 'ink'],
	ui: io,
	sim: ['react', 'ink'],
};

const importPattern = /^[ \t]*(?:import|export)\s+(type\s+)?([^'";]*?)\s*from\s*'([^']+)'|^[ \t]*import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm;

/** Every import of one file's text: its specifier and whether it is for types only. */
export type Import = {specifier: string; typeOnly: boolean};

export function importsOf(text: string): Import[] {
	const found: Import[] = [];
	for (const match of text.matchAll(importPattern)) {
		const [, typeKeyword, clause, from, bare, dynamic] = match;
		if (from !== undefined) {
			const names = /^\{([\s\S]*)\}$/.exec((clause ?? '').trim());
			const allTypes =
				names !== null &&
				(names[1] ?? '')
					.split(',')
					.map(name => name.trim())
					.filter(Boolean)
					.every(name => name.startsWith('type '));
			found.push({specifier: from, typeOnly: Boolean(typeKeyword) || allTypes});
		} else {
			found.push({specifier: bare ?? dynamic ?? '', typeOnly: false});
		}
	}
	return found;
}

/** The problems of one file's imports, as `file: message` lines. */
export function checkFile(file: string, text: string): string[] {
	const relative = path.relative(root, file);
	const layer = relative.split(path.sep)[0] ?? '';
	const rule = layers[layer];
	if (!rule) return [`${relative}: source/${layer}/ is not a layer of ARCHITECTURE.md (add it to scripts/check-layers.ts)`];
	const problems: string[] = [];
	for (const {specifier, typeOnly} of importsOf(text)) {
		if (!specifier.startsWith('.')) {
			if (!typeOnly && forbiddenPackages[layer]?.includes(specifier)) problems.push(`${relative}: ${layer}/ may not import ${specifier}`);
			continue;
		}
		const target = path.relative(root, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, '.ts');
		const targetLayer = target.split(path.sep)[0] ?? '';
		const allowed = typeOnly ? [...rule.runtime, ...rule.types] : rule.runtime;
		if (!allowed.includes(targetLayer)) {
			const how = rule.types.includes(targetLayer) ? ' at run time (import type only)' : '';
			problems.push(`${relative}: ${layer}/ may not import ${targetLayer}/${how}: ${specifier}`);
		} else if (forbiddenFiles[layer]?.some(forbidden => target === forbidden || target === forbidden.replace(/\.ts$/, '.tsx'))) {
			problems.push(`${relative}: ${layer}/ may not import ${target}`);
		}
	}
	return problems;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return /\.tsx?$/.test(entry.name) ? [full] : [];
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const problems = sourceFiles(root).flatMap(file => checkFile(file, readFileSync(file, 'utf8')));
	for (const problem of problems) process.stderr.write(`${problem}\n`);
	if (problems.length > 0) {
		process.stderr.write(`layers: ${problems.length} import(s) break the rules of ARCHITECTURE.md\n`);
		process.exitCode = 1;
	}
}
