import type {Duplex} from 'node:stream';
import {SpdyConnection} from '../spdy/connection.js';
import type {SpdyStream} from '../spdy/stream.js';
import type {PortDial} from './port-dial.js';

// Port-forward over SPDY/3.1, as the kubelet's cri/streaming/portforward/httpstream.go serves it
// (and containerd's PortForward behind it). The client opens two streams per forwarded
// connection, an error stream and a data stream, paired by their `requestID` header and naming
// the pod's `port`; once both are there the port is dialled. The data stream carries the bytes
// both ways; a dial error's text goes on the error stream and both streams are reset. Each
// connection is independent: one SPDY connection carries every connection kubectl accepts.

/** portforward.SupportedProtocols. */
export const spdyPortForwardProtocols = ['portforward.k8s.io'];

const streamCreationTimeout = 30_000;
const streamIdleTimeout = 4 * 60 * 60 * 1000;
/** containerd waits this long for the other direction once one has ended (sandbox_portforward_linux.go). */
const otherDirectionGraceMs = 1000;
const highWater = 4 * 1024 * 1024;

type Pair = {requestID: string; data?: SpdyStream; error?: SpdyStream; timer?: NodeJS.Timeout};

/** httpStreamReceived: the checks a new stream must pass, else it is reset with this text (logged). */
export function checkPortStream(stream: SpdyStream): string | undefined {
	const portString = stream.header('port');
	if (portString === '') return '"port" header is required';
	if (!/^\d+$/.test(portString))
		return `unable to parse ${JSON.stringify(portString)} as a port: strconv.ParseUint: parsing ${JSON.stringify(portString)}: invalid syntax`;
	const port = Number(portString);
	if (port > 65535)
		return `unable to parse ${JSON.stringify(portString)} as a port: strconv.ParseUint: parsing ${JSON.stringify(portString)}: value out of range`;
	if (port < 1) return `port ${JSON.stringify(portString)} must be > 0`;
	const streamType = stream.header('streamType');
	if (streamType === '') return '"streamType" header is required';
	if (streamType !== 'error' && streamType !== 'data') return `invalid stream type ${JSON.stringify(streamType)}`;
	return undefined;
}

/** Serve port-forward on an upgraded connection (a socket, or the apiserver's WebSocket tunnel). */
export function serveSpdyPortForward(socket: Duplex, dial: PortDial): Promise<void> {
	const pairs = new Map<string, Pair>();
	// What %p prints for the connection in the kubelet's texts: some heap address.
	const address = `0xc000${Math.floor(Math.random() * 0xffffff)
		.toString(16)
		.padStart(6, '0')}`;

	const connection = new SpdyConnection(socket, stream => {
		const rejection = checkPortStream(stream);
		if (rejection !== undefined) return rejection;
		queueMicrotask(() => received(stream));
		return undefined;
	});
	connection.setIdleTimeout(streamIdleTimeout);
	void connection.closed.then(() => {
		for (const pair of pairs.values()) clearTimeout(pair.timer);
	});

	function received(stream: SpdyStream): void {
		const requestID = requestIdOf(stream);
		let pair = pairs.get(requestID);
		if (!pair) {
			const created: Pair = {requestID};
			pair = created;
			pairs.set(requestID, created);
			created.timer = setTimeout(() => {
				created.error?.write(Buffer.from(`(conn=${address}, request=${requestID}) timed out waiting for streams`));
				pairs.delete(requestID);
			}, streamCreationTimeout);
			created.timer.unref();
		}
		const kind = stream.header('streamType') as 'data' | 'error';
		if (pair[kind]) {
			pair.error?.write(Buffer.from(`error processing stream for request ${requestID}: ${kind} stream already assigned`));
			return;
		}
		pair[kind] = stream;
		if (pair.data && pair.error) {
			clearTimeout(pair.timer);
			pairs.delete(requestID);
			void forward(pair.data, pair.error, dial);
		}
	}
	return connection.closed;
}

/** The requestID header, or (clients before it existed) one made from the stream ids. */
function requestIdOf(stream: SpdyStream): string {
	const requestID = stream.header('requestID');
	if (requestID !== '') return requestID;
	return String(stream.header('streamType') === 'error' ? stream.id : stream.id - 2);
}

/** portForward: dial, copy both ways until one direction ends (plus containerd's grace), then FIN both. */
async function forward(data: SpdyStream, error: SpdyStream, dial: PortDial): Promise<void> {
	const port = Number(data.header('port'));
	let target: Duplex;
	try {
		target = await dial(port);
	} catch (failure) {
		error.write(Buffer.from((failure as Error).message));
		data.reset();
		error.reset();
		return;
	}
	let finished = false;
	let grace: NodeJS.Timeout | undefined;
	const finish = () => {
		if (finished) return;
		finished = true;
		clearTimeout(grace);
		target.destroy();
		error.end();
		data.end();
	};
	// containerd returns when one copy ends and the other follows, or a second later.
	const done = {pod: false, client: false};
	const directionDone = (direction: keyof typeof done) => {
		done[direction] = true;
		if (done.pod && done.client) return finish();
		if (finished || grace) return;
		grace = setTimeout(finish, otherDirectionGraceMs);
		grace.unref();
	};
	data.onData(bytes => target.write(bytes));
	data.onEnd(() => (data.localClosed ? finish() : directionDone('client')));
	let inFlight = 0;
	target.on('data', (bytes: Buffer) => {
		inFlight += bytes.length;
		if (inFlight > highWater) target.pause();
		data.write(bytes, () => {
			inFlight -= bytes.length;
			if (inFlight <= highWater && target.isPaused()) target.resume();
		});
	});
	target.on('error', () => {});
	target.once('end', () => directionDone('pod'));
	target.once('close', () => directionDone('pod'));
}
