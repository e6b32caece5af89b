// Bundle the CLI into dist/ with code splitting: each subcommand and the TUI are chunks
// loaded on demand, so start-up only parses what the command needs.
import {readFileSync} from 'node:fs';
import {build} from 'esbuild';

const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
	entryPoints: {cli: 'source/commands/cli.ts'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	sourcemap: 'linked',
	minifySyntax: true,
	jsx: 'automatic',
	logLevel: 'warning',
	define: {__PODSCOPE_VERSION__: JSON.stringify(version), 'process.env.DEV': '"false"'},
	// Some dependencies are CommonJS and call require(); give the ESM bundle one.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	external: ['@lydell/node-pty', 'react-devtools-core'],
});
