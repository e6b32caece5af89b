import {fstatSync, statSync, writeSync} from 'node:fs';
import type {ContainerRef} from '../model/app-state.js';
import {ansiPalette, assignColors} from '../model/logs/colors.js';
import type {LogRecord} from '../model/logs/record.js';
import {jsonLine} from '../model/logs/json-line.js';
import {filtersLines, type LineFilter, lineKept} from '../model/logs/selection.js';
import {sanitizeLine, stripSgr} from '../model/sanitize.js';
import type {LogStreamSink, LogStreamState} from '../kube/logs/stream.js';

// Where `podscope logs` writes: the log lines to stdout, raw to a pipe and sanitised on a
// terminal; restart markers, and waiting states when a person is watching, to stderr.

/** Writes batches to stdout, waiting for it to drain; EPIPE (a closed pipe) ends everything quietly. */
export class Output {
	closed = false;
	private draining?: Promise<void>;
	private onClose: Array<() => void> = [];

	/**
	 * stdout's descriptor when it is a file or /dev/null: Node writes those synchronously
	 * anyway, and going through the stream cost a tick per chunk of a flood.
	 */
	private readonly file: number | undefined;

	constructor(private readonly stream: NodeJS.WriteStream) {
		const fd = (stream as {fd?: number}).fd;
		if (typeof fd === 'number' && !stream.isTTY) {
			try {
				// Other devices (a serial line) may refuse a write for now: those keep the stream.
				const stat = fstatSync(fd);
				if (stat.isFile() || (stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev)) this.file = fd;
			} catch {
				// Not a descriptor we can inspect: the stream it is.
			}
		}
		stream.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code !== 'EPIPE') process.stderr.write(`error: ${error.message}\n`);
			this.close();
		});
	}

	private writeFile(text: string | Buffer): void {
		const bytes = typeof text === 'string' ? Buffer.from(text) : text;
		try {
			for (let offset = 0; offset < bytes.length; ) offset += writeSync(this.file!, bytes, offset);
		} catch (error) {
			process.stderr.write(`error: ${(error as Error).message}\n`);
			this.close();
		}
	}

	whenClosed(listener: () => void): void {
		this.onClose.push(listener);
	}

	private close(): void {
		if (this.closed) return;
		this.closed = true;
		for (const listener of this.onClose) listener();
	}

	write(text: string | Buffer): void | Promise<void> {
		if (this.closed || text.length === 0) return;
		if (this.file !== undefined) return this.writeFile(text);
		if (this.stream.write(text)) return;
		this.draining ??= new Promise<void>(resolve => {
			const done = () => {
				this.draining = undefined;
				this.stream.off('drain', done);
				resolve();
			};
			this.stream.on('drain', done);
			this.whenClosed(done);
		});
		return this.draining;
	}
}

export type SinkOptions = {
	/** `--prefix`: each line starts with [pod/NAME/CONTAINER]. */
	prefix: boolean;
	timestamps: boolean;
	/** stdout is a terminal. */
	tty: boolean;
	color: boolean;
	/** `-o json`: one object a line (stern's output), instead of the text. */
	json?: boolean;
	/** -i and -e: which lines pass. */
	lineFilter?: LineFilter;
	/** `--sanitize`: lines made safe for a terminal even when stdout is a pipe. */
	sanitize?: boolean;
};

/** The sink of each container's stream: its lines to `output`, its markers and waiting states to `stderr`. */
export function logSinks(output: Output, options: SinkOptions, stderr: (text: string) => void): (ref: ContainerRef) => LogStreamSink {
	const {tty, color} = options;
	const colors = new Map<string, number>();
	const prefixOf = (ref: ContainerRef) => {
		if (!options.prefix) return '';
		const text = `[pod/${ref.pod}/${ref.container}] `;
		if (!color) return text;
		const key = `${ref.pod}/${ref.container}`;
		if (!colors.has(key)) colors.set(key, assignColors([...colors.keys(), key]).get(key)!);
		return `\x1b[${ansiPalette[colors.get(key)!]}m${text}\x1b[0m`;
	};
	const filter = options.lineFilter;
	const filtering = filter !== undefined && filtersLines(filter);
	// Bytes straight through only when each line goes out as the container wrote it.
	const terminalSafe = tty || options.sanitize === true;
	const raw = !terminalSafe && !filtering && !options.json;
	const clean = terminalSafe ? (text: string) => (color || !tty ? sanitizeLine(text) : stripSgr(sanitizeLine(text))) : (text: string) => text;
	return ref => {
		const prefix = prefixOf(ref);
		const label = `${ref.pod}/${ref.container}`;
		let lastIdle = '';
		return {
			// A pipe gets the bytes as the kubelet sent them, as kubectl writes them: no decoding.
			...(raw ? {raw: {timestamps: options.timestamps, prefix, write: (bytes: Buffer) => output.write(bytes)}} : {}),
			lines(records: LogRecord[]) {
				let text = '';
				for (const record of records) {
					if (record.marker) {
						stderr(`${label}: ${record.text}\n`);
						continue;
					}
					if (filtering && !lineKept(filter, record.text)) continue;
					if (options.json) {
						text += `${jsonLine(ref, record.text, options.timestamps ? record.stamp : undefined)}\n`;
						continue;
					}
					text += options.timestamps ? `${prefix}${record.stamp} ${clean(record.text)}\n` : `${prefix}${clean(record.text)}\n`;
				}
				return output.write(text);
			},
			state(state: LogStreamState) {
				// Waiting states are for a person watching, not for a pipe.
				if (state.phase === 'idle' && state.text !== lastIdle && process.stderr.isTTY) stderr(`${label}: ${state.text}\n`);
				if (state.phase === 'idle') lastIdle = state.text;
			},
		};
	};
}
