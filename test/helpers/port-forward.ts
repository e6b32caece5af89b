import {type ChildProcess, spawn} from 'node:child_process';
import {connect, createServer, type Server} from 'node:net';
import {eventually} from './sim.js';

// A running `port-forward` (podscope's or kubectl's) for tests: its output as it comes, the
// local port it announced, and bytes fetched through it over plain TCP.

export type Forward = {child: ChildProcess; stdout(): string; stderr(): string; exited: Promise<number>};

export function startForward(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Forward {
	const child = spawn(file, args, {env: {...process.env, NO_COLOR: '', ...env}});
	let out = '';
	let err = '';
	child.stdout!.on('data', chunk => (out += chunk));
	child.stderr!.on('data', chunk => (err += chunk));
	const exited = new Promise<number>(resolve => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
	return {child, stdout: () => out, stderr: () => err, exited};
}

/** The local port of the first `Forwarding from 127.0.0.1:PORT -> remote` line. */
export async function forwardedPort(forward: Forward, remote: number): Promise<number> {
	const pattern = new RegExp(`^Forwarding from 127\\.0\\.0\\.1:(\\d+) -> ${remote}$`, 'm');
	const match = await eventually(
		() => pattern.exec(forward.stdout()) ?? (forward.child.exitCode !== null ? Promise.reject(new Error(forward.stderr())) : undefined),
	);
	return Number(match[1]);
}

/**
 * Send `request` to a local port and read until the other side closes, or (an echo, which
 * never closes: the WebSocket protocol cannot carry a half-close) until `length` bytes came.
 */
export function exchange(port: number, request: string | Buffer, options: {host?: string; length?: number} = {}): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const socket = connect({host: options.host ?? '127.0.0.1', port});
		const chunks: Buffer[] = [];
		let received = 0;
		socket.on('data', chunk => {
			chunks.push(chunk);
			received += chunk.length;
			if (options.length !== undefined && received >= options.length) {
				socket.destroy();
				resolve(Buffer.concat(chunks));
			}
		});
		socket.on('end', () => resolve(Buffer.concat(chunks)));
		socket.on('close', () => resolve(Buffer.concat(chunks)));
		socket.on('error', reject);
		socket.write(request);
	});
}

/** An HTTP/1.0 GET through a local port: the whole response, headers and body. */
export const httpGet = (port: number, path = '/', host = '127.0.0.1') =>
	exchange(port, `GET ${path} HTTP/1.0\r\nHost: localhost\r\n\r\n`, {host}).then(buffer => buffer.toString('utf8'));

/** Hold a local port on 127.0.0.1 and ::1, as another program would. */
export async function occupy(): Promise<{port: number; close(): Promise<void>}> {
	const first = await listen(createServer(), '127.0.0.1', 0);
	const port = (first.address() as {port: number}).port;
	const second = await listen(createServer(), '::1', port).catch(() => undefined);
	return {
		port,
		close: async () => {
			for (const server of [first, second]) if (server) await new Promise(resolve => server.close(resolve));
		},
	};
}

function listen(server: Server, host: string, port: number): Promise<Server> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({host, port}, () => resolve(server));
	});
}
