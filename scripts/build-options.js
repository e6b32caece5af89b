// What both bundles share: dist/ for npm (scripts/build.js, ESM split into chunks) and the
// single executable's one CommonJS script (scripts/sea/bundle.js). The start-up tricks live
// here so that both forms start the same way.
import {readFileSync} from 'node:fs';

export const {version, description} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// `import process from 'node:process'` (meow, Ink and others do) builds the module's namespace
// from every property of process, which creates stdin, a TTY or pipe handle `podscope logs`
// never reads, ~8 ms. The global is the same object: bundle a module that re-exports it.
export const globalProcess = {
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
// fs/promises, http's load the fetch implementation, util.setTraceSigInt worker threads,
// crypto's webcrypto): ~4 ms each for fs and util, 30 for http, 2 for crypto once https has
// loaded it. Bundle a stand-in instead: its default export is the module require() returns,
// and its names are getters onto it, made at run time from the names the running Node has
// (listing them reads nothing), so a name is read when it is used, and no list of names ties
// dist/ to the Node that built it. (A plain CommonJS stand-in would not do: esbuild's interop
// reads every property's descriptor, which makes Node build it.)
const viaRequire = ['fs', 'util', 'http', 'tls', 'crypto'];
const standIn = name => `const m = require('node:${name}');\nexport default m;\nexport * from 'names:${name}';\n`;
// CommonJS, because esbuild re-exports the names of a CommonJS module as they are at run time.
const names = name => `const m = require('node:${name}');
for (const key of Object.getOwnPropertyNames(m)) {
	if (key !== 'default') Object.defineProperty(exports, key, {get: () => m[key], enumerable: true});
}
`;
export const builtinsViaRequire = {
	name: 'builtins-via-require',
	setup(builder) {
		// The require() inside the stand-ins is the real module, left external. So is a dynamic
		// import(): split into a chunk of its own, a stand-in would lose its names there (an ESM
		// chunk cannot re-export a CommonJS module's names), and `{readFileSync}` be undefined.
		builder.onResolve({filter: new RegExp(`^(node:)?(${viaRequire.join('|')})$`)}, ({path, namespace, kind}) =>
			namespace.startsWith('builtin-') || kind === 'dynamic-import' ? {path, external: true} : {path: path.replace(/^node:/, ''), namespace: 'builtin-require'},
		);
		builder.onResolve({filter: /^names:/}, ({path}) => ({path: path.slice('names:'.length), namespace: 'builtin-names'}));
		builder.onLoad({filter: /.*/, namespace: 'builtin-require'}, ({path}) => ({contents: standIn(path), loader: 'js'}));
		builder.onLoad({filter: /.*/, namespace: 'builtin-names'}, ({path}) => ({contents: names(path), loader: 'js'}));
	},
};

/** The esbuild options both bundles share; `plugins` come first in the build's own list. */
export function sharedOptions(plugins) {
	return {
		plugins: [...plugins, globalProcess, builtinsViaRequire],
		bundle: true,
		platform: 'node',
		target: 'node22',
		minifySyntax: true,
		jsx: 'automatic',
		logLevel: 'warning',
		// A namespace import's missing name (`ns.dropped`) is otherwise a warning and undefined at run time.
		logOverride: {'import-is-undefined': 'error'},
		define: {
			__PODSCOPE_VERSION__: JSON.stringify(version),
			// meow's package (scripts/patches/meow-own-package.js). A string: an object here would be
			// a module of its own, initialised by every module.
			__PODSCOPE_PACKAGE__: JSON.stringify(JSON.stringify({name: 'podscope', version, description})),
			'process.env.DEV': '"false"',
			'process.env.NODE_ENV': '"production"',
		},
		// yaml's ESM build (the same code as its CommonJS one, which Node would pick) bundles as
		// plain modules, instead of CommonJS wrappers all run when the kubeconfig loader starts.
		alias: {yaml: './node_modules/yaml/browser/index.js'},
	};
}
