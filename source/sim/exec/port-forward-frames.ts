import {decodeFrame, encodeFrame, type Protocol} from './protocol.js';

// The WebSocket port-forward protocol of the kubelet (k8s.io/kubelet pkg/cri/streaming/portforward/
// websocket.go over apimachinery's wsstream): two channels per requested port, in the order of
// the `ports` query, data on 2i (read and write) and errors on 2i+1 (written by the kubelet only).
// The first thing written on each of them is the port, an unsigned 16-bit little-endian integer.

/** The subprotocols its wsstream.Conn accepts; "" when the client offers none. */
export const portForwardProtocols: Record<string, Protocol> = {
	'': {name: '', base64: false, jsonStatus: false, translated: false},
	'v4.channel.k8s.io': {name: 'v4.channel.k8s.io', base64: false, jsonStatus: false, translated: false},
	'v4.base64.channel.k8s.io': {name: 'v4.base64.channel.k8s.io', base64: true, jsonStatus: false, translated: false},
};

/** wsstream's handshake: the first offered subprotocol it supports, or undefined (a bare 403). */
export function negotiatePortForward(offered: string[]): Protocol | undefined {
	if (offered.length === 0) return portForwardProtocols['']!;
	for (const name of offered) {
		const protocol = portForwardProtocols[name];
		if (protocol) return protocol;
	}
	return undefined;
}

export const dataChannel = (index: number) => index * 2;
export const errorChannel = (index: number) => index * 2 + 1;

export function portPrefix(port: number): Buffer {
	const bytes = Buffer.alloc(2);
	bytes.writeUInt16LE(port);
	return bytes;
}

export const encodePortFrame = encodeFrame;

/** A client's frame: which port's data it carries (error channels and unknown ones are dropped, as wsstream drops them). */
export function decodePortFrame(protocol: Protocol, raw: Buffer, isBinary: boolean, ports: number): {index: number; data: Buffer} | undefined {
	const frame = decodeFrame(protocol, raw, isBinary);
	if (!frame || frame.channel < 0 || frame.channel >= ports * 2 || frame.channel % 2 !== 0) return undefined;
	return {index: frame.channel / 2, data: frame.data};
}
