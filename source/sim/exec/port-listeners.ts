import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import {type Duplex, duplexPair} from 'node:stream';
import type {Pod} from '../../model/k8s.js';
import {type HttpAnswer, type PortAnswer, renderLine} from '../behaviour.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';

// What answers on a port a simulated container binds (`x-sim` listen + serves): one end of an
// in-memory connection whose other end the container's part plays. HTTP goes through Node's own
// HTTP server, fed the connection as if accepted, so a client gets a real HTTP/1.1 exchange
// (keep-alive, HEAD, pipelining) and no port is opened on the host. A connection dies with the
// container instance that accepted it, as a process's sockets do.

export type ListenerContext = {pod: Pod; podIP: string; now: () => number};

/** Requests answered per container and port: the `{n}` of a body. */
const served = new WeakMap<ContainerSlot, Map<number, number>>();

function count(slot: ContainerSlot, port: number): number {
	const ports = served.get(slot) ?? new Map<number, number>();
	served.set(slot, ports);
	const next = (ports.get(port) ?? 0) + 1;
	ports.set(port, next);
	return next;
}

/** The answer of a bound port that declares none: a small HTTP 200 that names who answered. */
export const defaultAnswer = (slot: ContainerSlot, pod: Pod, port: number): PortAnswer => ({
	http: {'*': {status: 200, body: `${slot.name} in pod ${pod.metadata.name} answers on port ${port}\n`, contentType: 'text/plain; charset=utf-8'}},
});

/** Go's http.NotFound, the answer of most exporters and admin servers to a path they do not serve. */
const notFound: HttpAnswer = {status: 404, body: '404 page not found\n', contentType: 'text/plain; charset=utf-8'};

/** The client's end of a new connection to `port`, which `slot`'s running instance has bound. */
export function answerOn(slot: ContainerSlot, port: number, context: ListenerContext): Duplex {
	const [client, server] = duplexPair();
	const unsubscribe = slot.onStop(() => {
		server.destroy();
		client.destroy();
	});
	server.once('close', unsubscribe);
	server.on('error', () => {});
	const render = (template: string) =>
		renderLine(template, {n: count(slot, port), pod: context.pod.metadata.name, container: slot.name, ip: context.podIP, now: context.now()});
	if (slot.behaviour.closes?.includes(port)) {
		// Accepted, then closed at once: the client reads an empty stream.
		server.resume();
		server.end();
		return client;
	}
	const answer = slot.behaviour.serves?.[port] ?? defaultAnswer(slot, context.pod, port);
	if ('echo' in answer) {
		server.on('data', (data: Buffer) => server.write(data));
		server.once('end', () => server.end());
	} else if ('banner' in answer) {
		server.write(render(answer.banner));
		server.resume();
		server.once('end', () => server.end());
	} else {
		serveHttp(server, answer, slot, render);
	}
	return client;
}

function serveHttp(
	connection: Duplex,
	answers: {http: Record<string, HttpAnswer>; server?: string},
	slot: ContainerSlot,
	render: (template: string) => string,
): void {
	const http = createServer((request: IncomingMessage, response: ServerResponse) => {
		const path = (request.url ?? '/').split('?')[0]!;
		const answer = answers.http[path] ?? answers.http['*'] ?? notFound;
		const {status, body: template} = answer.starting && !slot.started ? answer.starting : answer;
		const body = Buffer.from(render(template));
		response.writeHead(status, {
			...(answers.server ? {Server: answers.server} : {}),
			'Content-Type': answer.contentType,
			'Content-Length': body.length,
		});
		response.end(body);
		request.resume();
	});
	http.emit('connection', connection);
}
