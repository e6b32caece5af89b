import {chmodSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

// S in the logs screen: the pane's buffer to a new file only its owner can read (logs carry
// secrets more often than anyone would like), in the working directory or, failing that, the
// temp directory. Never overwrites.

const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

export function saveLog(name: string, text: string, directories = [process.cwd(), tmpdir()]): string {
	const file = `podscope-${name.replace(/[^\w.-]+/g, '_')}-${stamp(new Date())}.log`;
	let lastError: unknown;
	for (const directory of directories) {
		const target = path.join(directory, file);
		try {
			writeFileSync(target, text, {mode: 0o600, flag: 'wx'});
			chmodSync(target, 0o600);
			return target;
		} catch (error) {
			lastError = error;
		}
	}
	throw lastError;
}
