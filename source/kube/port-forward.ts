import type {ClientRequest, IncomingMessage} from 'node:http';
import type {Socket} from 'node:net';
import WebSocket from 'ws';
import type {ClusterAccess} from './access.js';
import {upgradeError} from './exec.js';
import {KubeError} from './http.js';
import {dataFrame, FrameDecoder} from './port-forward-frames.js';

// One forwarded TCP connection: one WebSocket to pods/NAME/portforward?ports=P
// (v4.channel.k8s.io, see port-forward-frames.ts), as client-node's PortForward opens one per
// connection, over the same TLS and credentials as exec. The WebSocket protocol cannot
// half-close, so a local half-close leaves the WebSocket open until the pod's side ends
// (the server's reply still arrives); a local close ends it.

export type ForwardTarget = {namespace: string; pod: string};

export type ConnectionOutcome =
	/** Both sides ended with nothing on the error channel. */
	| {kind: 'closed'}
	/** The kubelet's text on the error channel (nothing listens, the pod is gone, ...). */
	| {kind: 'error'; message: string}
	/** The WebSocket died without a word from the server. */
	| {kind: 'dropped'; message: string};

export function portForwardPath(target: ForwardTarget, port: number): string {
	return `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/portforward?ports=${port}`;
}

/**
 * Carry `socket` to `port` of the pod until either side ends. Rejects with a KubeError when
 * the API server refuses the upgrade (403, 404, 400 for a pod that is not running).
 */
export async function forwardConnection(access: ClusterAccess, target: ForwardTarget, port: number, socket: Socket): Promise<ConnectionOutcome> {
	const url = access.server.replace(/^http/, 'ws') + portForwardPath(target, port);
	const options = await access.webSocketOptions();
	// Bytes the client sends before the WebSocket opens wait here, in order.
	const early: Buffer[] = [];
	const hold = (chunk: Buffer) => early.push(chunk);
	socket.on('data', hold);
	const ws = new WebSocket(url, ['v4.channel.k8s.io'], options);
	return new Promise<ConnectionOutcome>((resolve, reject) => {
		const decoder = new FrameDecoder();
		const errors: Buffer[] = [];
		let opened = false;
		let settled = false;
		const finish = (outcome: ConnectionOutcome) => {
			if (settled) return;
			settled = true;
			socket.off('data', hold);
			if (!socket.destroyed) socket.end();
			resolve(outcome);
		};
		const fail = (error: KubeError) => {
			if (settled) return;
			settled = true;
			socket.destroy();
			reject(error);
		};
		ws.on('unexpected-response', (_request: ClientRequest, response: IncomingMessage) => {
			void upgradeError(response).then(fail, fail);
		});
		ws.on('error', error => {
			if (!opened) fail(new KubeError(`Unable to connect to the server: ${error.message}`, 0, 'ConnectionFailed'));
			else finish({kind: 'dropped', message: error.message});
		});
		ws.on('open', () => {
			opened = true;
			socket.off('data', hold);
			for (const chunk of early.splice(0)) ws.send(dataFrame(chunk));
			socket.on('data', (chunk: Buffer) => {
				if (ws.readyState !== WebSocket.OPEN) return;
				// A slow pod side holds the local reader back rather than buffering without bound.
				socket.pause();
				ws.send(dataFrame(chunk), () => socket.resume());
			});
		});
		ws.on('message', (message: Buffer) => {
			const frame = decoder.decode(message);
			if (frame?.index !== 0 || frame.payload.length === 0) return;
			if (frame.kind === 'data') {
				// A slow local reader holds the WebSocket back in turn.
				if (!socket.write(frame.payload)) {
					ws.pause();
					socket.once('drain', () => ws.resume());
				}
			} else errors.push(frame.payload);
		});
		ws.on('close', (code: number, reason: Buffer) => {
			if (!opened) return;
			const text = Buffer.concat(errors).toString('utf8');
			if (text) finish({kind: 'error', message: text});
			else if (code === 1000 || code === 1005) finish({kind: 'closed'});
			else finish({kind: 'dropped', message: `connection lost (${code}${reason.length ? `: ${reason.toString()}` : ''})`});
		});
		// The local side went away for good: nothing more to carry either way.
		socket.on('close', () => {
			if (!opened) {
				finish({kind: 'closed'});
				ws.terminate();
			} else if (ws.readyState === WebSocket.OPEN) ws.close(1000);
		});
		socket.on('error', () => {
			// A reset from the local client: 'close' follows and ends the WebSocket.
		});
	});
}
