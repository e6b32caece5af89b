import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {isSea} from 'node:sea';
import {Duplex} from 'node:stream';
import type {Tools} from './sandbox-commands.js';

// A real process a pod runs (kubectl exec … -- nc -l -p 8080, an httpd) listens in the pod's own
// network namespace, where nothing on the host can reach it: containerd enters that namespace to
// dial localhost (sandbox_portforward_linux.go). The sim does the same through a relay: a Node
// process nsenter puts into the pod holder's user and network namespaces, which dials
// 127.0.0.1, then [::1], and copies bytes between the connection and its stdin and stdout.

const LISTEN = '0A';

/** Whether a socket listens on `port` in the network namespace of `pid` (/proc/PID/net/tcp and tcp6). */
export function listensIn(pid: number, port: number): boolean {
	const hex = port.toString(16).toUpperCase().padStart(4, '0');
	for (const table of ['tcp', 'tcp6']) {
		let text: string;
		try {
			text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const [, local, , state] = line.trim().split(/\s+/);
			if (state === LISTEN && local?.endsWith(`:${hex}`)) return true;
		}
	}
	return false;
}

/** The relay, run by the sim's own Node inside the namespace: `connected` or `refused` on stderr first. */
export const relayScript = `const net = require('node:net');
const port = Number(process.argv[1]);
const dial = hosts => {
	let connected = false;
	const socket = net.connect({host: hosts[0], port});
	socket.once('error', error => {
		if (!connected && hosts.length > 1) return dial(hosts.slice(1));
		if (!connected) process.stderr.write('refused ' + error.message + '\\n');
		process.exit(1);
	});
	socket.once('connect', () => {
		connected = true;
		process.stderr.write('connected\\n');
		process.stdin.pipe(socket);
		socket.pipe(process.stdout);
		socket.once('close', () => process.exit(0));
	});
};
dial(['127.0.0.1', '::1']);
`;

/**
 * `node -e SCRIPT`, as this process's own Node runs it: in the single executable (scripts/sea/)
 * process.execPath is podscope, which takes the script as its internal `__node-eval` entry
 * (commands/sea-main.ts).
 */
export const nodeEval = (script: string) => (isSea() ? ['__node-eval', script] : ['-e', script]);

const credentials = (hostUid: number | undefined) => (hostUid === undefined ? ['--preserve-credentials'] : []);

/** A connection to `port` inside the network namespace of `pid`, or undefined when it is refused. */
export function relayInto(tools: Tools, hostUid: number | undefined, pid: number, port: number): Promise<Duplex | undefined> {
	// It dies with the sim, as the holders do.
	const enter = [tools.nsenter, `--target=${pid}`, ...credentials(hostUid), '--user', '--net', '--'];
	const child = spawn(tools.setpriv, ['--pdeathsig', 'KILL', '--', ...enter, process.execPath, ...nodeEval(relayScript), String(port)], {
		cwd: '/',
		env: {PATH: '/usr/sbin:/usr/bin:/sbin:/bin'},
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	child.stdin.on('error', () => {});
	return new Promise(resolve => {
		let said = '';
		child.stderr.on('data', (data: Buffer) => {
			said += data.toString('utf8');
			if (!said.includes('\n')) return;
			if (!said.startsWith('connected')) {
				child.kill('SIGKILL');
				return resolve(undefined);
			}
			const connection = Duplex.from({readable: child.stdout, writable: child.stdin});
			connection.once('close', () => child.kill('SIGKILL'));
			resolve(connection);
		});
		child.once('error', () => resolve(undefined));
		child.once('close', () => resolve(undefined));
	});
}
