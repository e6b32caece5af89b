import type {Duplex} from 'node:stream';
import {decodeFrame, encodeFrame, type Frame, FrameSplitter, rstStatus} from './frames.js';
import {HeaderCompressor, HeaderDecompressor} from './header-block.js';
import {SpdyStream, type StreamOwner} from './stream.js';

// The server side of a SPDY/3.1 connection as the kubelet runs it: moby/spdystream's Connection
// in server mode behind apimachinery's httpstream/spdy (connection.go). The client opens the
// streams (odd ids, increasing); each is offered to the handler, which accepts it (SYN_REPLY
// with no headers) or rejects it (RST_STREAM). Pings from the client are echoed; GOAWAY from
// the client, or its hang-up, ends every stream. Like spdystream, no flow control: SETTINGS
// and WINDOW_UPDATE are read and ignored, and none are sent.

/**
 * Accept a new stream (return nothing), reject it with a reason (Go: the handler's error), or
 * leave it unanswered (null: a Go handler that blocks and never returns).
 */
export type StreamHandler = (stream: SpdyStream) => string | undefined | null;

const goAwayOk = 0;

export class SpdyConnection implements StreamOwner {
	/** Resolves once the connection is over, whoever ended it. */
	readonly closed: Promise<void>;
	private readonly streams = new Map<number, SpdyStream>();
	private readonly splitter = new FrameSplitter();
	private readonly inflate = new HeaderDecompressor();
	private readonly deflate = new HeaderCompressor();
	private reading: Promise<void> = Promise.resolve();
	private writing: Promise<void> = Promise.resolve();
	/** The next stream id the client may use (spdystream's receivedStreamId). */
	private nextClientStreamId = 1;
	private goneAway = false;
	private ended = false;
	private idleTimeout = 0;
	private idleTimer?: NodeJS.Timeout;
	private resolveClosed!: () => void;

	constructor(
		private readonly socket: Duplex,
		private readonly handler: StreamHandler,
	) {
		this.closed = new Promise(resolve => {
			this.resolveClosed = resolve;
		});
		socket.on('data', (chunk: Buffer) => this.read(chunk));
		socket.on('end', () => this.hangUp());
		socket.on('close', () => this.hangUp());
		socket.on('error', () => this.hangUp());
	}

	/** SetIdleTimeout: no frame either way for this long resets every stream and closes (0: never). */
	setIdleTimeout(ms: number): void {
		this.idleTimeout = ms;
		this.touch();
	}

	/** Go's Close(): reset the streams still open, GOAWAY, then hang up. */
	close(): void {
		if (this.goneAway || this.ended) return;
		for (const stream of [...this.streams.values()]) stream.reset(rstStatus.cancel);
		this.goneAway = true;
		const lastGoodStreamId = this.nextClientStreamId > 2 ? this.nextClientStreamId - 2 : 0;
		this.send({type: 'goAway', lastGoodStreamId, status: goAwayOk});
		void this.writing.then(() => this.hangUp());
	}

	sendData(stream: SpdyStream, data: Buffer, fin: boolean, written?: (error?: Error | null) => void): void {
		this.send({type: 'data', streamId: stream.id, fin, data}, written);
	}

	sendReset(stream: SpdyStream, status: number): void {
		this.send({type: 'rstStream', streamId: stream.id, status});
	}

	forget(stream: SpdyStream): void {
		this.streams.delete(stream.id);
	}

	/** Frames go out in the order they were sent, header blocks through one zlib context. */
	private send(frame: Frame, written?: (error?: Error | null) => void): void {
		if (this.ended) {
			written?.(new Error('connection closed'));
			return;
		}
		const encoded = encodeFrame(frame, this.deflate);
		this.writing = this.writing.then(async () => {
			const bytes = await encoded;
			if (this.ended || this.socket.destroyed) {
				written?.(new Error('connection closed'));
				return;
			}
			this.touch();
			this.socket.write(bytes, error => written?.(error));
		});
	}

