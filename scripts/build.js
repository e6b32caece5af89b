// Bundle the CLI into dist/ with code splitting: each subcommand and the TUI are chunks
// loaded on demand, so start-up only parses what the command needs.
import {readFileSync, renameSync, rmSync} from 'node:fs';
import {build} from 'esbuild';
import {loadPatches, patchDependencies} from './patch-dependencies.js';

const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Build into a fresh folder and swap it in: no stale chunks pile up, and a process starting
// meanwhile sees either the old bundle or the new one.
const staging = new URL(`../dist.${process.pid}`, import.meta.url);
const dist = new URL('../dist', import.meta.url);
rmSync(staging, {recursive: true, force: true});

// Dependencies patched as they are bundled, one file each in scripts/patches/ (checked first:
// a patch that no longer fits its dependency fails the build rather than vanish).
const patches = patchDependencies(await loadPatches());

// `import process from 'node:process'` (meow, Ink and others do) builds the module's namespace
// from every property of process, which creates stdin, a TTY or pipe handle `podscope logs`
// never reads, ~8 ms. The global is the same object: bundle a module that re-exports it.
const globalProcess = {
	name: 'global-process',
	setup(builder) {
		builder.onResolve({filter: /^(node:)?process$/}, () => ({path: 'process', namespace: 'global-process'}));
		builder.onLoad({filter: /.*/, namespace: 'global-process'}, () => ({
			contents:
				'const p = globalThis.process; export default p; export const env = p.env; export const argv = p.argv; export const platform = p.platform; export const cwd = () => p.cwd();',
			loader: 'js',
		}));
	},
};

// The ESM face of a builtin reads every export once, getters included (fs.promises loads
// fs/promises, http's load the fetch implementation, util.setTraceSigInt worker threads):
// ~4 ms each for fs and util, 30 for http. Bundle a stand-in instead: its default export is
// the module require() returns, and its names are getters onto it, made at run time from the
// names the running Node has (listing them reads nothing), so a name is read when it is used,
// and no list of names ties dist/ to the Node that built it. (A plain CommonJS stand-in would
// not do: esbuild's interop reads every property's descriptor, which makes Node build it.)
const viaRequire = ['fs', 'util', 'http', 'tls'];
const standIn = name => `const m = require('node:${name}');\nexport default m;\nexport * from 'names:${name}';\n`;
// CommonJS, because esbuild re-exports the names of a CommonJS module as they are at run time.
const names = name => `const m = require('node:${name}');
for (const key of Object.getOwnPropertyNames(m)) {
	if (key !== 'default') Object.defineProperty(exports, key, {get: () => m[key], enumerable: true});
}
`;
const builtinsViaRequire = {
	name: 'builtins-via-require',
	setup(builder) {
		// The require() inside the stand-ins is the real module, left external.
		builder.onResolve({filter: new RegExp(`^(node:)?(${viaRequire.join('|')})$`)}, ({path, namespace}) =>
			namespace.startsWith('builtin-') ? {path, external: true} : {path: path.replace(/^node:/, ''), namespace: 'builtin-require'},
		);
		builder.onResolve({filter: /^names:/}, ({path}) => ({path: path.slice('names:'.length), namespace: 'builtin-names'}));
		builder.onLoad({filter: /.*/, namespace: 'builtin-require'}, ({path}) => ({contents: standIn(path), loader: 'js'}));
		builder.onLoad({filter: /.*/, namespace: 'builtin-names'}, ({path}) => ({contents: names(path), loader: 'js'}));
	},
};

await build({
	plugins: [patches.plugin, globalProcess, builtinsViaRequire],
	entryPoints: {cli: 'source/commands/cli.ts'},
	outdir: staging.pathname,
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node22',
	sourcemap: 'linked',
	minifySyntax: true,
	jsx: 'automatic',
	logLevel: 'warning',
	// A namespace import's missing name (`ns.dropped`) is otherwise a warning and undefined at run time.
	logOverride: {'import-is-undefined': 'error'},
	define: {__PODSCOPE_VERSION__: JSON.stringify(version), 'process.env.DEV': '"false"', 'process.env.NODE_ENV': '"production"'},
	// Some dependencies are CommonJS and call require(); give the ESM bundle one.
	banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"},
	external: ['@lydell/node-pty', 'react-devtools-core'],
	// yaml's ESM build (the same code as its CommonJS one, which Node would pick) bundles as
	// plain modules, instead of CommonJS wrappers all run when the kubeconfig loader starts.
	alias: {yaml: './node_modules/yaml/browser/index.js'},
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
