import {type IncomingMessage, ServerResponse} from 'node:http';
import type {Server} from 'node:https';
import type {Socket} from 'node:net';
import type {Duplex} from 'node:stream';

// Node hands requests that carry `Upgrade:` to a separate 'upgrade' event with the bare
// socket. To give them the same authentication, authorization, routing, error bodies and
// request log as every other request, they are fed back through the server's 'request'
// handler with a response written straight to that socket; a route that accepts the upgrade
// takes the socket over with takeUpgrade().

type Pending = {socket: Duplex; head: Buffer; response: ServerResponse};

const pending = new WeakMap<IncomingMessage, Pending>();

export function bridgeUpgrades(server: Server): void {
	server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
		const response = new ServerResponse(request);
		// An answer that is not a 101 ends the connection: nothing parses HTTP on it any more.
		response.shouldKeepAlive = false;
		response.assignSocket(socket as Socket);
		response.once('finish', () => socket.end());
		socket.on('error', () => socket.destroy());
		pending.set(request, {socket, head, response});
		server.emit('request', request, response);
	});
}

export function isUpgrade(request: IncomingMessage): boolean {
	return pending.has(request);
}

/** The upgrade's socket, detached from its HTTP response (once; later calls get undefined). */
export function takeUpgrade(request: IncomingMessage): {socket: Duplex; head: Buffer} | undefined {
	const entry = pending.get(request);
	if (!entry) return undefined;
	pending.delete(request);
	entry.response.detachSocket(entry.socket as Socket);
	return {socket: entry.socket, head: entry.head};
}
