import {Duplex} from 'node:stream';
import {decodeFrame, encodeFrame, type Frame, FrameSplitter} from '../../source/sim/spdy/frames.js';
import {HeaderCompressor, HeaderDecompressor, type Headers} from '../../source/sim/spdy/header-block.js';

// A SPDY/3.1 client for tests, written against the frame layer only: it opens streams the way
// client-go does (odd ids from 1, one SYN_STREAM each), records every frame the server sends,
// and reads them back by stream. It talks over any Duplex: a socket, a WebSocket stream, or
// one end of the in-memory pair below.

export class SpdyTestClient {
	readonly frames: Frame[] = [];
	ended = false;
	private readonly splitter = new FrameSplitter();
	private readonly deflate = new HeaderCompressor();
	private readonly inflate = new HeaderDecompressor();
	private reading: Promise<void> = Promise.resolve();
	private writing: Promise<void> = Promise.resolve();
	private nextStreamId = 1;
	private readonly waiters = new Set<() => void>();

	constructor(private readonly socket: Duplex) {
		socket.on('data', (chunk: Buffer) => {
			for (const raw of this.splitter.push(chunk)) {
				const decoded = decodeFrame(raw, this.inflate);
				decoded.catch(() => undefined);
				this.reading = this.reading.then(async () => {
					this.frames.push(await decoded);
					this.wake();
				});
			}
		});
		const end = () => {
			void this.reading.then(() => {
				this.ended = true;
				this.wake();
			});
		};
		socket.on('end', end);
		socket.on('close', end);
	}

	/** Open a stream (SYN_STREAM) with these headers; returns its id. */
	open(headers: Record<string, string>, fin = false): number {
		const streamId = this.nextStreamId;
		this.nextStreamId += 2;
		const block: Headers = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
		this.send({type: 'synStream', streamId, associatedTo: 0, priority: 0, slot: 0, fin, unidirectional: false, headers: block});
		return streamId;
	}

	data(streamId: number, data: string | Buffer, fin = false): void {
		this.send({type: 'data', streamId, fin, data: Buffer.from(data)});
	}

	send(frame: Frame): void {
		const encoded = encodeFrame(frame, this.deflate);
		this.writing = this.writing.then(async () => {
			this.socket.write(await encoded);
		});
	}

	/** Raw bytes, for what a well-behaved client would never send. */
	raw(bytes: Buffer): void {
		this.writing = this.writing.then(() => {
			this.socket.write(bytes);
		});
	}

	/** Everything the server sent on a stream's data frames, as text. */
	text(streamId: number): string {
		return Buffer.concat(this.frames.flatMap(frame => (frame.type === 'data' && frame.streamId === streamId ? [frame.data] : []))).toString('utf8');
	}

	/** The stream's half from the server is over: FIN or RST_STREAM, or the connection ended. */
	finished(streamId: number): boolean {
		return (
			this.ended ||
			this.frames.some(
				frame => (frame.type === 'data' && frame.streamId === streamId && frame.fin) || (frame.type === 'rstStream' && frame.streamId === streamId),
			)
		);
	}

	/** Resolves once the predicate holds for what has arrived (checked on every frame). */
	until<T>(check: () => T | undefined | false): Promise<T> {
		return new Promise((resolve, reject) => {
			const test = () => {
				try {
					const value = check();
					if (value !== undefined && value !== false) {
						this.waiters.delete(test);
						resolve(value);
					} else if (this.ended) {
						this.waiters.delete(test);
						reject(new Error(`connection ended first; frames: ${JSON.stringify(this.frames.map(summary))}`));
					}
				} catch (error) {
					reject(error);
				}
			};
			this.waiters.add(test);
			test();
		});
	}

	close(): void {
		this.socket.end();
		this.deflate.close();
	}

	private wake(): void {
		for (const waiter of [...this.waiters]) waiter();
	}
}

function summary(frame: Frame) {
	return frame.type === 'data' ? {...frame, data: frame.data.toString('utf8')} : frame;
}

/** Two connected in-memory Duplexes: what one writes, the other reads. */
export function duplexPair(): [Duplex, Duplex] {
	const ends: Duplex[] = [];
	const make = (index: number) =>
		new Duplex({
			read() {},
			write(chunk: Buffer, _encoding, done) {
				ends[1 - index]!.push(chunk);
				done();
			},
			final(done) {
				ends[1 - index]!.push(null);
				done();
			},
		});
	ends.push(make(0), make(1));
	return [ends[0]!, ends[1]!];
}
