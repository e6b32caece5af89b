import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import path from 'node:path';
import {getRawAsset} from 'node:sea';

// node-pty's native addon in the single executable (scripts/sea/): a single file cannot load
// it from node_modules, so the build embeds the prebuilt pty.node of the executable's
// architecture (from @lydell/node-pty-linux-<arch>) as an asset, and the bundle replaces
// node-pty's requireBinary() with this one. A shared library is loaded from a file: it is
// written once to the user's cache folder, under its own hash, and loaded from there.

type Addon = Record<string, unknown>;

const name = 'pty.node';

function cacheFolder(): string {
	const base = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
	return path.join(base, 'podscope');
}

/** The addon's file in `folder`, written there (whole, then renamed into place) unless it already holds these bytes. */
function fileIn(folder: string, bytes: Uint8Array, hash: string): string {
	const file = path.join(folder, `pty-${hash}.node`);
	if (existsSync(file) && createHash('sha256').update(readFileSync(file)).digest('hex').startsWith(hash)) return file;
	mkdirSync(folder, {recursive: true, mode: 0o700});
	const staging = `${file}.${process.pid}`;
	writeFileSync(staging, bytes, {mode: 0o755});
	renameSync(staging, file);
	return file;
}

function load(file: string): Addon {
	const module = {exports: {} as Addon};
	process.dlopen(module, file);
	return module.exports;
}

/** What node-pty's own requireBinary(file) returns, from the executable's asset. */
export function requireBinary(file: string): Addon {
	if (file !== name) throw new Error(`podscope: the single executable embeds no ${file} for node-pty`);
	const bytes = new Uint8Array(getRawAsset(name));
	const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
	try {
		return load(fileIn(cacheFolder(), bytes, hash));
	} catch (cacheError) {
		// A read-only or foreign home: a private folder of its own in the temporary directory,
		// removed once loaded (a loaded library needs no file).
		const folder = mkdtempSync(path.join(tmpdir(), 'podscope-pty-'));
		try {
			return load(fileIn(folder, bytes, hash));
		} catch (error) {
			throw new Error(
				`podscope: cannot load the terminal support (${name}) embedded in this executable: ${(cacheError as Error).message}; ${(error as Error).message}`,
			);
		} finally {
			rmSync(folder, {recursive: true, force: true});
		}
	}
}
