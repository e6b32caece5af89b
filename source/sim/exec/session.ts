import {encodeStatus, type Protocol, ResizeDecoder, statusChannel, stderrChannel, stdoutChannel, type StreamStatus} from './protocol.js';

// One exec or attach session, whatever carries it: the channels the request opened, stdin and
// resizes in, output out with back-pressure, the Status last, then the close. A transport
// (WebSocket channels in websocket-session.ts, SPDY streams in spdy-remote-command.ts) moves
// the bytes and reports what the client sent.

export type Streams = {stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean};

export type Sink = {write(data: Buffer): void; endInput(): void; resize(cols: number, rows: number): void};

export type Flow = {pause(): void; resume(): void};

/** How a session's channels reach the client. */
export interface ChannelTransport {
	/** Send on a channel; `sent` runs once the bytes are written. */
	send(channel: number, data: Buffer, sent: () => void): void;
	/** The session is over: end the connection as this transport's server does. */
	close(): void;
}

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
	private resolveClosed!: () => void;

	constructor(
		private readonly transport: ChannelTransport,
		readonly protocol: Protocol,
		readonly streams: Streams,
	) {
		this.closed = new Promise(resolve => {
			this.resolveClosed = resolve;
		});
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
		this.transport.close();
	}

	/** Transport: bytes the client wrote to stdin. */
	input(data: Buffer): void {
		if (this.finished || !this.streams.stdin || this.inputEnded) return;
		if (this.sink) this.sink.write(data);
		else this.pendingInput.push(Buffer.from(data));
	}

	/** Transport: the client will write no more to stdin. */
	endInput(): void {
		if (this.finished || !this.streams.stdin || this.inputEnded) return;
		this.inputEnded = true;
		this.sink?.endInput();
	}

	/** Transport: bytes of the resize stream (JSON sizes, possibly split anywhere). */
	resize(data: Buffer): void {
		if (this.finished) return;
		for (const size of this.resizes.push(data)) {
			this.size = size;
			this.sink?.resize(size.cols, size.rows);
			for (const wake of this.sizeWaiters.splice(0)) wake();
		}
	}

	/** Transport: the client has gone. */
	hangUp(): void {
		if (this.gone) return;
		this.gone = true;
		this.flow?.resume();
		this.resolveClosed();
	}

	/** Send on a channel, pausing the producer while too much is unwritten. */
	send(channel: number, data: Buffer): void {
		if (this.gone) return;
		const size = data.length;
		this.buffered += size;
		if (!this.paused && this.buffered > highWater && this.flow) {
			this.paused = true;
			this.flow.pause();
		}
		this.transport.send(channel, data, () => {
			this.buffered -= size;
			if (this.paused && this.buffered < lowWater) {
				this.paused = false;
				this.flow?.resume();
			}
		});
	}
}
