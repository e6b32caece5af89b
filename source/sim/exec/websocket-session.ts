import type {WebSocket} from 'ws';
import {closeChannel, decodeFrame, encodeFrame, type Protocol, resizeChannel, statusChannel, stderrChannel, stdinChannel, stdoutChannel} from './protocol.js';
import {RemoteCommandSession, type Streams} from './session.js';

// An exec or attach session carried by an upgraded WebSocket: each message is one byte of
// channel then the data (base64 variants: an ASCII digit, then base64 text).

export function webSocketSession(ws: WebSocket, protocol: Protocol, streams: Streams): RemoteCommandSession {
	const session = new RemoteCommandSession(
		{
			send(channel, data, sent) {
				if (ws.readyState !== ws.OPEN) return;
				const frame = encodeFrame(protocol, channel, data);
				ws.send(frame, {binary: typeof frame !== 'string'}, sent);
			},
			close() {
				ws.close(1000);
			},
		},
		protocol,
		streams,
	);
	ws.once('close', () => session.hangUp());
	ws.on('error', () => ws.terminate());
	ws.on('message', (raw: Buffer, isBinary: boolean) => {
		const frame = decodeFrame(protocol, raw, isBinary);
		if (!frame) return;
		switch (frame.channel) {
			case stdinChannel:
				return session.input(frame.data);
			case resizeChannel:
				return session.resize(frame.data);
			case closeChannel:
				// v5: the client's "no more stdin" (client-go websocket.go).
				if (protocol.translated && frame.data[0] === stdinChannel) session.endInput();
				return;
			default:
				// Output and status channels are the server's; anything sent on them is ignored.
				return;
		}
	});
	// The kubelet and the translator both announce the connection with an empty frame on the
	// lowest channel they write.
	session.send(streams.stdout ? stdoutChannel : streams.stderr ? stderrChannel : statusChannel, Buffer.alloc(0));
	return session;
}
