import {vi} from 'vitest';

/** Runs an in-process command with stdout and stderr captured: its exit code and what it wrote. */
export async function captureOutput(command: () => Promise<number>): Promise<{code: number; out: string; err: string}> {
	let out = '';
	let err = '';
	const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
		out += String(chunk);
		return true;
	});
	const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(chunk => {
		err += String(chunk);
		return true;
	});
	try {
		const code = await command();
		return {code, out, err};
	} finally {
		stdout.mockRestore();
		stderr.mockRestore();
	}
}
