import type {Duplex} from 'node:stream';
import type {WebSocket} from 'ws';
import type {PortDial} from './port-dial.js';
import {dataChannel, decodePortFrame, encodePortFrame, errorChannel, portPrefix} from './port-forward-frames.js';
import type {Protocol} from './protocol.js';

// One WebSocket port-forward: the kubelet's handleWebSocketStreams. Every port's two channels
// announce their port, then each port is dialled at once (the kubelet starts the forwarder per
// port as soon as the connection is open, whether or not the client ever writes); a dial error's
// text goes on that port's error channel. The WebSocket closes once every port is done, as
// wsstream's Conn does after the handler's WaitGroup.

/** containerd waits this long for the other direction once one has ended (sandbox_portforward_linux.go). */
const otherDirectionGraceMs = 1000;
const highWater = 4 * 1024 * 1024;

type PortStream = {target?: Duplex; pending: Buffer[]; done: boolean};

export function servePortForward(ws: WebSocket, protocol: Protocol, ports: number[], dial: PortDial): void {
	const streams: PortStream[] = ports.map(() => ({pending: [], done: false}));
	let gone = false;
	const send = (channel: number, data: Buffer, then?: () => void) => {
		if (gone) return;
		ws.send(encodePortFrame(protocol, channel, data), {binary: !protocol.base64}, () => then?.());
	};
	const finishOne = (stream: PortStream) => {
		if (stream.done) return;
		stream.done = true;
		stream.target?.destroy();
		if (streams.every(each => each.done) && !gone) ws.close(1000);
	};
	ws.on('error', () => ws.terminate());
	ws.on('close', () => {
		gone = true;
		for (const stream of streams) {
			stream.done = true;
			stream.target?.destroy();
		}
	});
	ws.on('message', (raw: Buffer, isBinary: boolean) => {
		const frame = decodePortFrame(protocol, raw, isBinary, ports.length);
		if (!frame || frame.data.length === 0) return;
		const stream = streams[frame.index]!;
		if (stream.done) return;
		if (stream.target) stream.target.write(frame.data);
		else stream.pending.push(frame.data);
	});
	for (const [index, port] of ports.entries()) {
		send(dataChannel(index), portPrefix(port));
		send(errorChannel(index), portPrefix(port));
	}
	for (const [index, port] of ports.entries()) {
		const stream = streams[index]!;
		dial(port).then(
			target => relay(stream, target, index),
			(error: Error) => {
				send(errorChannel(index), Buffer.from(error.message), () => finishOne(stream));
			},
		);
	}

	function relay(stream: PortStream, target: Duplex, index: number): void {
		if (stream.done) {
			target.destroy();
			return;
		}
		stream.target = target;
		for (const data of stream.pending) target.write(data);
		stream.pending = [];
		let inFlight = 0;
		target.on('data', (data: Buffer) => {
			inFlight += data.length;
			if (inFlight > highWater) target.pause();
			send(dataChannel(index), data, () => {
				inFlight -= data.length;
				if (inFlight <= highWater && target.isPaused()) target.resume();
			});
		});
		target.on('error', () => {});
		let ended = false;
		const ending = () => {
			if (ended) return;
			ended = true;
			// Queued frames go first: ws.send keeps order, so a final empty callback comes after them.
			const timer = setTimeout(() => finishOne(stream), otherDirectionGraceMs);
			timer.unref();
		};
		target.once('end', ending);
		target.once('close', ending);
	}
}
