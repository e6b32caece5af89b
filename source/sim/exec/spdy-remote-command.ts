import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {SpdyConnection} from '../spdy/connection.js';
import type {SpdyStream} from '../spdy/stream.js';
import {type Protocol, resizeChannel, statusChannel, stderrChannel, stdinChannel, stdoutChannel} from './protocol.js';
import {RemoteCommandSession, type Streams} from './session.js';
import {handshake, missingUpgradeHeaders, upgradeToSpdy, wantsSpdy, writeRefusal} from './stream-handshake.js';

// Exec and attach over SPDY/3.1, as the kubelet's cri/streaming remotecommand/httpstream.go
// serves them: the client opens one stream per channel, named by its `streamType` header;
// once every expected stream has its reply the command runs; the outcome goes on the error
// stream (a metav1.Status as JSON from v4, the bare error text before), then the connection
// closes (Close: the streams still open are reset, GOAWAY).

/** SupportedStreamingProtocols (apimachinery util/remotecommand), in the kubelet's order. */
export const spdyRemoteCommandProtocols = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io', 'channel.k8s.io'];

/** The protocol's error-stream encoding: JSON Status from v4 on (v4WriteStatusFunc), text before. */
export function spdyProtocol(name: string): Protocol {
	return {name, base64: false, jsonStatus: name === 'v4.channel.k8s.io', translated: false};
}

// DefaultStreamCreationTimeout and the CRI streaming server's idle timeout (containerd's
// stream_idle_timeout, 4h; the kubelet's own default is the same).
const streamCreationTimeout = 30_000;
const streamIdleTimeout = 4 * 60 * 60 * 1000;

const channels: Record<string, number> = {error: statusChannel, stdin: stdinChannel, stdout: stdoutChannel, stderr: stderrChannel, resize: resizeChannel};

/** Handshake, upgrade, then serve: createHTTPStreamStreams. */
export function answerSpdyRemoteCommand(
	request: IncomingMessage,
	response: ServerResponse,
	streams: Streams,
	start: (session: RemoteCommandSession) => void,
): void {
	const negotiated = handshake(request, spdyRemoteCommandProtocols);
	if ('code' in negotiated) return writeRefusal(response, negotiated);
	if (!wantsSpdy(request)) {
		return writeRefusal(response, {...missingUpgradeHeaders(request), headers: {'X-Stream-Protocol-Version': [negotiated.protocol]}});
	}
	void serveSpdyRemoteCommand(upgradeToSpdy(request, response, negotiated.protocol), negotiated.protocol, streams, start);
}

/**
 * Serve the SPDY connection; `start` runs with the session once the client has opened every
 * stream the request asked for. Resolves when the connection is over.
 */
export function serveSpdyRemoteCommand(socket: Duplex, protocolName: string, streams: Streams, start: (session: RemoteCommandSession) => void): Promise<void> {
	const protocol = spdyProtocol(protocolName);
	const resizable = protocolName === 'v4.channel.k8s.io' || protocolName === 'v3.channel.k8s.io';
	const expected = 1 + Number(streams.stdin) + Number(streams.stdout) + Number(streams.stderr) + Number(streams.tty && resizable);
	const opened = new Map<number, SpdyStream>();
	let received = 0;
	let waiting = true;

	const connection = new SpdyConnection(socket, stream => {
		// After the wait is over the kubelet takes no more streams: they are never answered.
		if (!waiting) return null;
		const channel = channels[stream.header('streamType')];
		// An unknown type (or resize before v3) is logged ("unexpected stream type") and not counted.
		if (channel === undefined || (channel === resizeChannel && !resizable)) return undefined;
		opened.set(channel, stream);
		received++;
		if (received === expected) {
			waiting = false;
			clearTimeout(expiry);
			queueMicrotask(() => start(sessionOn(connection, opened, protocol, streams)));
		}
		return undefined;
	});
	connection.setIdleTimeout(streamIdleTimeout);
	// "timed out waiting for client to create streams" goes to the kubelet's log; the connection
	// is left to its idle timeout.
	const expiry = setTimeout(() => {
		waiting = false;
	}, streamCreationTimeout);
	expiry.unref();
	void connection.closed.then(() => clearTimeout(expiry));
	return connection.closed;
}

function sessionOn(connection: SpdyConnection, opened: Map<number, SpdyStream>, protocol: Protocol, streams: Streams): RemoteCommandSession {
	const session = new RemoteCommandSession(
		{
			send(channel, data, sent) {
				const stream = opened.get(channel);
				if (!stream) return sent();
				stream.write(data, () => sent());
			},
			close() {
				connection.close();
			},
		},
		protocol,
		streams,
	);
	const stdin = opened.get(stdinChannel);
	stdin?.onData(data => session.input(data));
	stdin?.onEnd(() => session.endInput());
	opened.get(resizeChannel)?.onData(data => session.resize(data));
	void connection.closed.then(() => session.hangUp());
	return session;
}
