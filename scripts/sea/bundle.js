// The single executable's main script: the whole CLI as one CommonJS file, since a single
// executable application runs one script, which loads only builtins with require() and (on
// the Node we ship) cannot be an ES module. dist/ stays as it is for npm; this shares its
// options (scripts/build-options.js), its dependency patches, and those of scripts/sea/patches/
// (top-level awaits a CommonJS script cannot have, files it has no folder to read from).
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {sharedOptions} from '../build-options.js';
import {loadPatches, patchDependencies, seaPatchesFolder} from '../patch-dependencies.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

// node-pty finds its addon with require('@lydell/node-pty-<platform>-<arch>/pty.node'): in the
// executable, its requireBinary() is ours, which loads the addon the build embedded.
const embeddedPty = {
	name: 'embedded-pty',
	setup(builder) {
		builder.onResolve({filter: /^\.\/requireBinary$/}, ({importer}) =>
			importer.includes('/@lydell/node-pty/') ? {path: `${root}source/sim/exec/embedded-pty.ts`} : undefined,
		);
	},
};

/** The base64 WebAssembly that yoga-layout's loader embeds, as bytes: the executable's yoga.wasm asset (scripts/sea/patches/yoga-sync.js). */
export function yogaWasm() {
	const loader = readFileSync(`${root}node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js`, 'utf8');
	const found = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/.exec(loader);
	if (!found) throw new Error('build:sea: no base64 WebAssembly found in yoga-layout/dist/binaries/yoga-wasm-base64-esm.js; update scripts/sea/bundle.js');
	return Buffer.from(found[1], 'base64');
}

// Packages kept out of the main script, each a CommonJS bundle of its own stored as an asset
// and compiled when first imported (source/commands/sea-chunk.ts).
export const chunks = {'@kubernetes/client-node': 'client-node.cjs'};

const chunked = {
	name: 'sea-chunks',
	setup(builder) {
		const filter = new RegExp(`^(${Object.keys(chunks).join('|')})$`);
		builder.onResolve({filter}, ({path}) => ({path, namespace: 'sea-chunk'}));
		builder.onLoad({filter: /.*/, namespace: 'sea-chunk'}, ({path}) => ({
			contents: `module.exports = require(${JSON.stringify(`${root}source/commands/sea-chunk.ts`)}).loadChunk(${JSON.stringify(chunks[path])}, require);`,
			loader: 'js',
			resolveDir: root,
		}));
	},
};

/** The bundles of `chunks`, each into `folder`/its asset's name. */
export async function bundleChunks(folder) {
	for (const [entry, asset] of Object.entries(chunks)) {
		await build({...sharedOptions([]), entryPoints: [entry], outfile: `${folder}/${asset}`, format: 'cjs', logOverride: {'empty-import-meta': 'error'}});
	}
}

/** Bundles source/commands/sea-main.ts into `outfile`. */
export async function bundleSea(outfile) {
	const patches = patchDependencies([...(await loadPatches()), ...(await loadPatches(seaPatchesFolder))]);
	const shared = sharedOptions([patches.plugin, embeddedPty, chunked]);
	await build({
		...shared,
		entryPoints: [`${root}source/commands/sea-main.ts`],
		outfile,
		format: 'cjs',
		// `importMeta: import.meta` (meow) wants a URL: the executable's own (__filename is its path).
		banner: {js: "const __podscopeImportMeta = {url: require('node:url').pathToFileURL(__filename).href};"},
		define: {
			...shared.define,
			'import.meta': '__podscopeImportMeta',
		},
		logOverride: {...shared.logOverride, 'empty-import-meta': 'error'},
		// A third smaller without whitespace and comments: less to read into each start (the
		// names stay, for stack traces).
		minifyWhitespace: true,
	});
	const unapplied = patches.unapplied();
	if (unapplied.length > 0) throw new Error(`build:sea: patch ${unapplied.join(', ')} found no file to patch; update scripts/patches/ or scripts/sea/patches/`);
}
