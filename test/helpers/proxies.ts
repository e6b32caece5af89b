import {createServer as createHttpServer} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {connect, createServer, type AddressInfo, type Server, type Socket} from 'node:net';

// Proxies on loopback for the transport tests: an HTTP proxy that tunnels CONNECT (as squid
// or a corporate proxy does) and a SOCKS5 server (no authentication, CONNECT only, RFC 1928).
// Each counts the tunnels it opened, so a test can tell a request went through it.

export type TestProxy = {url: string; tunnels: string[]; close(): Promise<void>};

const closeServer = (server: Server, sockets: Set<Socket>) =>
	new Promise<void>(resolve => {
		for (const socket of sockets) socket.destroy();
		server.close(() => resolve());
	});

function pipeBoth(a: Socket, b: Socket): void {
	a.pipe(b);
	b.pipe(a);
	a.on('error', () => b.destroy());
	b.on('error', () => a.destroy());
	a.on('close', () => b.destroy());
	b.on('close', () => a.destroy());
}

/** `tls`: an https proxy (the client speaks TLS to the proxy itself) with this key and certificate. */
export async function startConnectProxy(tls?: {key: string; cert: string}): Promise<TestProxy> {
	const tunnels: string[] = [];
	const sockets = new Set<Socket>();
	const refuse = (_request: unknown, response: {writeHead(code: number): {end(): void}}) => {
		response.writeHead(405).end();
	};
	const server = tls ? createHttpsServer(tls, refuse) : createHttpServer(refuse);
	server.on('connect', (request, client: Socket, head: Buffer) => {
		sockets.add(client);
		tunnels.push(request.url ?? '');
		const [host, port] = (request.url ?? '').split(/:(?=\d+$)/);
		const upstream = connect(Number(port), host!.replace(/^\[|\]$/g, ''), () => {
			client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			if (head.length) upstream.write(head);
			pipeBoth(client, upstream);
		});
		sockets.add(upstream);
		upstream.on('error', () => client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, tunnels, close: () => closeServer(server, sockets)};
}

export async function startSocks5Proxy(): Promise<TestProxy> {
	const tunnels: string[] = [];
	const sockets = new Set<Socket>();
	const server = createServer(client => {
		sockets.add(client);
		let buffered = Buffer.alloc(0);
		let stage: 'greeting' | 'request' | 'open' = 'greeting';
		const onData = (chunk: Buffer) => {
			buffered = Buffer.concat([buffered, chunk]);
			if (stage === 'greeting') {
				if (buffered.length < 2 || buffered.length < 2 + buffered[1]!) return;
				buffered = buffered.subarray(2 + buffered[1]!);
				client.write(Buffer.from([5, 0]));
				stage = 'request';
			}
			if (stage !== 'request' || buffered.length < 5) return;
			const type = buffered[3];
			const addressLength = type === 1 ? 4 : type === 4 ? 16 : 1 + buffered[4]!;
			if (buffered.length < 4 + addressLength + 2) return;
			const raw = buffered.subarray(4, 4 + addressLength);
			const host = type === 1 ? [...raw].join('.') : type === 4 ? (raw.toString('hex').match(/.{4}/g) ?? []).join(':') : raw.subarray(1).toString('utf8');
			const port = buffered.readUInt16BE(4 + addressLength);
			const rest = buffered.subarray(4 + addressLength + 2);
			stage = 'open';
			client.off('data', onData);
			tunnels.push(`${host}:${port}`);
			const upstream = connect(port, host, () => {
				client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
				if (rest.length) upstream.write(rest);
				pipeBoth(client, upstream);
			});
			sockets.add(upstream);
			upstream.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
		};
		client.on('data', onData);
		client.on('error', () => {});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {url: `socks5://127.0.0.1:${port}`, tunnels, close: () => closeServer(server, sockets)};
}
