// krew installs plugins from archives: a .tar.gz holding the binary under the plugin's name.
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';

/** A gzipped tar of `files` (names inside `folder`), owned by root and dated 0: the same files give the same archive. */
export function tarGz(folder, files, output) {
	const tar = execFileSync('tar', ['--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '--format=ustar', '-cf', '-', '-C', folder, ...files], {
		maxBuffer: 1 << 30,
	});
	// zlib's gzip header carries no name and no time.
	writeFileSync(output, gzipSync(tar));
}

export function sha256(file) {
	return createHash('sha256').update(readFileSync(file)).digest('hex');
}
