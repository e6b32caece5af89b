import {execFile} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {afterAll, describe, expect, it} from 'vitest';
import {sharedOptions} from '../../scripts/build-options.js';

// scripts/build-options.js bundles a stand-in for fs, util, http, tls and crypto (their ESM
// faces read every export as they load). A static import gets the stand-in; a dynamic import()
// is left to Node, since a stand-in split into a chunk of its own would lose its names.

const run = promisify(execFile);
const folder = mkdtempSync(path.join(tmpdir(), 'podscope-builtins-'));
afterAll(() => rmSync(folder, {recursive: true, force: true}));

async function bundle(source: string): Promise<{out: string; text: string}> {
	const entry = path.join(folder, `entry-${readdirSync(folder).length}.js`);
	writeFileSync(entry, source);
	const out = mkdtempSync(path.join(folder, 'out-'));
	await build({...sharedOptions([]), entryPoints: {main: entry}, outdir: out, splitting: true, format: 'esm', logLevel: 'silent'});
	const text = readdirSync(out)
		.map(file => readFileSync(path.join(out, file), 'utf8'))
		.join('\n');
	return {out, text};
}

describe('builtins in the bundle', () => {
	it('import statically through the stand-in, with their names', async () => {
		const {out, text} = await bundle("import {readFileSync} from 'node:fs';\nconsole.log(typeof readFileSync);\n");
		expect(text).not.toMatch(/from\s*['"]node:fs['"]/);
		const {stdout} = await run(process.execPath, [path.join(out, 'main.js')]);
		expect(stdout.trim()).toBe('function');
	});

	it('import dynamically from Node itself, with their names', async () => {
		const {out, text} = await bundle(
			"const {readFileSync} = await import('node:fs');\nconst {randomUUID} = await import('node:crypto');\nconsole.log(typeof readFileSync, typeof randomUUID);\n",
		);
		expect(text).toMatch(/import\(\s*['"]node:fs['"]\s*\)/);
		const {stdout} = await run(process.execPath, [path.join(out, 'main.js')]);
		expect(stdout.trim()).toBe('function function');
	});
});
