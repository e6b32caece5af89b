import {chmodSync, copyFileSync, existsSync, lchownSync, lstatSync, mkdirSync, readdirSync, readlinkSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import type {RootMount} from './sandbox-script.js';

// A sandboxed container's writable layer on the host, before its namespace mounts anything:
// the top-level entries that are symlinks on the host (bin -> usr/bin on a merged /usr), the
// /etc files it is given, /tmp, /root. The host's system directories are bind-mounted
// read-only over it from inside the namespace (sandbox-script.ts); nothing else of the host
// is. The dynamic loader's cache, /etc/alternatives' links and the timezone come along so
// the host's binaries run as they do on the host.

const systemEntries = ['usr', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];

/** The host's system directories that are real directories: each a read-only bind. */
export function systemMounts(): RootMount[] {
	return systemEntries.filter(entry => isDirectory(`/${entry}`)).map(entry => ({kind: 'sys', source: `/${entry}`, target: `/${entry}`}));
}

function isDirectory(file: string): boolean {
	try {
		return lstatSync(file).isDirectory();
	} catch {
		return false;
	}
}

function copyLink(from: string, to: string): void {
	try {
		if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), to);
	} catch {
		// Not on this host.
	}
}

function copyHostEtc(etc: string): void {
	if (existsSync('/etc/ld.so.cache')) copyFileSync('/etc/ld.so.cache', path.join(etc, 'ld.so.cache'));
	copyLink('/etc/localtime', path.join(etc, 'localtime'));
	if (!isDirectory('/etc/alternatives')) return;
	mkdirSync(path.join(etc, 'alternatives'));
	for (const name of readdirSync('/etc/alternatives')) copyLink(path.join('/etc/alternatives', name), path.join(etc, 'alternatives', name));
}

/** What the sandbox script mounts over, and /dev's links. */
function makeMountPoints(directory: string): void {
	for (const entry of ['proc', 'dev', 'dev/pts', 'dev/shm', '.podscope-old-root']) mkdirSync(path.join(directory, entry));
	chmodSync(path.join(directory, 'dev/shm'), 0o1777);
	for (const device of ['null', 'zero', 'full', 'random', 'urandom', 'tty']) writeFileSync(path.join(directory, 'dev', device), '');
	const links: Record<string, string> = {fd: '/proc/self/fd', stdin: '/proc/self/fd/0', stdout: '/proc/self/fd/1', stderr: '/proc/self/fd/2', ptmx: 'pts/ptmx'};
	for (const [name, target] of Object.entries(links)) symlinkSync(target, path.join(directory, 'dev', name));
}

/**
 * Make `relative` below `base` as directories (or a last empty file), following no link: the
 * sim may be root, and a link under a layer or a volume (one a container planted, or one of
 * /etc/alternatives) must not lead its writes onto the host. False when a link or a
 * non-directory is in the way.
 */
export function makeInside(base: string, relative: string, lastIsFile = false): boolean {
	const parts = relative.split('/').filter(part => part !== '' && part !== '.');
	let current = base;
	for (const [index, part] of parts.entries()) {
		if (part === '..') return false;
		current = path.join(current, part);
		const last = index === parts.length - 1;
		try {
			const stat = lstatSync(current);
			if (stat.isSymbolicLink()) return false;
			if (!last && !stat.isDirectory()) return false;
		} catch {
			if (last && lastIsFile) writeFileSync(current, '', {flag: 'wx'});
			else mkdirSync(current);
		}
	}
	return true;
}

/** Make `directory` a container's root: what is listed above, owned by `owner` when given. */
export function prepareRoot(directory: string, etcFiles: Record<string, string> | undefined, owner?: number): void {
	mkdirSync(directory, {recursive: true, mode: 0o755});
	for (const entry of systemEntries) copyLink(`/${entry}`, path.join(directory, entry));
	mkdirSync(path.join(directory, 'tmp'));
	// mkdir's mode passes through the umask; /tmp must be world-writable and sticky.
	chmodSync(path.join(directory, 'tmp'), 0o1777);
	mkdirSync(path.join(directory, 'root'), {mode: 0o700});
	makeMountPoints(directory);
	if (etcFiles) {
		const etc = path.join(directory, 'etc');
		mkdirSync(etc);
		for (const [name, content] of Object.entries(etcFiles)) writeFileSync(path.join(etc, name), content, {mode: 0o644});
		copyHostEtc(etc);
	}
	if (owner !== undefined) chownTree(directory, owner);
}

/** chown -hR: the sandbox's root user is `owner` on the host. */
export function chownTree(directory: string, owner: number): void {
	const stack = [directory];
	while (stack.length > 0) {
		const current = stack.pop()!;
		const stat = lstatSync(current);
		lchownSync(current, owner, owner);
		if (stat.isDirectory()) for (const name of readdirSync(current)) stack.push(path.join(current, name));
	}
}
