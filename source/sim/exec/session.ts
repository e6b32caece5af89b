import type {WebSocket} from 'ws';
import {
	closeChannel,
	decodeFrame,
	encodeFrame,
	encodeStatus,
	type Protocol,
	ResizeDecoder,
	resizeChannel,
	statusChannel,
	stderrChannel,
	stdinChannel,
	stdoutChannel,
	type StreamStatus,
} from './protocol.js';

// One exec or attach session on an upgraded WebSocket: the channels the request opened,
// stdin and resizes in, output out with back-pressure, the Status last, then the close.

export type Streams = {stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean};

export type Sink = {write(data: Buffer): void; endInput(): void; resize(cols: number, rows: number): void};

export type Flow = {pause(): void; resume(): void};

const highWater = 4 * 1024 * 1024;
const lowWater = 1024 * 1024;

export class RemoteCommandSession {
	/** Resolves when the client has gone (closed or dropped the connection). */
	readonly closed: Promise<void>;
	private sink?: Sink;
	private pendingInput: Buffer[] = [];
	private inputEnded = false;
	private size?: {cols: number; rows: number};
	private sizeWaiters: Array<() => void> = [];
	private readonly resizes = new ResizeDecoder();
	private buffered = 0;
	private flow?: Flow;
	private paused = false;
	private finished = false;
	private gone = false;

	constructor(
		private readonly ws: WebSocket,
		readonly protocol: Protocol,
		readonly streams: Streams,
	) {
		this.closed = new Promise(resolve => {
			ws.once('close', () => {
				this.gone = true;
				this.flow?.resume();
				resolve();
			});
		});
		ws.on('error', () => ws.terminate());
		ws.on('message', (raw: Buffer, isBinary: boolean) => this.receive(raw, isBinary));
		// The kubelet and the translator both announce the connection with an empty frame on the
		// lowest channel they write.
		const first = streams.stdout ? stdoutChannel : streams.stderr ? stderrChannel : statusChannel;
		this.send(first, Buffer.alloc(0));
	}

	/** The client's first terminal size, if it sends one soon (kubectl does straight away). */
	firstSize(timeoutMs: number): Promise<{cols: number; rows: number} | undefined> {
		if (this.size || this.gone) return Promise.resolve(this.size);
		return new Promise(resolve => {
			const done = () => {
				clearTimeout(timer);
				resolve(this.size);
			};
			const timer = setTimeout(done, timeoutMs);
			this.sizeWaiters.push(done);
			void this.closed.then(done);
		});
	}

	/** Where stdin and resizes go from now on; what arrived before is delivered first. */
	connect(sink: Sink, flow?: Flow): void {
		this.sink = sink;
		this.flow = flow;
		for (const data of this.pendingInput) sink.write(data);
		this.pendingInput = [];
		if (this.size) sink.resize(this.size.cols, this.size.rows);
		if (this.inputEnded) sink.endInput();
	}

	/** Process output; on a terminal there is one stream, and it is stdout. */
	output(stream: 'stdout' | 'stderr', data: Buffer): void {
		const channel = this.streams.tty || stream === 'stdout' ? stdoutChannel : stderrChannel;
		if (channel === stdoutChannel ? !this.streams.stdout : !this.streams.stderr) return;
		this.send(channel, data);
	}

	/** Report the outcome and close; the client closes its side once it has read everything. */
	finish(status: StreamStatus): void {
		if (this.finished) return;
		this.finished = true;
		this.sink = undefined;
		if (this.gone) return;
		const body = encodeStatus(this.protocol, status);
		if (body) this.send(statusChannel, body);
		this.ws.close(1000);
	}

	private send(channel: number, data: Buffer): void {
		if (this.gone || this.ws.readyState !== this.ws.OPEN) return;
		const frame = encodeFrame(this.protocol, channel, data);
		const size = typeof frame === 'string' ? frame.length : frame.length;
		this.buffered += size;
		if (!this.paused && this.buffered > highWater && this.flow) {
			this.paused = true;
			this.flow.pause();
		}
		this.ws.send(frame, {binary: typeof frame !== 'string'}, () => {
			this.buffered -= size;
			if (this.paused && this.buffered < lowWater) {
				this.paused = false;
				this.flow?.resume();
			}
		});
	}

	private receive(raw: Buffer, isBinary: boolean): void {
		if (this.finished) return;
		const frame = decodeFrame(this.protocol, raw, isBinary);
		if (!frame) return;
		switch (frame.channel) {
			case stdinChannel:
				if (!this.streams.stdin || this.inputEnded) return;
				if (this.sink) this.sink.write(frame.data);
				else this.pendingInput.push(Buffer.from(frame.data));
				return;
			case resizeChannel:
				for (const size of this.resizes.push(frame.data)) {
					this.size = size;
					this.sink?.resize(size.cols, size.rows);
					for (const wake of this.sizeWaiters.splice(0)) wake();
				}
				return;
			case closeChannel:
				if (this.protocol.translated && frame.data[0] === stdinChannel && this.streams.stdin && !this.inputEnded) {
					this.inputEnded = true;
					this.sink?.endInput();
				}
				return;
			default:
				// Output and status channels are the server's; anything sent on them is ignored.
				return;
		}
	}
}
