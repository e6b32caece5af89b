import {spawn as spawnPiped} from 'node:child_process';
import {constants} from 'node:os';
import type {IPty} from '@lydell/node-pty';

// A real process for a container: on a pseudo-terminal (the prebuilt @lydell/node-pty, so
// nothing is compiled at install) when the session asks for a TTY, otherwise on pipes with
// stdout and stderr apart. Each runs in its own process group so that a hang-up or the
// container's death reaches everything the shell started.

export type OutputStream = 'stdout' | 'stderr';

export type ProcessSpec = {
	file: string;
	args: string[];
	cwd: string;
	env: Record<string, string>;
	tty: boolean;
	stdin: boolean;
	size?: {cols: number; rows: number};
};

type PtyModule = typeof import('@lydell/node-pty');
let ptyModule: Promise<PtyModule> | undefined;
const loadPty = () => (ptyModule ??= import('@lydell/node-pty'));

const signalNumber = (signal: NodeJS.Signals | null | undefined) => (signal ? (constants.signals[signal] ?? 9) : 0);

export class ContainerProcess {
	readonly exit: Promise<number>;
	pid = 0;
	private readonly listeners = new Set<(stream: OutputStream, data: Buffer) => void>();
	private write_: (data: Buffer) => void = () => {};
	private endInput_: () => void = () => {};
	private resize_: (cols: number, rows: number) => void = () => {};
	private pause_: () => void = () => {};
	private resume_: () => void = () => {};
	private settle!: (code: number) => void;
	private exited = false;

	private constructor() {
		this.exit = new Promise(resolve => {
			this.settle = code => {
				this.exited = true;
				resolve(code);
			};
		});
	}

	static async start(spec: ProcessSpec): Promise<ContainerProcess> {
		const process_ = new ContainerProcess();
		if (spec.tty) process_.startPty(await loadPty(), spec);
		else process_.startPiped(spec);
		return process_;
	}

	get running(): boolean {
		return !this.exited;
	}

	onOutput(listener: (stream: OutputStream, data: Buffer) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	write(data: Buffer): void {
		if (this.running) this.write_(data);
	}

	/** No more input: EOF on a pipe; on a terminal, what Ctrl-D at the start of a line sends. */
	endInput(): void {
		if (this.running) this.endInput_();
	}

	resize(cols: number, rows: number): void {
		if (this.running && cols > 0 && rows > 0) this.resize_(cols, rows);
	}

	pause(): void {
		this.pause_();
	}

	resume(): void {
		this.resume_();
	}

	/** Signal the whole process group. */
	signal(signal: NodeJS.Signals): void {
		if (!this.running || this.pid <= 0) return;
		try {
			process.kill(-this.pid, signal);
		} catch {
			try {
				process.kill(this.pid, signal);
			} catch {
				// Already gone.
			}
		}
	}

	private emit(stream: OutputStream, data: Buffer): void {
		for (const listener of this.listeners) listener(stream, data);
	}

	private startPty(pty: PtyModule, spec: ProcessSpec): void {
		const terminal: IPty = pty.spawn(spec.file, spec.args, {
			name: spec.env.TERM ?? 'xterm',
			cols: spec.size?.cols ?? 80,
			rows: spec.size?.rows ?? 24,
			cwd: spec.cwd,
			env: spec.env,
			// Bytes, not strings: output is relayed as the program wrote it.
			encoding: null,
		} as Parameters<PtyModule['spawn']>[2]);
		this.pid = terminal.pid;
		terminal.onData(data => this.emit('stdout', Buffer.from(data as unknown as Buffer)));
		// node-pty waits for the terminal to drain before it reports the exit.
		terminal.onExit(({exitCode, signal}) => this.settle(signal ? 128 + signal : exitCode));
		this.write_ = data => terminal.write(data as unknown as string);
		this.endInput_ = () => terminal.write('\x04');
		this.resize_ = (cols, rows) => {
			try {
				terminal.resize(cols, rows);
			} catch {
				// The terminal closed in between.
				return;
			}
			// In a sandbox the terminal's program is `script`, which copies a new size to the
			// container's own terminal on SIGWINCH; one that arrives before it has set up its
			// handler is lost for good. Signal the terminal's process group once more a moment
			// later: it costs a size lookup, and `script` applies the size it finds then.
			setTimeout(() => {
				try {
					process.kill(-terminal.pid, 'SIGWINCH');
				} catch {
					// Gone.
				}
			}, 250).unref();
		};
		this.pause_ = () => terminal.pause();
		this.resume_ = () => terminal.resume();
	}

	private startPiped(spec: ProcessSpec): void {
		const child = spawnPiped(spec.file, spec.args, {
			cwd: spec.cwd,
			env: spec.env,
			stdio: [spec.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this.pid = child.pid ?? 0;
		child.stdout!.on('data', (data: Buffer) => this.emit('stdout', data));
		child.stderr!.on('data', (data: Buffer) => this.emit('stderr', data));
		child.stdin?.on('error', () => {});
		// 'close' comes after both output pipes are drained, so no output follows the exit.
		child.on('close', (code, signal) => this.settle(code ?? 128 + signalNumber(signal)));
		child.on('error', () => this.settle(127));
		this.write_ = data => child.stdin?.write(data);
		this.endInput_ = () => child.stdin?.end();
		this.pause_ = () => {
			child.stdout!.pause();
			child.stderr!.pause();
		};
		this.resume_ = () => {
			child.stdout!.resume();
			child.stderr!.resume();
		};
	}
}
