import {describe, expect, test} from 'vitest';
import {SpdyConnection} from '../../../../source/sim/spdy/connection.js';
import type {SpdyStream} from '../../../../source/sim/spdy/stream.js';
import {duplexPair, SpdyTestClient} from '../../../helpers/spdy-client.js';

// The server half of a SPDY connection (spdystream's Connection in server mode behind
// apimachinery's httpstream/spdy), driven by a test client over an in-memory pipe.

function connect(handler: (stream: SpdyStream) => string | undefined = () => undefined) {
	const [serverSide, clientSide] = duplexPair();
	const streams: SpdyStream[] = [];
	const connection = new SpdyConnection(serverSide, stream => {
		streams.push(stream);
		return handler(stream);
	});
	return {connection, streams, client: new SpdyTestClient(clientSide)};
}

describe('SPDY connection (server side)', () => {
	test('a stream the handler accepts gets an empty SYN_REPLY; its headers are read case-insensitively', async () => {
		const {client, streams} = connect();
		const id = client.open({streamtype: 'stdout', port: '80'});
		await client.until(() => client.frames.find(frame => frame.type === 'synReply' && frame.streamId === id));
		expect(client.frames).toEqual([{type: 'synReply', streamId: 1, fin: false, headers: {}}]);
		expect(streams[0]!.header('streamType')).toBe('stdout');
		expect(streams[0]!.header('Port')).toBe('80');
	});

	test('a stream the handler rejects is reset (CANCEL), not answered', async () => {
		const {client} = connect(() => '"port" header is required');
		const id = client.open({streamtype: 'data'});
		const reset = await client.until(() => client.frames.find(frame => frame.type === 'rstStream'));
		expect(reset).toEqual({type: 'rstStream', streamId: id, status: 5});
		expect(client.frames.some(frame => frame.type === 'synReply')).toBe(false);
	});

	test('data both ways, then each half closes with FIN', async () => {
		const {client, streams} = connect();
		const id = client.open({streamtype: 'data'});
		await client.until(() => streams[0]);
		const stream = streams[0]!;
		const received: string[] = [];
		stream.onData(data => received.push(data.toString()));
		const ended = new Promise<void>(resolve => stream.onEnd(resolve));
		client.data(id, 'ping?');
		client.data(id, '', true);
		await ended;
		expect(received).toEqual(['ping?']);
		stream.write(Buffer.from('pong!'));
		stream.end();
		await client.until(() => client.finished(id));
		expect(client.text(id)).toBe('pong!');
	});

	test('headers of many streams share one compression context per direction', async () => {
		const {client, streams} = connect();
		for (let index = 0; index < 5; index++) client.open({streamtype: 'data', port: '8080', requestid: String(index)});
		await client.until(() => client.frames.filter(frame => frame.type === 'synReply').length === 5);
		expect(streams.map(stream => stream.header('requestID'))).toEqual(['0', '1', '2', '3', '4']);
	});

	test('pings from the client are echoed', async () => {
		const {client} = connect();
		client.send({type: 'ping', id: 1});
		client.send({type: 'ping', id: 3});
		await client.until(() => client.frames.filter(frame => frame.type === 'ping').length === 2);
		expect(client.frames).toEqual([
			{type: 'ping', id: 1},
			{type: 'ping', id: 3},
		]);
	});

	test('a stream id that goes backwards is a protocol error', async () => {
		const {client} = connect();
		client.send({type: 'synStream', streamId: 5, associatedTo: 0, priority: 0, slot: 0, fin: false, unidirectional: false, headers: {}});
		client.send({type: 'synStream', streamId: 3, associatedTo: 0, priority: 0, slot: 0, fin: false, unidirectional: false, headers: {}});
		const reset = await client.until(() => client.frames.find(frame => frame.type === 'rstStream'));
		expect(reset).toEqual({type: 'rstStream', streamId: 3, status: 1});
	});

	test('the client’s RST_STREAM ends both halves; writes after it are refused', async () => {
		const {client, streams} = connect();
		const id = client.open({streamtype: 'data'});
		await client.until(() => streams[0]);
		const ended = new Promise<void>(resolve => streams[0]!.onEnd(resolve));
		client.send({type: 'rstStream', streamId: id, status: 5});
		await ended;
		const error = await new Promise(resolve => streams[0]!.write(Buffer.from('late'), resolve));
		expect(error).toEqual(new Error('Write on closed stream'));
	});

	test('close(): open streams are reset, then GOAWAY naming the last stream, then the connection ends', async () => {
		const {client, connection, streams} = connect();
		client.open({streamtype: 'error'});
		client.open({streamtype: 'stdout'});
		await client.until(() => streams.length === 2);
		streams[0]!.write(Buffer.from('status'));
		streams[0]!.end();
		connection.close();
		await client.until(() => client.ended);
		await connection.closed;
		expect(client.frames.filter(frame => frame.type !== 'synReply')).toEqual([
			{type: 'data', streamId: 1, fin: false, data: Buffer.from('status')},
			{type: 'data', streamId: 1, fin: true, data: Buffer.alloc(0)},
			{type: 'rstStream', streamId: 3, status: 5},
			{type: 'goAway', lastGoodStreamId: 3, status: 0},
		]);
	});

	test('GOAWAY from the client ends every stream and the connection', async () => {
		const {client, connection, streams} = connect();
		client.open({streamtype: 'data'});
		await client.until(() => streams[0]);
		const ended = new Promise<void>(resolve => streams[0]!.onEnd(resolve));
		client.send({type: 'goAway', lastGoodStreamId: 0, status: 0});
		await ended;
		await connection.closed;
	});

	test('a frame spdystream cannot read ends the connection', async () => {
		const {client, connection} = connect();
		client.raw(Buffer.from('8003000a00000000', 'hex'));
		await connection.closed;
		await client.until(() => client.ended);
	});
});
