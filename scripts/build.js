// Bundle the CLI into dist/ with code splitting: each subcommand and the TUI are chunks
// loaded on demand, so start-up only parses what the command needs.
import {execFileSync} from 'node:child_process';
import {readFileSync, renameSync, rmSync} from 'node:fs';
import {dirname} from 'node:path';
import {build} from 'esbuild';

const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Build into a fresh folder and swap it in: no stale chunks pile up, and a process starting
// meanwhile sees either the old bundle or the new one.
const staging = new URL(`../dist.${process.pid}`, import.meta.url);
const dist = new URL('../dist', import.meta.url);
rmSync(staging, {recursive: true, force: true});

// Patches of files inside dependencies, each recorded when it applies: a dependency that
// moves the patched file would otherwise drop the patch without a word (checked after build).
const applied = new Set();

// meow's bundled dependencies build normalize-package-data (SPDX licence tables, sorted, and
// hosted-git-info) as the module loads, ~25 ms of every start, though meow only normalises
// package.json when `cli.pkg` is read, which podscope never does. Build it on first use. They
// also promisify execFile for nothing (a helper of a dependency meow does not call), which
// loads child_process, net and dgram into every start: drop the call.
const eagerNormalize = 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);\npromisify(execFile);\n';
const lazyNormalize = 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);\n';
const lazyMeow = {
	name: 'lazy-meow-normalize',
	setup(builder) {
		builder.onLoad({filter: /meow[\\/]build[\\/]dependencies\.js$/}, ({path}) => {
			const source = readFileSync(path, 'utf8');
			// Fail the build rather than silently lose the saving when meow changes.
			if (!source.includes(eagerNormalize)) throw new Error(`${path}: normalize-package-data and execFile are no longer set up as expected; update scripts/build.js`);
			applied.add('lazy-meow-normalize');
			return {contents: source.replace(eagerNormalize, lazyNormalize), loader: 'js'};
		});
	},
};

// Ink's incremental renderer measures every changed line with string-width (grapheme by
// grapheme): give it podscope's narrow-text fast path, which falls back to string-width.
const narrowWidthModule = new URL('../source/ui/narrow-width.ts', import.meta.url).pathname;
const inkStringWidth = "import stringWidth from 'string-width';";
const inkLineUpdate = {
	name: 'ink-line-update-width',
	setup(builder) {
		builder.onLoad({filter: /ink[\\/]build[\\/]line-update\.js$/}, ({path}) => {
			const source = readFileSync(path, 'utf8');
			if (!source.includes(inkStringWidth)) throw new Error(`${path}: string-width is no longer imported as expected; update scripts/build.js`);
			applied.add('ink-line-update-width');
			return {contents: source.replace(inkStringWidth, `import {narrowWidth as stringWidth} from ${JSON.stringify(narrowWidthModule)};`), loader: 'js', resolveDir: dirname(path)};
		});
	},
};

// yoga-layout's Emscripten loader reads its embedded WebAssembly with fetch() on a data: URL
// when fetch exists, which loads Node's whole fetch implementation (undici) into the first
// frame, ~20 ms. Without fetch it decodes the same base64 synchronously.
const yogaBinary = {
	name: 'yoga-without-fetch',
	setup(builder) {
		builder.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/}, ({path}) => {
			const source = readFileSync(path, 'utf8');
			if (!source.includes('typeof fetch')) throw new Error(`${path}: no longer looks for fetch; update scripts/build.js`);
			applied.add('yoga-without-fetch');
			return {contents: `const fetch = undefined;\n${source}`, loader: 'js'};
		});
	},
};

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
	plugins: [lazyMeow, inkLineUpdate, yogaBinary, globalProcess, builtinsViaRequire],
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
	// yaml's ESM build (the same code as its CommonJS one, which Node would pick) bundles as
	// plain modules, instead of CommonJS wrappers all run when the kubeconfig loader starts.
	alias: {yaml: './node_modules/yaml/browser/index.js'},
});

const missing = [lazyMeow, inkLineUpdate, yogaBinary].map(plugin => plugin.name).filter(name => !applied.has(name));
if (missing.length > 0) {
	rmSync(staging, {recursive: true, force: true});
	throw new Error(`build: ${missing.join(', ')} found no file to patch (did a dependency move it?); update scripts/build.js`);
}

rmSync(dist, {recursive: true, force: true});
renameSync(staging, dist);
