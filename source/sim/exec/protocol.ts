// The remote command channel protocol (k8s.io/apimachinery/pkg/util/remotecommand) as it
// travels over WebSocket: one byte of channel, then the data; base64 variants carry the
// channel as an ASCII digit in a text frame.

import {convertBool} from '../routes/query-params.js';

export const stdinChannel = 0;
export const stdoutChannel = 1;
export const stderrChannel = 2;
export const statusChannel = 3;
export const resizeChannel = 4;
/** v5: a client's "I will send no more on channel N" (client-go websocket.go). */
export const closeChannel = 255;

/**
 * Who answers: kube-apiserver's stream translator terminates v5 (TranslateStreamCloseWebsocketRequests,
 * on by default since 1.30); older subprotocols are proxied through to the kubelet's own
 * WebSocket server, which knows v4 and the unversioned ones.
 */
export type Protocol = {
	name: string;
	base64: boolean;
	/** Status is JSON (v4, v5) rather than the bare error text of v1-v3. */
	jsonStatus: boolean;
	/** The apiserver's translator serves it (v5) rather than the kubelet. */
	translated: boolean;
};

const kubeletProtocols: Record<string, Protocol> = {
	'': {name: '', base64: false, jsonStatus: false, translated: false},
	'channel.k8s.io': {name: 'channel.k8s.io', base64: false, jsonStatus: false, translated: false},
	'base64.channel.k8s.io': {name: 'base64.channel.k8s.io', base64: true, jsonStatus: false, translated: false},
	'v4.channel.k8s.io': {name: 'v4.channel.k8s.io', base64: false, jsonStatus: true, translated: false},
	'v4.base64.channel.k8s.io': {name: 'v4.base64.channel.k8s.io', base64: true, jsonStatus: true, translated: false},
};

export const v5: Protocol = {name: 'v5.channel.k8s.io', base64: false, jsonStatus: true, translated: true};

/** The subprotocols a client offered, in its order (Sec-WebSocket-Protocol). */
export function offeredProtocols(header: string | string[] | undefined): string[] {
	const text = Array.isArray(header) ? header.join(',') : (header ?? '');
	return text
		.split(',')
		.map(name => name.trim())
		.filter(Boolean);
}

/** The apiserver translates whenever v5 is offered; otherwise the kubelet takes the first it knows. */
export function negotiate(offered: string[]): Protocol | undefined {
	if (offered.includes(v5.name)) return v5;
	if (offered.length === 0) return kubeletProtocols['']!;
	for (const name of offered) {
		const protocol = kubeletProtocols[name];
		if (protocol) return protocol;
	}
	return undefined;
}

export const supportedByKubelet = Object.keys(kubeletProtocols);

export function encodeFrame(protocol: Protocol, channel: number, data: Buffer): Buffer | string {
	if (protocol.base64) return String.fromCharCode(48 + channel) + data.toString('base64');
	const frame = Buffer.allocUnsafe(data.length + 1);
	frame[0] = channel;
	data.copy(frame, 1);
	return frame;
}

export function decodeFrame(protocol: Protocol, raw: Buffer, isBinary: boolean): {channel: number; data: Buffer} | undefined {
	if (raw.length === 0) return undefined;
	if (protocol.base64 && !isBinary) {
		const text = raw.toString('latin1');
		return {channel: text.charCodeAt(0) - 48, data: Buffer.from(text.slice(1), 'base64')};
	}
	return {channel: raw[0]!, data: raw.subarray(1)};
}

/** metav1.Status as json.Marshal writes it on the status channel (no kind/apiVersion). */
export type StreamStatus = {
	metadata: Record<string, never>;
	status: 'Success' | 'Failure';
	message?: string;
	reason?: string;
	details?: {causes: Array<{reason?: string; message: string}>};
	code?: number;
};

export const success = (): StreamStatus => ({metadata: {}, status: 'Success'});

export const exitStatus = (code: number, message: string): StreamStatus => ({
	metadata: {},
	status: 'Failure',
	message: `command terminated with non-zero exit code: ${message}`,
	reason: 'NonZeroExitCode',
	details: {causes: [{reason: 'ExitCode', message: String(code)}]},
});

/** apierrors.NewInternalError. */
export const internalError = (message: string): StreamStatus => ({
	metadata: {},
	status: 'Failure',
	message: `Internal error occurred: ${message}`,
	reason: 'InternalError',
	details: {causes: [{message}]},
	code: 500,
});

/** v4/v5 send the Status as JSON; v1-v3 send only a failure's text, and nothing on success. */
export function encodeStatus(protocol: Protocol, status: StreamStatus): Buffer | undefined {
	if (protocol.jsonStatus) return Buffer.from(JSON.stringify(status));
	return status.status === 'Success' ? undefined : Buffer.from(status.message ?? '');
}

/** A PodExecOptions/PodAttachOptions boolean as the apiserver decodes it (routes/query-params.ts). */
export function parseBool(value: string | null): boolean {
	return value !== null && convertBool(value);
}

/** Resize messages are a stream of JSON objects ({"Width":..,"Height":..}) that may span frames. */
export class ResizeDecoder {
	private buffer = '';

	push(data: Buffer): Array<{cols: number; rows: number}> {
		this.buffer += data.toString('utf8');
		const sizes: Array<{cols: number; rows: number}> = [];
		for (;;) {
			const end = this.buffer.indexOf('}');
			if (end < 0) break;
			const text = this.buffer.slice(0, end + 1);
			this.buffer = this.buffer.slice(end + 1);
			try {
				// Go's encoding/json matches field names case-insensitively: client-node sends {"width","height"}.
				const size = Object.fromEntries(Object.entries(JSON.parse(text) as Record<string, unknown>).map(([key, value]) => [key.toLowerCase(), value]));
				sizes.push({cols: Number(size.width) || 0, rows: Number(size.height) || 0});
			} catch {
				// The kubelet's json.Decoder stops at garbage; so do we, dropping it.
				this.buffer = '';
				break;
			}
		}
		return sizes;
	}
}
