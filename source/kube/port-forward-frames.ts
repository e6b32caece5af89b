// The frames of pods/portforward over WebSocket (v4.channel.k8s.io), as the kubelet serves it
// (k8s.io/kubelet/pkg/cri/streaming/portforward/websocket.go): each message is one channel
// byte then the payload. Port i has channel 2i (data, both ways) and 2i+1 (error, from the
// server only), and the server starts each of its channels with the port as two
// little-endian bytes, which are framing, not data. The client writes data with no prefix.

export const dataChannel = 0;
export const errorChannel = 1;

/** A data frame to the server for the port at `index` (0 for the first, and usually only, port). */
export function dataFrame(payload: Uint8Array, index = 0): Buffer {
	return Buffer.concat([Buffer.from([index * 2 + dataChannel]), payload]);
}

export type Frame = {
	/** The port's position in the request's `ports` list. */
	index: number;
	kind: 'data' | 'error';
	/** What the stream carries, the port prefix removed (possibly empty). */
	payload: Buffer;
};

/** Reads the server's messages, removing each channel's two-byte port prefix, even when split. */
export class FrameDecoder {
	private readonly prefixes = new Map<number, number[]>();
	/** The port each channel announced, by channel number. */
	readonly ports = new Map<number, number>();

	decode(message: Buffer): Frame | undefined {
		if (message.length === 0) return undefined;
		const channel = message[0]!;
		let payload = message.subarray(1);
		if (!this.ports.has(channel)) {
			const prefix = this.prefixes.get(channel) ?? [];
			while (prefix.length < 2 && payload.length > 0) {
				prefix.push(payload[0]!);
				payload = payload.subarray(1);
			}
			this.prefixes.set(channel, prefix);
			if (prefix.length === 2) {
				this.ports.set(channel, prefix[0]! | (prefix[1]! << 8));
				this.prefixes.delete(channel);
			}
		}
		return {index: channel >> 1, kind: channel % 2 === dataChannel ? 'data' : 'error', payload};
	}
}
