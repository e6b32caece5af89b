import type {IncomingMessage, ServerResponse} from 'node:http';
import {createWebSocketStream, WebSocketServer} from 'ws';
import type {PortDial} from './port-dial.js';
import {serveSpdyPortForward, spdyPortForwardProtocols} from './spdy-port-forward.js';
import {handshake, missingUpgradeHeaders, negotiateStream, upgradeToSpdy, wantsSpdy, writeRefusal} from './stream-handshake.js';
import {takeUpgrade} from './upgrade.js';

// How port-forward's SPDY reaches the kubelet: straight (kubectl up to 1.30: `Upgrade: SPDY/3.1`),
// or inside a WebSocket (kubectl 1.31 on: subprotocol SPDY/3.1+portforward.k8s.io), which
// kube-apiserver's TunnelingHandler (apiserver pkg/util/proxy/streamtunnel.go) turns into a
// SPDY request to the kubelet, then carries the SPDY frames in binary WebSocket messages
// (client-go tools/portforward/tunneling_connection.go is the other end).

const tunnelPrefix = 'SPDY/3.1+';
const isTunnelProtocol = (protocol: string) => protocol.startsWith(tunnelPrefix) && protocol.endsWith('.k8s.io');

/** wsstream.IsWebSocketRequestWithTunnelingProtocol: the first Sec-WebSocket-Protocol line names a tunnel. */
export function isTunnelRequest(request: IncomingMessage): boolean {
	const first = request.rawHeaders.find((_, index, raw) => index % 2 === 1 && raw[index - 1]!.toLowerCase() === 'sec-websocket-protocol') ?? '';
	return first.split(',').some(protocol => isTunnelProtocol(protocol.trim()));
}

/** A plain SPDY/3.1 upgrade: the kubelet's handleHTTPStreams. */
export function answerSpdyPortForward(request: IncomingMessage, response: ServerResponse, dial: PortDial): void {
	const negotiated = handshake(request, spdyPortForwardProtocols);
	if ('code' in negotiated) return writeRefusal(response, negotiated);
	if (!wantsSpdy(request)) return writeRefusal(response, {...missingUpgradeHeaders(request), headers: {'X-Stream-Protocol-Version': [negotiated.protocol]}});
	void serveSpdyPortForward(upgradeToSpdy(request, response, negotiated.protocol), dial);
}

// gorilla's Upgrader answers SPDY/3.1+ and the kubelet's choice, the one protocol it has. The
// `ws` library refuses a subprotocol with a '/' (not an RFC 7230 token), which gorilla accepts:
// the offer has been checked here, so ws is shown a token and answers with the real name.
const tunnelSubprotocol = tunnelPrefix + spdyPortForwardProtocols[0]!;
const checkedOffer = 'spdy-tunnel';
const tunnels = new WebSocketServer({noServer: true, perMessageDeflate: false, handleProtocols: () => tunnelSubprotocol});

/** The apiserver's TunnelingHandler in front of the kubelet's SPDY port-forward. */
export function answerTunnel(request: IncomingMessage, response: ServerResponse, dial: PortDial): void {
	// gorilla's Subprotocols: every Sec-WebSocket-Protocol value, split on commas.
	const offered = request.rawHeaders
		.filter((_, index, raw) => index % 2 === 1 && raw[index - 1]!.toLowerCase() === 'sec-websocket-protocol')
		.flatMap(value => value.split(','))
		.map(protocol => protocol.trim());
	const spdyProtocols = offered.filter(isTunnelProtocol).map(protocol => protocol.slice(tunnelPrefix.length));
	if (spdyProtocols.length === 0) return writeRefusal(response, {code: 400, text: 'unable to upgrade: no tunneling spdy protocols provided\n'});
	// The kubelet sees a SPDY request carrying those protocols; what it refuses reaches the client as it wrote it.
	const negotiated = negotiateStream(spdyProtocols, spdyPortForwardProtocols, Object.keys(request.headers).length);
	if ('code' in negotiated) return writeRefusal(response, negotiated);
	const upgrade = takeUpgrade(request);
	if (!upgrade) return;
	response.statusCode = 101;
	request.headers['sec-websocket-protocol'] = checkedOffer;
	tunnels.handleUpgrade(request, upgrade.socket, upgrade.head, ws => {
		void serveSpdyPortForward(createWebSocketStream(ws), dial);
	});
}
