// A copy of an official Node binary with the preparation blob injected: the single executable.
// postject (Node's own tool, JavaScript and WebAssembly) adds the blob as the NODE_SEA_BLOB
// note and flips the fuse Node checks at start to look for it.
import {execFile} from 'node:child_process';
import {chmodSync, copyFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {promisify} from 'node:util';

const postject = createRequire(import.meta.url).resolve('postject/dist/cli.js');
const fuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export async function injectBlob(node, blob, output) {
	copyFileSync(node, output);
	chmodSync(output, 0o755);
	// In a process of its own: LIEF (inside postject) warns about the names of the note sections
	// of Node's ELF headers on every run, harmlessly; its output is shown only when it fails.
	try {
		await promisify(execFile)(process.execPath, [postject, output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', fuse], {maxBuffer: 1 << 24});
	} catch (error) {
		throw new Error(`build:sea: postject could not inject ${blob} into ${output}: ${error.stderr || error.message}`);
	}
}
