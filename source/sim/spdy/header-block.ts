import zlib from 'node:zlib';
import {headerDictionary} from './dictionary.js';

// SPDY/3 name/value header blocks (moby/spdystream spdy/read.go parseHeaderValueBlock, write.go
// writeHeaderValueBlock): a 32-bit count, then each name and value after a 32-bit length,
// several values of one name joined by NUL. Every block on a connection goes through ONE zlib
// context per direction, primed with SPDY's dictionary and flushed (Z_SYNC_FLUSH) after each
// block: a block cannot be read without all the blocks before it.

/** Header names lower-cased (SPDY's rule), each with its values in order. */
export type Headers = Record<string, string[]>;

// spdystream's defaults (spdy/types.go): more, or longer, is an invalid control frame.
const maxHeaderCount = 1000;
const maxFieldSize = 1 << 20;

export class HeaderBlockError extends Error {}

export function encodeHeaderBlock(headers: Headers): Buffer {
	const parts: Buffer[] = [uint32(Object.keys(headers).length)];
	for (const [name, values] of Object.entries(headers)) {
		const nameBytes = Buffer.from(name.toLowerCase(), 'utf8');
		const valueBytes = Buffer.from(values.join('\0'), 'utf8');
		parts.push(uint32(nameBytes.length), nameBytes, uint32(valueBytes.length), valueBytes);
	}
	return Buffer.concat(parts);
}

export function decodeHeaderBlock(block: Buffer): Headers {
	let offset = 0;
	const take = (length: number): Buffer => {
		if (offset + length > block.length) throw new HeaderBlockError('compressed payload size was incorrect');
		const slice = block.subarray(offset, offset + length);
		offset += length;
		return slice;
	};
	const field = (): string => {
		const length = take(4).readUInt32BE(0);
		if (length > maxFieldSize) throw new HeaderBlockError('invalid control frame');
		return take(length).toString('utf8');
	};
	const count = take(4).readUInt32BE(0);
	if (count > maxHeaderCount) throw new HeaderBlockError('invalid control frame');
	const headers: Headers = {};
	for (let index = 0; index < count; index++) {
		// spdystream lower-cases a name sent in capitals (and notes the error, which its reader ignores).
		const name = field().toLowerCase();
		const values = field().split('\0');
		headers[name] = [...(headers[name] ?? []), ...values];
	}
	return headers;
}

/** http.Header.Get: the first value of a name, matched case-insensitively. */
export function headerValue(headers: Headers, name: string): string {
	return headers[name.toLowerCase()]?.[0] ?? '';
}

function uint32(value: number): Buffer {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32BE(value);
	return buffer;
}

/**
 * One direction's zlib context. Node's zlib streams are asynchronous, so blocks are queued and
 * each resolves with exactly the bytes its sync flush produced (read back from the paused
 * stream once the flush has been processed).
 */
class ZlibContext {
	private queue: Promise<unknown> = Promise.resolve();
	private failure?: Error;
	private failed?: (error: Error) => void;

	constructor(private readonly stream: zlib.Deflate | zlib.Inflate) {
		// A corrupt block breaks the context for good: this block and every later one fail.
		stream.on('error', error => {
			this.failure = error;
			this.failed?.(error);
		});
	}

	run(input: Buffer): Promise<Buffer> {
		const result = this.queue.then(
			() =>
				new Promise<Buffer>((resolve, reject) => {
					if (this.failure) return reject(this.failure);
					this.failed = reject;
					this.stream.write(input);
					this.stream.flush(zlib.constants.Z_SYNC_FLUSH, () => {
						this.failed = undefined;
						if (this.failure) return reject(this.failure);
						const chunks: Buffer[] = [];
						for (let chunk = this.stream.read() as Buffer | null; chunk !== null; chunk = this.stream.read() as Buffer | null) chunks.push(chunk);
						resolve(Buffer.concat(chunks));
					});
				}),
		);
		this.queue = result.catch(() => undefined);
		return result;
	}

	close(): void {
		this.failure ??= new Error('header compression closed');
		this.stream.destroy();
	}
}

// A frame's payload is at most 2^24-1 bytes; the paused stream must hold a whole block's output.
const highWater = 1 << 24;

/** Compresses the header blocks one side writes (spdystream: zlib.BestCompression with the dictionary). */
export class HeaderCompressor {
	private readonly context = new ZlibContext(
		zlib.createDeflate({level: zlib.constants.Z_BEST_COMPRESSION, dictionary: headerDictionary, readableHighWaterMark: highWater} as zlib.ZlibOptions),
	);

	compress(headers: Headers): Promise<Buffer> {
		return this.context.run(encodeHeaderBlock(headers));
	}

	close(): void {
		this.context.close();
	}
}

/** Reads the header blocks the other side wrote, in the order it wrote them. */
export class HeaderDecompressor {
	private readonly context = new ZlibContext(zlib.createInflate({dictionary: headerDictionary, readableHighWaterMark: highWater} as zlib.ZlibOptions));

	async decompress(compressed: Buffer): Promise<Headers> {
		return decodeHeaderBlock(await this.context.run(compressed));
	}

	close(): void {
		this.context.close();
	}
}
