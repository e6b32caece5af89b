import type {ContainerSlot} from '../kubelet/container-slot.js';
import type {LogInstance} from '../kubelet/log-store.js';
import type {ContainerProcess, OutputStream} from './process.js';

// What `kubectl attach` and `kubectl debug -it` connect to: the container's own process, its
// output from the moment of attaching, its stdin and terminal when the spec opened them.

export interface AttachTarget {
	/** The container's own TTY setting decides, not the request's (kubelet's GetAttach). */
	readonly tty: boolean;
	/** Resolves once the container's output has ended and been delivered. */
	readonly ended: Promise<void>;
	onOutput(listener: (stream: OutputStream, data: Buffer) => void): () => void;
	write(data: Buffer): void;
	endInput(): void;
	resize(cols: number, rows: number): void;
	/** The session is over; `stdin` says whether it had attached stdin. */
	detach(stdin: boolean): void;
}

/** A container running a real process: its output goes to the log and to attached sessions. */
export class MainProcess {
	private readonly partial: Record<OutputStream, string> = {stdout: '', stderr: ''};
	private readonly instance: LogInstance | undefined;

	constructor(
		private readonly process: ContainerProcess,
		private readonly slot: ContainerSlot,
		private readonly now: () => number,
	) {
		this.instance = slot.current;
		process.onOutput((stream, data) => this.log(stream, data));
	}

	get running(): boolean {
		return this.process.running;
	}

	attach(): AttachTarget {
		const {process, slot} = this;
		const stdinOpen = slot.spec.stdin === true;
		return {
			tty: slot.spec.tty === true,
			ended: process.exit.then(() => undefined),
			onOutput: listener => process.onOutput(listener),
			write: data => {
				if (stdinOpen) process.write(data);
			},
			endInput: () => {
				if (stdinOpen && slot.spec.stdinOnce) process.endInput();
			},
			resize: (cols, rows) => process.resize(cols, rows),
			detach: stdin => {
				// stdinOnce: the container's stdin closes when the first attached session ends.
				if (stdin && stdinOpen && slot.spec.stdinOnce) process.endInput();
			},
		};
	}

	/** Write out a last line that had no newline. */
	flush(): void {
		for (const stream of ['stdout', 'stderr'] as const) {
			if (this.partial[stream]) this.append(this.partial[stream]);
			this.partial[stream] = '';
		}
	}

	private log(stream: OutputStream, data: Buffer): void {
		const lines = (this.partial[stream] + data.toString('utf8')).split('\n');
		this.partial[stream] = lines.pop()!;
		for (const line of lines) this.append(line);
	}

	private append(line: string): void {
		// A restarted or stopped instance takes no more lines from this process.
		if (this.instance && this.slot.current === this.instance && !this.instance.ended) this.instance.append(line, this.now());
	}
}

/** A simulated container: attached sessions see the lines it writes from now on. */
export class LogAttachTarget implements AttachTarget {
	readonly tty: boolean;
	readonly ended: Promise<void>;
	private readonly listeners = new Set<(stream: OutputStream, data: Buffer) => void>();
	private detached = false;

	constructor(slot: ContainerSlot) {
		this.tty = slot.spec.tty === true;
		const instance = slot.current;
		this.ended = instance ? this.follow(instance) : Promise.resolve();
	}

	onOutput(listener: (stream: OutputStream, data: Buffer) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	write(): void {}

	endInput(): void {}

	resize(): void {}

	detach(): void {
		this.detached = true;
	}

	private async follow(instance: LogInstance): Promise<void> {
		let cursor = instance.end;
		while (!this.detached) {
			const lines = instance.read(cursor);
			cursor += lines.length;
			if (lines.length > 0) {
				const text = Buffer.from(lines.map(line => `${line.text}\n`).join(''));
				for (const listener of this.listeners) listener('stdout', text);
			}
			if (instance.ended && cursor >= instance.end) return;
			await instance.changed();
		}
	}
}
