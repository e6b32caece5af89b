import type {ClientRequest, IncomingMessage} from 'node:http';
import type {Readable, Writable} from 'node:stream';
import WebSocket from 'ws';
import type {Status} from '../model/k8s.js';
import type {ClusterAccess} from './access.js';
import {KubeError} from './http.js';

// pods/exec and pods/attach over WebSocket, speaking the channel protocol kubectl speaks
// (v5.channel.k8s.io, falling back to v4): 0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize,
// 255 close. Written on `ws` rather than client-node's Exec so that an upgrade refused with
// a Status (403, 404, 400) is reported with its message, stdin EOF reaches the remote side,
// and a connection that dies without a status is told apart from a command that ended.

export type StreamTarget = {namespace: string; pod: string; container: string};

export type ExecIO = {
	stdin?: Readable;
	stdout?: Writable;
	stderr?: Writable;
	tty: boolean;
	/** Current terminal size, and a way to learn of changes (tty sessions only). */
	size?: () => {columns: number; rows: number};
	onResize?: (listener: () => void) => () => void;
};

export type ExecOutcome =
	| {kind: 'exited'; code: number}
	| {kind: 'failed'; message: string; reason?: string; code?: number}
	| {kind: 'dropped'; message: string};

const channel = {stdin: 0, stdout: 1, stderr: 2, status: 3, resize: 4, close: 255} as const;

/** The exit code kubelet reports for a NonZeroExitCode status. */
export function statusOutcome(status: Status): ExecOutcome {
	if (status.status === 'Success') return {kind: 'exited', code: 0};
	if (status.reason === 'NonZeroExitCode') {
		const cause = status.details?.causes?.find(item => item.reason === 'ExitCode');
		const code = Number(cause?.message ?? 1);
		return {kind: 'exited', code: Number.isFinite(code) ? code : 1};
	}
	return {kind: 'failed', message: status.message ?? 'command failed', reason: status.reason, code: status.code};
}

/** Whether a failure means the executable is not in the image (no shell there). */
export const isNotFound = (outcome: ExecOutcome) => outcome.kind === 'failed' && /executable file not found|no such file or directory/.test(outcome.message);

/** The Status an API server answers an upgrade it refuses with, as a KubeError (exec, attach, port-forward). */
export async function upgradeError(response: IncomingMessage): Promise<KubeError> {
	const chunks: Buffer[] = [];
	for await (const chunk of response) chunks.push(chunk as Buffer);
	const text = Buffer.concat(chunks).toString('utf8');
	try {
		const status = JSON.parse(text) as Status;
		if (status.kind === 'Status') return new KubeError(status.message ?? text, response.statusCode ?? 0, status.reason ?? 'Unknown', status);
	} catch {
		// Not JSON: report the raw answer.
	}
	return new KubeError(text.trim() || `the server answered ${response.statusCode}`, response.statusCode ?? 0, 'Unknown');
}

export async function openStream(access: ClusterAccess, kind: 'exec' | 'attach', target: StreamTarget, command: string[], io: ExecIO): Promise<ExecOutcome> {
	const server = access.server;
	const query = new URLSearchParams({
		container: target.container,
		stdin: String(Boolean(io.stdin)),
		stdout: String(Boolean(io.stdout)),
		stderr: String(Boolean(io.stderr) && !io.tty),
		tty: String(io.tty),
	});
	for (const part of command) query.append('command', part);
	const path = `/api/v1/namespaces/${encodeURIComponent(target.namespace)}/pods/${encodeURIComponent(target.pod)}/${kind}?${query}`;
	const url = server.replace(/^http/, 'ws') + path;
	const options = await access.webSocketOptions();

	const socket = new WebSocket(url, ['v5.channel.k8s.io', 'v4.channel.k8s.io'], options);
	return new Promise<ExecOutcome>((resolve, reject) => {
		let outcome: ExecOutcome | undefined;
		let opened = false;
		const cleanups: Array<() => void> = [];
		const finish = (result: ExecOutcome) => {
			for (const cleanup of cleanups.splice(0)) cleanup();
			resolve(result);
		};
		const send = (id: number, payload: Buffer | string) => {
			if (socket.readyState === WebSocket.OPEN) socket.send(Buffer.concat([Buffer.from([id]), Buffer.from(payload)]));
		};

		socket.on('unexpected-response', (_request: ClientRequest, response: IncomingMessage) => {
			void upgradeError(response).then(reject, reject);
		});
		socket.on('error', error => {
			if (!opened) reject(new KubeError(`Unable to connect to the server: ${error.message}`, 0, 'ConnectionFailed'));
			else outcome ??= {kind: 'dropped', message: `connection lost: ${error.message}`};
		});
		socket.on('open', () => {
			opened = true;
			const v5 = socket.protocol === 'v5.channel.k8s.io';
			if (io.tty && io.size) {
				const resize = () => {
					const {columns, rows} = io.size!();
					send(channel.resize, JSON.stringify({Width: columns, Height: rows}));
				};
				resize();
				if (io.onResize) cleanups.push(io.onResize(resize));
			}
			if (io.stdin) {
				const stdin = io.stdin;
				const onData = (data: Buffer | string) => send(channel.stdin, typeof data === 'string' ? Buffer.from(data) : data);
				// v5 can tell the remote side that stdin ended; v4 cannot, so it stays open.
				const onEnd = () => {
					if (v5) send(channel.close, Buffer.from([channel.stdin]));
				};
				stdin.on('data', onData);
				stdin.on('end', onEnd);
				cleanups.push(() => {
					stdin.off('data', onData);
					stdin.off('end', onEnd);
				});
			}
		});
		socket.on('message', (data: Buffer) => {
			if (data.length === 0) return;
			const id = data[0];
			const payload = data.subarray(1);
			if (id === channel.stdout) io.stdout?.write(payload);
			else if (id === channel.stderr) (io.stderr ?? io.stdout)?.write(payload);
			else if (id === channel.status && payload.length > 0) {
				try {
					outcome = statusOutcome(JSON.parse(payload.toString('utf8')) as Status);
				} catch {
					outcome = {kind: 'failed', message: payload.toString('utf8')};
				}
			}
		});
		socket.on('close', (code: number, reason: Buffer) => {
			if (!opened) return;
			// A normal close with no status: the session ended without the kubelet saying how.
			finish(
				outcome ?? {
					kind: 'dropped',
					message:
						code === 1000 || code === 1005
							? 'the session ended without an exit status'
							: `connection lost (${code}${reason.length ? `: ${reason.toString()}` : ''})`,
				},
			);
		});
		cleanups.push(() => {
			if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.terminate();
		});
	});
}
