import {createHash} from 'node:crypto';
import {describe, expect, test} from 'vitest';
import {headerDictionary} from '../../../../source/sim/spdy/dictionary.js';
import {decodeFrame, encodeFrame, type Frame, FrameError, FrameSplitter} from '../../../../source/sim/spdy/frames.js';
import {decodeHeaderBlock, encodeHeaderBlock, HeaderCompressor, HeaderDecompressor} from '../../../../source/sim/spdy/header-block.js';

// SPDY/3.1 frames against moby/spdystream's layout (spdy/read.go, write.go), and the header
// blocks' zlib context that spans the whole connection.

async function roundTrip(frames: Frame[]): Promise<Frame[]> {
	const deflate = new HeaderCompressor();
	const inflate = new HeaderDecompressor();
	const bytes = Buffer.concat(await Promise.all(frames.map(frame => encodeFrame(frame, deflate))));
	// Cut the bytes one at a time, as a tunnel may deliver them.
	const splitter = new FrameSplitter();
	const raws = [...bytes].flatMap(byte => splitter.push(Buffer.from([byte])));
	const decoded: Frame[] = [];
	for (const raw of raws) decoded.push(await decodeFrame(raw, inflate));
	deflate.close();
	inflate.close();
	return decoded;
}

describe('SPDY frames', () => {
	test('the dictionary is spdystream’s, byte for byte', () => {
		expect(headerDictionary.length).toBe(1423);
		expect(createHash('sha256').update(headerDictionary).digest('hex')).toBe('51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02');
	});

	test('every frame type survives a round trip, cut at any byte', async () => {
		const frames: Frame[] = [
			{type: 'synStream', streamId: 1, associatedTo: 0, priority: 3, slot: 0, fin: false, unidirectional: false, headers: {streamtype: ['error']}},
			{type: 'synReply', streamId: 1, fin: false, headers: {}},
			{type: 'data', streamId: 1, fin: false, data: Buffer.from('hello')},
			{type: 'data', streamId: 3, fin: true, data: Buffer.alloc(0)},
			{type: 'headers', streamId: 3, fin: true, headers: {a: ['1', '2']}},
			{type: 'rstStream', streamId: 5, status: 5},
			{type: 'settings', clear: false, settings: [{flags: 1, id: 7, value: 65536}]},
			{type: 'ping', id: 1},
			{type: 'windowUpdate', streamId: 1, delta: 1000},
			{type: 'goAway', lastGoodStreamId: 3, status: 0},
		];
		expect(await roundTrip(frames)).toEqual(frames);
	});

	test('a control frame’s header: version 3, type, flags and a 24-bit length', async () => {
		const bytes = await encodeFrame({type: 'rstStream', streamId: 7, status: 5}, new HeaderCompressor());
		expect(bytes.toString('hex')).toBe('80030003' + '00000008' + '00000007' + '00000005');
		const data = await encodeFrame({type: 'data', streamId: 3, fin: true, data: Buffer.from('ab')}, new HeaderCompressor());
		expect(data.toString('hex')).toBe('00000003' + '01000002' + '6162');
	});

	test('header blocks: count, then each name and value after its length; values joined by NUL', () => {
		const block = encodeHeaderBlock({port: ['8080'], multi: ['a', 'b']});
		expect(block.toString('hex')).toBe(
			'00000002' +
				'00000004' +
				Buffer.from('port').toString('hex') +
				'00000004' +
				Buffer.from('8080').toString('hex') +
				'00000005' +
				Buffer.from('multi').toString('hex') +
				'00000003' +
				'610062',
		);
		expect(decodeHeaderBlock(block)).toEqual({port: ['8080'], multi: ['a', 'b']});
		// A name sent in capitals is read lower-cased, as spdystream does.
		expect(decodeHeaderBlock(Buffer.from('00000001000000044e616d6500000001' + '76', 'hex'))).toEqual({name: ['v']});
	});

	test('the zlib stream names SPDY’s dictionary (the id Go’s zlib.NewReaderDict checks)', async () => {
		const deflate = new HeaderCompressor();
		const first = await deflate.compress({streamtype: ['data']});
		// CMF/FLG with FDICT set, then the dictionary's Adler-32.
		expect(first[1]! & 0x20).toBe(0x20);
		expect(first.subarray(2, 6).toString('hex')).toBe('e3c6a7c2');
		deflate.close();
	});

	test('one compression context per direction spans the connection: later blocks need the earlier ones', async () => {
		const deflate = new HeaderCompressor();
		const first = await deflate.compress({streamtype: ['stdout'], requestid: ['0']});
		const second = await deflate.compress({streamtype: ['stdout'], requestid: ['0']});
		// The second block refers back to the first: shorter, and no zlib header of its own.
		expect(second.length).toBeLessThan(first.length);
		const inflate = new HeaderDecompressor();
		expect(await inflate.decompress(first)).toEqual({streamtype: ['stdout'], requestid: ['0']});
		expect(await inflate.decompress(second)).toEqual({streamtype: ['stdout'], requestid: ['0']});
		// A reader that missed the first block cannot read the second.
		const fresh = new HeaderDecompressor();
		await expect(fresh.decompress(second)).rejects.toThrow();
		for (const context of [deflate, inflate, fresh]) context.close();
	});

	test('frames spdystream refuses to read', async () => {
		const inflate = new HeaderDecompressor();
		const raw = (hex: string) => new FrameSplitter().push(Buffer.from(hex, 'hex'))[0]!;
		await expect(decodeFrame(raw('00000000' + '00000000'), inflate)).rejects.toThrow(new FrameError('stream id zero is disallowed'));
		await expect(decodeFrame(raw('80030003' + '00000008' + '00000001' + '00000000'), inflate)).rejects.toThrow('invalid control frame');
		await expect(decodeFrame(raw('8003000a' + '00000000'), inflate)).rejects.toThrow('invalid control frame');
		inflate.close();
	});
});
