import {createServer, type Server, type Socket} from 'node:net';
import type {ListenAddress} from '../model/port-forward/addresses.js';
import {joinHostPort} from '../model/port-forward/addresses.js';
import {type ForwardedPort, goPortList} from '../model/port-forward/ports.js';
import type {ClusterAccess} from './access.js';
import {KubeError} from './http.js';
import {type ConnectionOutcome, type ForwardTarget, forwardConnection} from './port-forward.js';

// The local side of a port-forward, as client-go's PortForwarder has it
// (k8s.io/client-go/tools/portforward/portforward.go): for each port a listener on every
// address, in order; a random local port (0) becomes the port the first listener got, for the
// others too; a port counts as listening when its failure-mode rules are met; every accepted
// connection is carried by its own WebSocket (port-forward.ts). The target pod can change
// under running listeners (the TUI follows a replaced pod), so the local ports stay.

export type ConnectionEnd = ConnectionOutcome | {kind: 'refused'; error: KubeError};

export type ForwarderEvents = {
	/** A listener is bound: `Forwarding from 127.0.0.1:8080 -> 80`. */
	forwarding?(address: string, port: ForwardedPort): void;
	/** A port could not be listened on (kubectl's "Unable to listen on port N: ..."). */
	unableToListen?(port: ForwardedPort, message: string): void;
	/** A local client connected: `Handling connection for 8080`. */
	connection?(port: ForwardedPort): void;
	/** One connection ended: with the kubelet's error text, dropped, or refused before it began. */
	ended?(port: ForwardedPort, outcome: ConnectionEnd): void;
};

/** No port could be listened on: kubectl's `unable to listen on any of the requested ports: [{8080 80}]`. */
export class ListenError extends Error {}

/** Go's net.Listen error text for the errno Node reports. */
const bindErrors: Record<string, string> = {
	EADDRINUSE: 'bind: address already in use',
	EACCES: 'bind: permission denied',
	EADDRNOTAVAIL: 'bind: cannot assign requested address',
	EAFNOSUPPORT: 'socket: address family not supported by protocol',
};

export function listenErrorText(address: ListenAddress, port: number, error: NodeJS.ErrnoException): string {
	const detail = bindErrors[error.code ?? ''] ?? error.message;
	return `unable to create listener: Error listen ${address.family} ${joinHostPort(address.address, port)}: ${detail}`;
}

function listenOn(address: ListenAddress, port: number, onConnection: (socket: Socket) => void): Promise<Server> {
	return new Promise((resolve, reject) => {
		const server = createServer({allowHalfOpen: true}, onConnection);
		server.once('error', reject);
		server.listen({host: address.address, port, ipv6Only: address.family === 'tcp6', exclusive: true}, () => {
			server.off('error', reject);
			resolve(server);
		});
	});
}

export class PortForwarder {
	private readonly servers: Server[] = [];
	private readonly sockets = new Set<Socket>();
	private closed = false;
	/** The ports as bound: a random local port is replaced by the one the system gave. */
	readonly ports: ForwardedPort[];

	constructor(
		private readonly access: ClusterAccess,
		public target: ForwardTarget,
		private readonly addresses: ListenAddress[],
		ports: ForwardedPort[],
		/** What happens, as it happens (may be set after construction). */
		readonly events: ForwarderEvents = {},
	) {
		this.ports = ports.map(port => ({...port}));
	}

	/** Bind every port (ListenError when none could be), then accept until close(). */
	async listen(): Promise<void> {
		let any = false;
		for (const port of this.ports) {
			const failure = await this.listenOnPort(port);
			if (failure === undefined) any = true;
			else this.events.unableToListen?.(port, failure);
		}
		if (!any) throw new ListenError(`unable to listen on any of the requested ports: ${goPortList(this.ports)}`);
	}

	private async listenOnPort(port: ForwardedPort): Promise<string | undefined> {
		const errors: string[] = [];
		const failed = {all: 0, any: 0};
		const succeeded = {all: 0, any: 0};
		for (const address of this.addresses) {
			try {
				const server = await listenOn(address, port.local, socket => this.accept(socket, port));
				this.servers.push(server);
				const bound = server.address();
				if (bound && typeof bound === 'object') port.local = bound.port;
				succeeded[address.failureMode]++;
				this.events.forwarding?.(address.address, port);
			} catch (error) {
				errors.push(listenErrorText(address, port.local, error as NodeJS.ErrnoException));
				failed[address.failureMode]++;
			}
		}
		// listenOnPort's rules: localhost needs one of its two, an explicit address must bind.
		if ((succeeded.all === 0 && failed.all > 0) || failed.any > 0) return `Listeners failed to create with the following errors: [${errors.join(' ')}]`;
		return undefined;
	}

	private accept(socket: Socket, port: ForwardedPort): void {
		if (this.closed) {
			socket.destroy();
			return;
		}
		this.sockets.add(socket);
		socket.once('close', () => this.sockets.delete(socket));
		this.events.connection?.(port);
		forwardConnection(this.access, this.target, port.remote, socket).then(
			outcome => this.events.ended?.(port, outcome),
			(error: unknown) =>
				this.events.ended?.(port, {
					kind: 'refused',
					error: error instanceof KubeError ? error : new KubeError(String((error as Error)?.message ?? error), 0, 'Unknown'),
				}),
		);
	}

	/** Stop listening and cut every connection. */
	async close(): Promise<void> {
		this.closed = true;
		for (const socket of this.sockets) socket.destroy();
		await Promise.all(this.servers.splice(0).map(server => new Promise(resolve => server.close(resolve))));
	}
}
