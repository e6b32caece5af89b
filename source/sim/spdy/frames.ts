import type {HeaderCompressor, HeaderDecompressor, Headers} from './header-block.js';

// SPDY/3.1 frames as moby/spdystream (spdy/types.go, read.go, write.go) reads and writes them,
// the library client-go and the kubelet both speak. Every frame starts with 8 bytes: a control
// frame sets the top bit, then version (3) and type; a data frame has the stream id instead.
// The second word is 8 bits of flags and a 24-bit payload length.
//
// Written here rather than taken from npm: the only SPDY implementation there (spdy-transport)
// has been unmaintained since 2018, and the subset Kubernetes uses is small.

export const spdyVersion = 3;
export const maxPayload = (1 << 24) - 1;

export const frameTypes = {synStream: 1, synReply: 2, rstStream: 3, settings: 4, ping: 6, goAway: 7, headers: 8, windowUpdate: 9} as const;

export const flagFin = 0x01;
export const flagUnidirectional = 0x02;

/** RST_STREAM status codes (spdy/types.go). */
export const rstStatus = {
	protocolError: 1,
	invalidStream: 2,
	refusedStream: 3,
	unsupportedVersion: 4,
	cancel: 5,
	internalError: 6,
	flowControlError: 7,
	streamInUse: 8,
	streamAlreadyClosed: 9,
	invalidCredentials: 10,
	frameTooLarge: 11,
} as const;

export type Frame =
	| {type: 'data'; streamId: number; fin: boolean; data: Buffer}
	| {type: 'synStream'; streamId: number; associatedTo: number; priority: number; slot: number; fin: boolean; unidirectional: boolean; headers: Headers}
	| {type: 'synReply'; streamId: number; fin: boolean; headers: Headers}
	| {type: 'rstStream'; streamId: number; status: number}
	| {type: 'settings'; clear: boolean; settings: Array<{flags: number; id: number; value: number}>}
	| {type: 'ping'; id: number}
	| {type: 'goAway'; lastGoodStreamId: number; status: number}
	| {type: 'headers'; streamId: number; fin: boolean; headers: Headers}
	| {type: 'windowUpdate'; streamId: number; delta: number};

/** spdystream's spdy.Error texts: the reader stops at any of them. */
export class FrameError extends Error {}

/** One frame cut from the byte stream, its payload not yet interpreted. */
export type RawFrame = {control: boolean; word: number; flags: number; payload: Buffer};

/** Cuts a byte stream into frames, however the bytes were chunked (a tunnel splits them anywhere). */
export class FrameSplitter {
	private buffer: Buffer = Buffer.alloc(0);

	push(chunk: Buffer): RawFrame[] {
		this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
		const frames: RawFrame[] = [];
		while (this.buffer.length >= 8) {
			const word = this.buffer.readUInt32BE(0);
			const flagsAndLength = this.buffer.readUInt32BE(4);
			const length = flagsAndLength & 0xffffff;
			if (this.buffer.length < 8 + length) break;
			frames.push({control: (word & 0x80000000) !== 0, word, flags: flagsAndLength >>> 24, payload: this.buffer.subarray(8, 8 + length)});
			this.buffer = this.buffer.subarray(8 + length);
		}
		return frames;
	}
}

