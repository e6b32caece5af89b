// Bundle the CLI into dist/ with code splitting: each subcommand and the TUI are chunks
// loaded on demand, so start-up only parses what the command needs. (The single executable's
// bundle, scripts/sea/bundle.js, shares the options of scripts/build-options.js.)
import {renameSync, rmSync} from 'node:fs';
import {build} from 'esbuild';
import {sharedOptions} from './build-options.js';
import {loadPatches, patchDependencies} from './patch-dependencies.js';

// Build into a fresh folder and swap it in: no stale chunks pile up, and a process starting
// meanwhile sees either the old bundle or the new one.
const staging = new URL(`../dist.${process.pid}`, import.meta.url);
const dist = new URL('../dist', import.meta.url);
rmSync(staging, {recursive: true, force: true});

// Dependencies patched as they are bundled, one file each in scripts/patches/ (checked first:
// a patch that no longer fits its dependency fails the build rather than vanish).
const patches = patchDependencies(await loadPatches());

await build({
	...sharedOptions([patches.plugin]),
	entryPoints: {cli: 'source/commands/cli.ts'},
	outdir: staging.pathname,
	splitting: true,
	format: 'esm',
	sourcemap: 'linked',
	// Without whitespace and comments, as the single executable's: a quarter less to read, decode
	// and hash at each start (~9 ms of the first frame). Function names stay in stack traces; the
	// linked maps give the lines.
	minifyWhitespace: true,
	// Some dependencies are CommonJS and call require(); give the ESM bundle one.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	external: ['@lydell/node-pty', 'react-devtools-core'],
}).catch(error => {
	rmSync(staging, {recursive: true, force: true});
	throw error;
});

// A patch whose file esbuild never loaded has stopped working: the dependency moved it.
const unapplied = patches.unapplied();
if (unapplied.length > 0) {
	rmSync(staging, {recursive: true, force: true});
	throw new Error(`build: patch ${unapplied.join(', ')} found no file to patch (no longer bundled, or moved by its dependency); update scripts/patches/`);
}

rmSync(dist, {recursive: true, force: true});
renameSync(staging, dist);
