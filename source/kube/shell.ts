import {PassThrough} from 'node:stream';
import type {ClusterAccess} from './access.js';
import {type ExecOutcome, isNotFound, openStream, type StreamTarget} from './exec.js';

// An interactive shell on the user's own terminal: raw mode, every byte (Ctrl-C included) to
// the remote side, resizes forwarded. Tries bash, then sh, unless a shell was chosen; a
// missing shell is learnt from the exec status, never guessed from the image name.

export type Terminal = {stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream};

export type ShellResult = {shell: string; outcome: ExecOutcome} | {noShell: true; tried: string[]};

export async function runShell(access: ClusterAccess, target: StreamTarget, terminal: Terminal, shell?: string, attach = false): Promise<ShellResult> {
	const candidates = shell ? [shell] : ['bash', 'sh'];
	const {stdin, stdout} = terminal;
	const wasRaw = stdin.isRaw;
	if (stdin.isTTY) stdin.setRawMode(true);
	try {
		for (const candidate of candidates) {
			// A fresh stream per session: the stdin listener of one session must not outlive it.
			const input = new PassThrough();
			// Read the way Ink does ('readable', not 'data'), so the stream is left in the mode
			// Ink expects when it takes the terminal back.
			const forward = () => {
				for (let chunk = stdin.read() as Buffer | string | null; chunk !== null; chunk = stdin.read() as Buffer | string | null) input.write(chunk);
			};
			stdin.on('readable', forward);
			try {
				const outcome = await openStream(access, attach ? 'attach' : 'exec', target, attach ? [] : [candidate], {
					stdin: input,
					stdout,
					tty: true,
					size: () => ({columns: stdout.columns ?? 80, rows: stdout.rows ?? 24}),
					onResize: listener => {
						stdout.on('resize', listener);
						return () => stdout.off('resize', listener);
					},
				});
				if (!attach && isNotFound(outcome)) continue;
				return {shell: attach ? 'debug shell' : candidate, outcome};
			} finally {
				stdin.off('readable', forward);
				input.end();
			}
		}
		return {noShell: true, tried: candidates};
	} finally {
		if (stdin.isTTY) stdin.setRawMode(wasRaw ?? false);
	}
}

/** The one line the TUI shows after a shell: how it ended. */
export function describeShellEnd(target: StreamTarget, result: ShellResult): string {
	const where = `${target.pod}/${target.container}`;
	if ('noShell' in result) return `no shell in ${where} (tried ${result.tried.join(', ')})`;
	const {outcome, shell} = result;
	switch (outcome.kind) {
		case 'exited':
			return `${shell} in ${where} exited with code ${outcome.code}`;
		case 'failed':
			return `${shell} in ${where} failed: ${outcome.message}`;
		case 'dropped':
			return `${shell} in ${where} ended: ${outcome.message}`;
	}
}
