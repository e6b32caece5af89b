import {chmodSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';

// S in the logs screen: the pane's buffer to the file named at the prompt, a new file only its
// owner can read (logs carry secrets more often than anyone would like). Never overwrites.
// Errors read as kubectl prints Go's: "error: open <path>: file exists".

/** What Go's syscall errors say, for the errno codes a save meets. */
const goErrors: Record<string, string> = {
	EEXIST: 'file exists',
	EACCES: 'permission denied',
	EPERM: 'operation not permitted',
	ENOENT: 'no such file or directory',
	ENOTDIR: 'not a directory',
	EISDIR: 'is a directory',
	EROFS: 'read-only file system',
	ENOSPC: 'no space left on device',
	ENAMETOOLONG: 'file name too long',
};

/** The absolute path a typed name means: relative to the working directory, `~/` the home directory. */
export function savePath(typed: string, cwd = process.cwd()): string {
	const name = typed.trim();
	const home = name === '~' || name.startsWith('~/') ? path.join(homedir(), name.slice(1)) : name;
	return path.resolve(cwd, home);
}

/** Write `text` to a new file at `typed` (mode 0600); the absolute path, or an Error worded as kubectl's. */
export function saveLog(typed: string, text: string, cwd = process.cwd()): string {
	if (typed.trim() === '') throw new Error('error: a file name is required');
	const target = savePath(typed, cwd);
	try {
		writeFileSync(target, text, {mode: 0o600, flag: 'wx'});
		chmodSync(target, 0o600);
		return target;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? '';
		throw new Error(`error: open ${typed.trim()}: ${goErrors[code] ?? (error as Error).message}`);
	}
}
