import {request as httpsRequest} from 'node:https';
import {KubeConfig} from '@kubernetes/client-node';
import WebSocket from 'ws';
import type {TestSim} from '../../helpers/sim.js';

// Clients for the exec tests: client-node's own configuration, a raw WebSocket that records
// every frame, and plain HTTPS requests, each with a context's credentials.

export function kubeConfig(sim: TestSim, context?: string): KubeConfig {
	const config = new KubeConfig();
	config.loadFromFile(sim.kubeconfigPath);
	if (context) config.setCurrentContext(context);
	return config;
}

export async function credentials(sim: TestSim, context?: string): Promise<{ca?: Buffer; cert?: Buffer; key?: Buffer}> {
	const options: {ca?: Buffer; cert?: Buffer; key?: Buffer} = {};
	await kubeConfig(sim, context).applyToHTTPSOptions(options as never);
	return options;
}

export type Frame = {channel: number; data: Buffer; text: boolean};

export type RawSession = {
	ws: WebSocket;
	protocol: string;
	frames: Frame[];
	closed: Promise<number>;
	/** Bytes received on a channel, concatenated. */
	received(channel: number): string;
	send(channel: number, data: string | Buffer): void;
};

export type Refused = {status: number; body: string};

/** Open a WebSocket to `path`; resolves with the session, or with the HTTP answer that refused it. */
export async function rawSocket(sim: TestSim, path: string, protocols: string[], context?: string): Promise<RawSession | Refused> {
	const tls = await credentials(sim, context);
	const ws = new WebSocket(`wss://127.0.0.1:${sim.port}${path}`, protocols, tls);
	const frames: Frame[] = [];
	ws.on('message', (data: Buffer, isBinary: boolean) => {
		if (isBinary) frames.push({channel: data[0]!, data: data.subarray(1), text: false});
		else {
			const text = data.toString('latin1');
			frames.push({channel: text.charCodeAt(0) - 48, data: Buffer.from(text.slice(1), 'base64'), text: true});
		}
	});
	const closed = new Promise<number>(resolve => ws.once('close', code => resolve(code)));
	return new Promise((resolve, reject) => {
		ws.once('open', () =>
			resolve({
				ws,
				protocol: ws.protocol,
				frames,
				closed,
				received: channel => Buffer.concat(frames.filter(frame => frame.channel === channel).map(frame => frame.data)).toString('utf8'),
				send: (channel, data) => {
					const payload = Buffer.from(data);
					ws.send(Buffer.concat([Buffer.from([channel]), payload]));
				},
			}),
		);
		ws.once('unexpected-response', (_request, response) => {
			let body = '';
			response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
			response.on('end', () => resolve({status: response.statusCode ?? 0, body}));
		});
		ws.once('error', error => {
			if (ws.readyState !== WebSocket.CLOSED) reject(error);
		});
	});
}

export const isRefused = (result: RawSession | Refused): result is Refused => 'status' in result;

export async function api(
	sim: TestSim,
	method: string,
	path: string,
	options: {body?: unknown; contentType?: string; context?: string; headers?: Record<string, string>} = {},
	// biome-ignore lint/suspicious/noExplicitAny: tests read whatever JSON the server answered, field by field, as the API documents it
): Promise<{status: number; body: any}> {
	const tls = await credentials(sim, options.context);
	const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
	return new Promise((resolve, reject) => {
		const request = httpsRequest(
			{
				host: '127.0.0.1',
				port: sim.port,
				method,
				path,
				...tls,
				headers: {
					Accept: 'application/json',
					...(payload !== undefined ? {'Content-Type': options.contentType ?? 'application/json'} : {}),
					...options.headers,
				},
			},
			response => {
				let text = '';
				response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
				response.on('end', () => {
					let body: unknown = text;
					try {
						body = JSON.parse(text);
					} catch {
						// Plain text (the kubelet's answers).
					}
					resolve({status: response.statusCode ?? 0, body});
				});
			},
		);
		request.on('error', reject);
		request.end(payload);
	});
}

export const execPath = (
	pod: string,
	container: string,
	command: string[],
	flags: {stdin?: boolean; stdout?: boolean; stderr?: boolean; tty?: boolean} = {},
	namespace = 'default',
) => {
	const query = new URLSearchParams({container});
	for (const part of command) query.append('command', part);
	for (const [flag, value] of Object.entries({stdout: true, stderr: true, ...flags})) query.set(flag, String(value));
	return `/api/v1/namespaces/${namespace}/pods/${pod}/exec?${query}`;
};
