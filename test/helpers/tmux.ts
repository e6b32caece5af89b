import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {expect} from 'vitest';

// Drive a real program in a real pseudo-terminal, as a person would: tmux runs it, keys go in
// with send-keys, the screen comes back with capture-pane. Each session has its own server
// socket so parallel tests never see each other.

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export class TmuxSession {
	private readonly socket: string;
	readonly marker: string;

	constructor(
		readonly name: string,
		private readonly statusFile: string,
	) {
		this.socket = `podscope-${process.pid}-${name}`;
		this.marker = `__${name}_EXITED__`;
	}

	private tmux(args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'});
	}

	/** Start `command` in a fresh terminal; when it ends, record its exit code and the tty modes. */
	start(command: string, size = {columns: 120, rows: 40}, env: Record<string, string> = {}, cwd = repoRoot): void {
		const exports = Object.entries(env)
			.map(([key, value]) => `export ${key}='${value.replaceAll("'", "'\\''")}';`)
			.join(' ');
		const script = `${exports} cd '${cwd}'; ${command}; code=$?; { echo "exit=$code"; stty -a; } > '${this.statusFile}'; echo ${this.marker}; sleep 600`;
		this.tmux(['new-session', '-d', '-s', this.name, '-x', String(size.columns), '-y', String(size.rows), 'bash', '--norc', '-c', script]);
	}

	keys(...keys: string[]): void {
		this.tmux(['send-keys', '-t', this.name, ...keys]);
	}

	/** Type text literally (no key-name interpretation). */
	type(text: string): void {
		this.tmux(['send-keys', '-t', this.name, '-l', text]);
	}

	screen(): string {
		return this.tmux(['capture-pane', '-p', '-t', this.name]);
	}

	cursorVisible(): boolean {
		return this.tmux(['display-message', '-p', '-t', this.name, '#{cursor_flag}']).trim() === '1';
	}

	/** The pane's title, as an OSC 0/2 sequence would have set it. */
	title(): string {
		return this.tmux(['display-message', '-p', '-t', this.name, '#{pane_title}']).trim();
	}

	/** Whether the pane is in the alternate screen. */
	alternateScreen(): boolean {
		return this.tmux(['display-message', '-p', '-t', this.name, '#{alternate_on}']).trim() === '1';
	}

	resize(columns: number, rows: number): void {
		this.tmux(['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
	}

	async waitFor(check: (screen: string) => boolean, timeout = 10_000): Promise<string> {
		const deadline = Date.now() + timeout;
		for (;;) {
			const screen = this.screen();
			if (check(screen)) return screen;
			if (Date.now() > deadline) throw new Error(`screen never matched; last screen:\n${screen}`);
			await new Promise(resolve => setTimeout(resolve, 100));
		}
	}

	/** After the program ended: its exit code and the terminal's modes as `stty -a` saw them. */
	async exitStatus(timeout = 10_000): Promise<{code: number; stty: string}> {
		await this.waitFor(screen => screen.includes(this.marker), timeout);
		const deadline = Date.now() + 2000;
		while (!existsSync(this.statusFile) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
		const text = readFileSync(this.statusFile, 'utf8');
		return {code: Number(/exit=(\d+)/.exec(text)?.[1] ?? -1), stty: text};
	}

	kill(): void {
		try {
			this.tmux(['kill-server']);
		} catch {
			// Already gone.
		}
	}
}

/** The terminal was handed back in cooked mode with echo: raw mode is off. */
export function cookedMode(stty: string): boolean {
	return /(^|\s)icanon(\s|$)/.test(stty) && /(^|\s)echo(\s|$)/.test(stty);
}

/** Quit with q and check the terminal came back as it was: exit 0, cooked mode, main screen. */
export async function quitRestoresTerminal(tmux: TmuxSession): Promise<void> {
	tmux.keys('q');
	const {code, stty} = await tmux.exitStatus();
	expect(code).toBe(0);
	expect(cookedMode(stty)).toBe(true);
	expect(tmux.alternateScreen()).toBe(false);
}

/** The built binary, run by the pinned Node: as a shell command line, and as file + argument. */
export const podscopeBin = path.join(repoRoot, 'bin', 'podscope.js');
export const podscopeCommand = `'${process.execPath}' '${podscopeBin}'`;

/** Tests of the real binary need dist/ (npm test builds it first). */
export function requireBuild(): void {
	if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
}
