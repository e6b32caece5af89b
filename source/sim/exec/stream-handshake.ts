import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {takeUpgrade} from './upgrade.js';

// The SPDY upgrade as the container runtime's streaming server answers it (the kubelet's
// cri/streaming code, which containerd runs; kube-apiserver's upgrade-aware proxy passes the
// answer through): apimachinery's httpstream.Handshake picks the protocol, then
// httpstream/spdy's UpgradeResponse switches the connection to SPDY/3.1.

/** A refusal before the upgrade: status, extra headers, and http.Error's text (with its newline). */
export type HandshakeRefusal = {code: number; text: string; headers?: Record<string, string[]>};

const protocolHeader = 'X-Stream-Protocol-Version';

/** httpstream.Handshake: the first protocol the client lists that the server speaks. */
export function handshake(request: IncomingMessage, serverProtocols: string[]): {protocol: string} | HandshakeRefusal {
	return negotiateStream(headerValues(request, protocolHeader), serverProtocols, goHeaderCount(request));
}

/** Handshake on the X-Stream-Protocol-Version values a request carries (undefined: no such header). */
export function negotiateStream(values: string[] | undefined, serverProtocols: string[], headerCount: number): {protocol: string} | HandshakeRefusal {
	if (values === undefined) {
		return {code: 400, text: `unable to upgrade: header ${protocolHeader} does not exist in request with ${headerCount} headers\n`};
	}
	const client = values.flatMap(value => value.split(',')).flatMap(value => (value.trim() ? [value.trim()] : []));
	if (client.length === 0) return {code: 400, text: `unable to upgrade: header ${protocolHeader} contains [${values.join(' ')}], but no valid protocols\n`};
	const protocol = client.find(name => serverProtocols.includes(name));
	if (protocol) return {protocol};
	return {
		code: 403,
		text: `unable to upgrade: unable to negotiate protocol: client supports [${client.join(' ')}], server accepts [${serverProtocols.join(' ')}]\n`,
		headers: {'X-Accepted-Stream-Protocol-Versions': serverProtocols},
	};
}

/** A request for SPDY/3.1 (UpgradeResponse's check: Connection names upgrade, Upgrade names SPDY/3.1). */
export function wantsSpdy(request: IncomingMessage): boolean {
	const connection = (request.headers.connection ?? '').toLowerCase();
	const upgrade = (request.headers.upgrade ?? '').toLowerCase();
	return connection.includes('upgrade') && upgrade.includes('spdy/3.1');
}

/** UpgradeResponse's refusal of a request that does not ask for SPDY/3.1. */
export function missingUpgradeHeaders(request: IncomingMessage): HandshakeRefusal {
	return {code: 400, text: `unable to upgrade: missing upgrade headers in request: ${goHeaderDump(request)}\n`};
}

/** Answer 101 and hand back the raw connection, as UpgradeResponse does before it starts SPDY. */
export function upgradeToSpdy(request: IncomingMessage, response: ServerResponse, protocol: string): Duplex {
	const upgrade = takeUpgrade(request);
	if (!upgrade) throw new Error('not an upgrade request');
	// For the request log: the connection was switched. Go's net/http writes no Date on a 1xx
	// (the real node's 101, reference/real-node/port-forward.txt: Connection, Upgrade, the protocol).
	response.statusCode = 101;
	const {socket, head} = upgrade;
	socket.write('HTTP/1.1 101 Switching Protocols\r\n' + 'Connection: Upgrade\r\n' + 'Upgrade: SPDY/3.1\r\n' + `${protocolHeader}: ${protocol}\r\n\r\n`);
	if (head.length > 0) socket.unshift(head);
	return socket;
}

/** Write a refusal as http.Error does (the kubelet's answers go through the proxy unchanged). */
export function writeRefusal(response: ServerResponse, refusal: HandshakeRefusal): void {
	response.writeHead(refusal.code, {
		...refusal.headers,
		'Content-Type': 'text/plain; charset=utf-8',
		'X-Content-Type-Options': 'nosniff',
		'Content-Length': Buffer.byteLength(refusal.text),
	});
	response.end(refusal.text);
}

function headerValues(request: IncomingMessage, name: string): string[] | undefined {
	const values: string[] = [];
	const raw = request.rawHeaders;
	for (let index = 0; index < raw.length; index += 2) if (raw[index]!.toLowerCase() === name.toLowerCase()) values.push(raw[index + 1]!);
	return values.length > 0 ? values : undefined;
}

/** len(req.Header): distinct header names (Go keeps Host out of the map). */
function goHeaderCount(request: IncomingMessage): number {
	return Object.keys(request.headers).filter(name => name !== 'host').length;
}

/** fmt's %#v of an http.Header: canonical names, sorted, each with its values. */
function goHeaderDump(request: IncomingMessage): string {
	const header = new Map<string, string[]>();
	const raw = request.rawHeaders;
	for (let index = 0; index < raw.length; index += 2) {
		const name = raw[index]!.toLowerCase().replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
		if (name === 'Host') continue;
		header.set(name, [...(header.get(name) ?? []), raw[index + 1]!]);
	}
	const entries = [...header.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `http.Header{${entries.map(([name, values]) => `${JSON.stringify(name)}:[]string{${values.map(value => JSON.stringify(value)).join(', ')}}`).join(', ')}}`;
}
