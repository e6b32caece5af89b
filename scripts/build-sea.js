// `npm run build:sea`: podscope as a Node single executable application
// (https://nodejs.org/api/single-executable-applications.html) for linux-x64 and linux-arm64,
// into dist-sea/: the official Node binary of the version we ship (the `node` devDependency),
// from the npm registry, with the whole CLI as its one script (scripts/sea/bundle.js) and
// node-pty's addon, yoga's WebAssembly and the lazily loaded parts as assets; the same file as
// kubectl-podscope, a krew archive of it per platform, and krew's manifest (dist-sea/podscope.yaml).
import {execFileSync} from 'node:child_process';
import {linkSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {description, version} from './build-options.js';
import {sha256, tarGz} from './sea/archive.js';
import {bundleChunks, bundleSea, chunks, yogaWasm} from './sea/bundle.js';
import {injectBlob} from './sea/inject.js';
import {defaultReleaseUrl, krewManifest, pluginBinary} from './sea/krew-manifest.js';
import {packageFile} from './sea/registry.js';
import {runArch} from './sea/run-arch.js';

const started = performance.now();
const root = fileURLToPath(new URL('..', import.meta.url));
const {values: flags} = parseArgs({
	options: {
		// Where krew's manifest says the archives are (a placeholder unless given).
		'release-url': {type: 'string', default: process.env.PODSCOPE_RELEASE_URL || defaultReleaseUrl(version)},
	},
});
const architectures = ['x64', 'arm64'];
if (process.platform !== 'linux' || !architectures.includes(process.arch))
	throw new Error(`build:sea: builds on linux-x64 or linux-arm64, not ${process.platform}-${process.arch}`);

const installed = name => JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
// The Node we ship is the one the tests run on: the `node` devDependency's version.
const nodeVersion = installed('node');
const ptyVersion = installed('@lydell/node-pty');
const cache = path.join(root, 'node_modules', '.cache', 'podscope-sea');
const nodeOf = arch => packageFile(cache, `node-linux-${arch}`, nodeVersion, 'bin/node');
const out = path.join(root, 'dist-sea');

// Built into a staging folder and swapped in whole, as dist/ is.
const staging = `${out}.${process.pid}`;
rmSync(staging, {recursive: true, force: true});
mkdirSync(path.join(staging, 'build'), {recursive: true});
const at = file => path.join(staging, file);
const step = (what, since) => console.log(`build:sea: ${what} (${((performance.now() - since) / 1000).toFixed(1)} s)`);

try {
	let since = performance.now();
	await bundleSea(at('build/podscope.cjs'));
	await bundleChunks(at('build'));
	writeFileSync(at('build/yoga.wasm'), yogaWasm());
	step('bundled', since);

	const archives = [];
	for (const arch of architectures) {
		since = performance.now();
		const node = nodeOf(arch);
		const pty = packageFile(cache, `@lydell/node-pty-linux-${arch}`, ptyVersion, 'pty.node');
		// The blob is read by the Node that wrote it: the same release. Its code cache is V8's
		// code for one architecture: written by the target's own Node, under qemu-user for the
		// other architecture when this machine has it, else left out (the file then compiles its
		// script at each start).
		const config = at(`build/sea-config-${arch}.json`);
		const native = runArch(arch, node, ['--experimental-sea-config', config]);
		const writer = native ?? runArch(process.arch, nodeOf(process.arch), ['--experimental-sea-config', config]);
		const blob = at(`build/podscope-linux-${arch}.blob`);
		const assets = {
			'yoga.wasm': at('build/yoga.wasm'),
			'pty.node': pty,
			...Object.fromEntries(Object.values(chunks).map(asset => [asset, at(`build/${asset}`)])),
		};
		writeFileSync(
			config,
			JSON.stringify({main: at('build/podscope.cjs'), output: blob, disableExperimentalSEAWarning: true, useCodeCache: Boolean(native), assets}, null, '\t'),
		);
		execFileSync(writer.command, writer.args, {env: {...process.env, ...writer.env}, stdio: ['ignore', 'ignore', 'pipe']});
		const binary = at(`podscope-linux-${arch}`);
		await injectBlob(node, blob, binary);
		// The plugin is the same file under kubectl's name for it, as bin/kubectl-podscope.js is
		// bin/podscope.js: hard links, in a folder per platform, the archive's content.
		mkdirSync(at(`linux-${arch}`));
		linkSync(binary, at(`linux-${arch}/podscope`));
		linkSync(binary, at(`linux-${arch}/${pluginBinary}`));
		const archive = `podscope-linux-${arch}.tar.gz`;
		tarGz(at(`linux-${arch}`), [pluginBinary], at(archive));
		archives.push({os: 'linux', arch, file: archive, sha256: sha256(at(archive))});
		const mib = file => `${(statSync(at(file)).size / 2 ** 20).toFixed(1)} MiB`;
		step(`podscope-linux-${arch} ${mib(`podscope-linux-${arch}`)} (${native ? 'with' : 'no'} code cache), ${archive} ${mib(archive)}`, since);
	}

	writeFileSync(at('podscope.yaml'), krewManifest({version, releaseUrl: flags['release-url'], description, archives}));
	rmSync(out, {recursive: true, force: true});
	renameSync(staging, out);
} finally {
	rmSync(staging, {recursive: true, force: true});
}
step(`dist-sea/ done; podscope.yaml lists the archives at ${flags['release-url']}/`, started);