	private read(chunk: Buffer): void {
		this.touch();
		let frames: ReturnType<FrameSplitter['push']>;
		try {
			frames = this.splitter.push(chunk);
		} catch {
			this.hangUp();
			return;
		}
		for (const raw of frames) {
			// Decoding starts now (the zlib context keeps the order); frames are handled in order.
			const decoded = decodeFrame(raw, this.inflate);
			decoded.catch(() => undefined);
			this.reading = this.reading.then(async () => {
				if (this.ended) return;
				try {
					this.handle(await decoded);
				} catch {
					// spdystream's Serve loop stops at a frame it cannot read, and the connection with it.
					this.hangUp();
				}
			});
		}
	}

	private handle(frame: Frame): void {
		switch (frame.type) {
			case 'synStream':
				return this.open(frame);
			case 'data': {
				const stream = this.streams.get(frame.streamId);
				if (!stream) return;
				stream.receive(frame.data);
				if (frame.fin) this.finishRemote(stream);
				return;
			}
			case 'rstStream': {
				const stream = this.streams.get(frame.streamId);
				if (!stream) return;
				this.streams.delete(stream.id);
				stream.resetByPeer();
				return;
			}
			case 'headers': {
				const stream = this.streams.get(frame.streamId);
				if (stream && frame.fin) this.finishRemote(stream);
				return;
			}
			case 'ping':
				// Our own pings would be even; the client's are odd and go back as they came.
				if (frame.id % 2 === 1) this.send(frame);
				return;
			case 'goAway':
				// The client is done: every stream's remote half ends, then the connection.
				this.goneAway = true;
				this.hangUp();
				return;
			default:
				// SETTINGS, WINDOW_UPDATE, SYN_REPLY (we open no streams): spdystream ignores them.
				return;
		}
	}

	private open(frame: Extract<Frame, {type: 'synStream'}>): void {
		if (this.goneAway) return;
		if (frame.streamId < this.nextClientStreamId) {
			this.send({type: 'rstStream', streamId: frame.streamId, status: rstStatus.protocolError});
			return;
		}
		this.nextClientStreamId = frame.streamId + 2;
		const stream = new SpdyStream(this, frame.streamId, frame.headers, frame.priority);
		if (frame.unidirectional) stream.localClosed = true;
		this.streams.set(stream.id, stream);
		const rejection = this.handler(stream);
		if (rejection === null) {
			// Unanswered: spdystream drops data for a stream it has not replied to.
			this.streams.delete(stream.id);
			return;
		}
		if (rejection !== undefined) {
			stream.reset(rstStatus.cancel);
			return;
		}
		this.send({type: 'synReply', streamId: stream.id, fin: false, headers: {}});
		if (frame.fin) this.finishRemote(stream);
	}

	private finishRemote(stream: SpdyStream): void {
		stream.closeRemote();
		if (stream.localClosed) this.streams.delete(stream.id);
	}

	private touch(): void {
		clearTimeout(this.idleTimer);
		if (this.idleTimeout <= 0 || this.ended) return;
		this.idleTimer = setTimeout(() => {
			for (const stream of [...this.streams.values()]) stream.reset(rstStatus.cancel);
			this.close();
		}, this.idleTimeout);
		this.idleTimer.unref();
	}

	/** The connection is over: every stream's remote half ends, the socket goes. */
	private hangUp(): void {
		if (this.ended) return;
		this.ended = true;
		clearTimeout(this.idleTimer);
		for (const stream of this.streams.values()) stream.resetByPeer();
		this.streams.clear();
		this.inflate.close();
		this.deflate.close();
		this.release();
		this.resolveClosed();
	}

	/** Go closes the connection outright once its side is written: no half-open socket is left to the peer. */
	private release(): void {
		const {socket} = this;
		if (socket.destroyed) return;
		if (socket.writableFinished) {
			socket.destroy();
			return;
		}
		socket.once('finish', () => socket.destroy());
		socket.end();
	}
}
