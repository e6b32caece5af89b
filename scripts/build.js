// Bundle the CLI into dist/ with code splitting: each subcommand and the TUI are chunks
// loaded on demand, so start-up only parses what the command needs.
import {readFileSync, renameSync, rmSync} from 'node:fs';
import {build} from 'esbuild';

const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Build into a fresh folder and swap it in: no stale chunks pile up, and a process starting
// meanwhile sees either the old bundle or the new one.
const staging = new URL(`../dist.${process.pid}`, import.meta.url);
const dist = new URL('../dist', import.meta.url);
rmSync(staging, {recursive: true, force: true});

await build({
	entryPoints: {cli: 'source/commands/cli.ts'},
	outdir: staging.pathname,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	sourcemap: 'linked',
	minifySyntax: true,
	jsx: 'automatic',
	logLevel: 'warning',
	define: {__PODSCOPE_VERSION__: JSON.stringify(version), 'process.env.DEV': '"false"', 'process.env.NODE_ENV': '"production"'},
	// Some dependencies are CommonJS and call require(); give the ESM bundle one.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	external: ['@lydell/node-pty', 'react-devtools-core'],
});

rmSync(dist, {recursive: true, force: true});
renameSync(staging, dist);
