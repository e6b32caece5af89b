// Bundle the CLI into dist/ with code splitting: each subcommand and the TUI are chunks
// loaded on demand, so start-up only parses what the command needs.
import {execFileSync} from 'node:child_process';
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
			contents: 'const p = globalThis.process; export default p; export const env = p.env; export const argv = p.argv; export const platform = p.platform; export const cwd = () => p.cwd();',
			loader: 'js',
		}));
	},
};

// The ESM face of a builtin reads every export once, getters included (fs.promises loads
// fs/promises, http's load the fetch implementation): ~4 ms each for fs and util, 30 for http.
// Bundle them as require() with the same names, leaving out what loads more of Node when it is
// read: getters, and the values Node makes on first read (util.parseArgs, util.diff and
// util.setTraceSigInt load parsers, diffing and worker threads; fs.Dir). An import of one fails
// the build, loudly. Which values those are is asked of a fresh Node, the one the bundle runs on.
const viaRequire = ['fs', 'util', 'http', 'tls'];
/**
 * Each builtin's exports that cost nothing to read, asked of fresh Nodes: a read that loads a
 * module marks its name, and a fresh Node reads the rest again (two names may share the module
 * the first of them loaded), until a Node reads them all and loads nothing.
 */
function eagerExportsOf(modules) {
	const skipped = Object.fromEntries(modules.map(name => [name, []]));
	for (let round = 0; round < 20; round++) {
		const probe = `const skipped = ${JSON.stringify(skipped)}; const found = {};
			for (const name of Object.keys(skipped)) {
				const m = require('node:' + name);
				found[name] = {eager: [], lazy: []};
				for (const key of Object.getOwnPropertyNames(m)) {
					if (skipped[name].includes(key) || key === 'default' || !/^[A-Za-z_$][\\w$]*$/.test(key)) continue;
					const loaded = process.moduleLoadList.length;
					const descriptor = Object.getOwnPropertyDescriptor(m, key);
					(process.moduleLoadList.length === loaded && 'value' in descriptor ? found[name].eager : found[name].lazy).push(key);
				}
			}
			process.stdout.write(JSON.stringify(found));`;
		const found = JSON.parse(execFileSync(process.execPath, ['-e', probe], {encoding: 'utf8'}));
		if (modules.every(name => found[name].lazy.length === 0)) return Object.fromEntries(modules.map(name => [name, found[name].eager]));
		for (const name of modules) skipped[name].push(...found[name].lazy);
	}
	throw new Error('build: the lazy exports of Node builtins did not settle');
}
const eagerExports = eagerExportsOf(viaRequire);
const builtinsViaRequire = {
	name: 'builtins-via-require',
	setup(builder) {
		// The require() inside the stand-in is the real module, left external.
		builder.onResolve({filter: new RegExp(`^(node:)?(${viaRequire.join('|')})$`)}, ({path, namespace}) =>
			namespace === 'builtin-require' ? {path, external: true} : {path: path.replace(/^node:/, ''), namespace: 'builtin-require'},
		);
		builder.onLoad({filter: /.*/, namespace: 'builtin-require'}, ({path}) => {
			const names = eagerExports[path];
			return {contents: `const m = require('node:${path}');\nexport default m;\n${names.map(name => `export const ${name} = m.${name};`).join('\n')}\n`, loader: 'js'};
		});
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
