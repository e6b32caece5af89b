// A real terminal for the screenshots: tmux runs the program in a pane of a fixed size, keys go
// in with send-keys, the screen comes back with capture-pane (-e: with its colours). The ideas
// of test/helpers/tmux.ts, for a script: its own tmux server (-L) with no config file, so the
// pictures do not depend on anyone's ~/.tmux.conf, and waits for what is on screen, never for time.
import {execFileSync} from 'node:child_process';

export type Size = {columns: number; rows: number};

/** Fails with a plain message when tmux is not installed. */
export function requireTmux(): void {
	try {
		execFileSync('tmux', ['-V'], {stdio: 'ignore'});
	} catch {
		throw new Error('tmux is not installed: the screenshots run podscope in tmux (apt-get install tmux, brew install tmux)');
	}
}

function quote(word: string): string {
	return `'${word.replaceAll("'", "'\\''")}'`;
}

export class Terminal {
	// Plain fields, not parameter properties: node runs this file by stripping its types.
	readonly size: Size;
	readonly name: string;
	private readonly socket: string;

	constructor(size: Size, name = 'screens') {
		this.size = size;
		this.name = name;
		this.socket = `podscope-${name}-${process.pid}`;
	}

	private tmux(args: string[]): string {
		// tmux's complaints go into the error thrown, not onto our stderr.
		return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', '-u', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
	}

	/**
	 * Run `argv` in a fresh pane; when it ends the pane stays, showing how (for a clear error).
	 * The program sees a colour terminal whoever runs this: NO_COLOR, FORCE_COLOR and CI are
	 * unset (under CI=true chalk draws no colour, not even inverse, as CI logs are not terminals).
	 */
	start(argv: string[], env: {set?: Record<string, string>} = {}, cwd = process.cwd()): void {
		const exports = ['unset NO_COLOR FORCE_COLOR CI;', ...Object.entries(env.set ?? {}).map(([key, value]) => `export ${key}=${quote(value)};`)];
		const script = `${exports.join(' ')} cd ${quote(cwd)}; ${argv.map(quote).join(' ')}; echo "[exited: $?]"; sleep 600`;
		const {columns, rows} = this.size;
		this.tmux(['new-session', '-d', '-s', this.name, '-x', String(columns), '-y', String(rows), 'bash', '--norc', '--noprofile', '-c', script]);
	}

	/** Keys by tmux's names (`Enter`, `Escape`, `j`, `C-u`). */
	keys(...keys: string[]): void {
		this.tmux(['send-keys', '-t', this.name, ...keys]);
	}

	/** Text typed literally. */
	type(text: string): void {
		this.tmux(['send-keys', '-t', this.name, '-l', text]);
	}

	/** The screen as text. */
	text(): string {
		return this.tmux(['capture-pane', '-p', '-t', this.name]);
	}

	/** The screen with its colours as SGR sequences, trailing blanks kept. */
	capture(): string {
		return this.tmux(['capture-pane', '-p', '-e', '-N', '-t', this.name]);
	}

	/** Wait until the screen satisfies `check`; fail after `timeout` ms naming `what` and showing the last screen. */
	async waitFor(what: string, check: (screen: string) => boolean, timeout = 15_000): Promise<string> {
		const deadline = Date.now() + timeout;
		for (;;) {
			const screen = this.text();
			if (check(screen)) return screen;
			if (Date.now() > deadline) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}; the screen was:\n${screen}`);
			await new Promise(resolve => setTimeout(resolve, 100));
		}
	}

	kill(): void {
		try {
			this.tmux(['kill-server']);
		} catch {
			// Already gone.
		}
	}
}
