import {Duplex} from 'node:stream';
import {describe, expect, test, vi} from 'vitest';
import type {PortDial} from '../../../../source/sim/exec/port-dial.js';
import {serveSpdyPortForward} from '../../../../source/sim/exec/spdy-port-forward.js';
import {negotiateStream} from '../../../../source/sim/exec/stream-handshake.js';
import {duplexPair, SpdyTestClient} from '../../../helpers/spdy-client.js';

// The kubelet's SPDY port-forward (cri/streaming/portforward/httpstream.go) driven frame by
// frame: streams paired by requestID, the dial, the bytes, and what goes on the error stream.

/** A pod whose port 80 echoes upper-cased and ends after its first answer; nothing else listens. */
const dial: PortDial = async port => {
	if (port !== 80) throw new Error(`error forwarding port ${port} to pod abc, uid : connection refused`);
	const listener = new Duplex({
		read() {},
		write(chunk: Buffer, _encoding, done) {
			listener.push(Buffer.from(chunk.toString().toUpperCase()));
			listener.push(null);
			done();
		},
	});
	return listener;
};

function start() {
	const [serverSide, clientSide] = duplexPair();
	const served = serveSpdyPortForward(serverSide, dial);
	return {client: new SpdyTestClient(clientSide), served};
}

describe('SPDY port-forward', () => {
	test('an error and a data stream with one requestID: the bytes reach the port and come back, then both streams end', async () => {
		const {client} = start();
		const error = client.open({streamtype: 'error', port: '80', requestid: '0'});
		const data = client.open({streamtype: 'data', port: '80', requestid: '0'});
		client.data(data, 'hello');
		client.data(data, '', true);
		await client.until(() => client.finished(data) && client.finished(error));
		expect(client.text(data)).toBe('HELLO');
		expect(client.text(error)).toBe('');
		expect(client.frames.filter(frame => frame.type === 'rstStream')).toEqual([]);
	});

	test('a port nothing listens on: the dial error on the error stream, then both streams reset', async () => {
		const {client} = start();
		const error = client.open({streamtype: 'error', port: '81', requestid: '0'});
		const data = client.open({streamtype: 'data', port: '81', requestid: '0'});
		await client.until(() => client.frames.filter(frame => frame.type === 'rstStream').length === 2);
		expect(client.text(error)).toBe('error forwarding port 81 to pod abc, uid : connection refused');
		expect(client.frames.filter(frame => frame.type === 'rstStream')).toEqual([
			{type: 'rstStream', streamId: data, status: 5},
			{type: 'rstStream', streamId: error, status: 5},
		]);
	});

	test('connections are independent: two pairs at once, told apart by requestID', async () => {
		const {client} = start();
		const errors = [client.open({streamtype: 'error', port: '80', requestid: '1'}), client.open({streamtype: 'error', port: '81', requestid: '2'})];
		const good = client.open({streamtype: 'data', port: '80', requestid: '1'});
		client.open({streamtype: 'data', port: '81', requestid: '2'});
		client.data(good, 'one');
		await client.until(() => client.finished(good));
		expect(client.text(good)).toBe('ONE');
		await client.until(() => client.text(errors[1]!) !== '');
		expect(client.text(errors[0]!)).toBe('');
	});

	test('without requestID the pair comes from the stream ids (error N, data N+2)', async () => {
		const {client} = start();
		client.open({streamtype: 'error', port: '80'});
		const data = client.open({streamtype: 'data', port: '80'});
		client.data(data, 'old client');
		await client.until(() => client.finished(data));
		expect(client.text(data)).toBe('OLD CLIENT');
	});

	test('a second error stream for one request is reported on the first', async () => {
		const {client} = start();
		const error = client.open({streamtype: 'error', port: '80', requestid: '7'});
		client.open({streamtype: 'error', port: '80', requestid: '7'});
		await client.until(() => client.text(error) !== '');
		expect(client.text(error)).toBe('error processing stream for request 7: error stream already assigned');
	});

	test('streams the kubelet refuses are reset: no port, a bad port, no or a wrong stream type', async () => {
		const {client} = start();
		const refused = [
			client.open({streamtype: 'data', requestid: '0'}),
			client.open({streamtype: 'data', port: 'http'}),
			client.open({streamtype: 'data', port: '0'}),
			client.open({port: '80'}),
			client.open({streamtype: 'stdin', port: '80'}),
		];
		await client.until(() => client.frames.filter(frame => frame.type === 'rstStream').length === refused.length);
		expect(client.frames.filter(frame => frame.type === 'rstStream').map(frame => 'streamId' in frame && frame.streamId)).toEqual(refused);
		expect(client.frames.some(frame => frame.type === 'synReply')).toBe(false);
	});

	test('a pair whose second stream never comes: after the stream creation timeout (30 s), the kubelet says so', async () => {
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
		try {
			const {client} = start();
			const error = client.open({streamtype: 'error', port: '80', requestid: '3'});
			await client.until(() => client.frames.some(frame => frame.type === 'synReply'));
			vi.advanceTimersByTime(29_999);
			// A ping's echo comes after anything the server wrote before it.
			client.send({type: 'ping', id: 1});
			await client.until(() => client.frames.some(frame => frame.type === 'ping'));
			expect(client.text(error)).toBe('');
			vi.advanceTimersByTime(1);
			await client.until(() => client.text(error) !== '');
			expect(client.text(error)).toMatch(/^\(conn=0xc[0-9a-f]+, request=3\) timed out waiting for streams$/);
		} finally {
			vi.useRealTimers();
		}
	});

	test('the client’s GOAWAY ends the connection', async () => {
		const {client, served} = start();
		client.send({type: 'goAway', lastGoodStreamId: 0, status: 0});
		await served;
	});
});

describe('X-Stream-Protocol-Version negotiation (httpstream.Handshake)', () => {
	const server = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

	test('the first the client lists that the server speaks', () => {
		expect(negotiateStream(['v5.channel.k8s.io, v3.channel.k8s.io', 'v4.channel.k8s.io'], server, 5)).toEqual({protocol: 'v3.channel.k8s.io'});
	});

	test('none in common: 403, the accepted list in a header, the kubelet’s text', () => {
		expect(negotiateStream(['v9.channel.k8s.io'], server, 5)).toEqual({
			code: 403,
			text: 'unable to upgrade: unable to negotiate protocol: client supports [v9.channel.k8s.io], server accepts [v4.channel.k8s.io v3.channel.k8s.io v2.channel.k8s.io channel.k8s.io]\n',
			headers: {'X-Accepted-Stream-Protocol-Versions': server},
		});
	});

	test('no header, or an empty one: 400', () => {
		expect(negotiateStream(undefined, server, 7)).toEqual({
			code: 400,
			text: 'unable to upgrade: header X-Stream-Protocol-Version does not exist in request with 7 headers\n',
		});
		expect(negotiateStream([' , '], server, 7)).toEqual({
			code: 400,
			text: 'unable to upgrade: header X-Stream-Protocol-Version contains [ , ], but no valid protocols\n',
		});
	});
});