/** Interpret a frame; header blocks go through the connection's inbound zlib context, in order. */
export async function decodeFrame(raw: RawFrame, inflate: HeaderDecompressor): Promise<Frame> {
	const {payload, flags} = raw;
	if (!raw.control) {
		const streamId = raw.word & 0x7fffffff;
		if (streamId === 0) throw new FrameError('stream id zero is disallowed');
		return {type: 'data', streamId, fin: (flags & flagFin) !== 0, data: payload};
	}
	const type = raw.word & 0xffff;
	const need = (length: number) => {
		if (payload.length < length) throw new FrameError('invalid control frame');
	};
	const streamIdAt = (offset: number) => {
		need(offset + 4);
		const id = payload.readUInt32BE(offset) & 0x7fffffff;
		if (id === 0) throw new FrameError('stream id zero is disallowed');
		return id;
	};
	switch (type) {
		case frameTypes.synStream: {
			const streamId = streamIdAt(0);
			need(10);
			const headers = await inflate.decompress(payload.subarray(10));
			return {
				type: 'synStream',
				streamId,
				associatedTo: payload.readUInt32BE(4) & 0x7fffffff,
				priority: payload[8]! >> 5,
				slot: payload[9]!,
				fin: (flags & flagFin) !== 0,
				unidirectional: (flags & flagUnidirectional) !== 0,
				headers,
			};
		}
		case frameTypes.synReply:
		case frameTypes.headers: {
			const streamId = streamIdAt(0);
			const headers = await inflate.decompress(payload.subarray(4));
			return {type: type === frameTypes.synReply ? 'synReply' : 'headers', streamId, fin: (flags & flagFin) !== 0, headers};
		}
		case frameTypes.rstStream: {
			const streamId = streamIdAt(0);
			need(8);
			const status = payload.readUInt32BE(4);
			if (status === 0) throw new FrameError('invalid control frame');
			return {type: 'rstStream', streamId, status};
		}
		case frameTypes.settings: {
			need(4);
			const count = payload.readUInt32BE(0);
			if (count > (payload.length - 4) / 8) throw new FrameError('invalid control frame');
			const settings = Array.from({length: count}, (_, index) => {
				const flagsAndId = payload.readUInt32BE(4 + index * 8);
				return {flags: flagsAndId >>> 24, id: flagsAndId & 0xffffff, value: payload.readUInt32BE(8 + index * 8)};
			});
			return {type: 'settings', clear: (flags & 0x01) !== 0, settings};
		}
		case frameTypes.ping: {
			need(4);
			const id = payload.readUInt32BE(0);
			if (id === 0) throw new FrameError('stream id zero is disallowed');
			if (flags !== 0) throw new FrameError('invalid control frame');
			return {type: 'ping', id};
		}
		case frameTypes.goAway:
			if (flags !== 0 || payload.length !== 8) throw new FrameError('invalid control frame');
			return {type: 'goAway', lastGoodStreamId: payload.readUInt32BE(0) & 0x7fffffff, status: payload.readUInt32BE(4)};
		case frameTypes.windowUpdate:
			if (flags !== 0 || payload.length !== 8) throw new FrameError('invalid control frame');
			return {type: 'windowUpdate', streamId: payload.readUInt32BE(0) & 0x7fffffff, delta: payload.readUInt32BE(4) & 0x7fffffff};
		default:
			// spdystream has no constructor for other types (CREDENTIAL, NOOP): it stops reading.
			throw new FrameError('invalid control frame');
	}
}

/** Serialise a frame; header blocks go through the connection's outbound zlib context, in order. */
export async function encodeFrame(frame: Frame, deflate: HeaderCompressor): Promise<Buffer> {
	switch (frame.type) {
		case 'data': {
			if (frame.data.length > maxPayload) throw new FrameError('invalid data frame');
			const head = Buffer.alloc(8);
			head.writeUInt32BE(frame.streamId & 0x7fffffff, 0);
			head.writeUInt32BE(((frame.fin ? flagFin : 0) << 24) | frame.data.length, 4);
			return Buffer.concat([head, frame.data]);
		}
		case 'synStream': {
			const block = await deflate.compress(frame.headers);
			const fixed = Buffer.alloc(10);
			fixed.writeUInt32BE(frame.streamId, 0);
			fixed.writeUInt32BE(frame.associatedTo, 4);
			fixed[8] = (frame.priority & 0x7) << 5;
			fixed[9] = frame.slot;
			return control(frameTypes.synStream, (frame.fin ? flagFin : 0) | (frame.unidirectional ? flagUnidirectional : 0), fixed, block);
		}
		case 'synReply':
		case 'headers': {
			const block = await deflate.compress(frame.headers);
			return control(frame.type === 'synReply' ? frameTypes.synReply : frameTypes.headers, frame.fin ? flagFin : 0, words(frame.streamId), block);
		}
		case 'rstStream':
			return control(frameTypes.rstStream, 0, words(frame.streamId, frame.status));
		case 'settings':
			return control(
				frameTypes.settings,
				frame.clear ? 0x01 : 0,
				words(frame.settings.length, ...frame.settings.flatMap(setting => [((setting.flags << 24) | setting.id) >>> 0, setting.value])),
			);
		case 'ping':
			return control(frameTypes.ping, 0, words(frame.id));
		case 'goAway':
			return control(frameTypes.goAway, 0, words(frame.lastGoodStreamId, frame.status));
		case 'windowUpdate':
			return control(frameTypes.windowUpdate, 0, words(frame.streamId, frame.delta));
	}
}

function words(...values: number[]): Buffer {
	const buffer = Buffer.alloc(values.length * 4);
	for (const [index, value] of values.entries()) buffer.writeUInt32BE(value >>> 0, index * 4);
	return buffer;
}

function control(type: number, flags: number, ...parts: Buffer[]): Buffer {
	const payload = Buffer.concat(parts);
	if (payload.length > maxPayload) throw new FrameError('invalid control frame');
	const head = Buffer.alloc(8);
	head.writeUInt32BE((0x8000 | spdyVersion) * 0x10000 + type, 0);
	head.writeUInt32BE(((flags << 24) | payload.length) >>> 0, 4);
	return Buffer.concat([head, payload]);
}
