import {containerRootArgs, containerRootScript, type RootMount} from './sandbox-script.js';

// The command lines that make and enter a sandbox, with util-linux's unshare, nsenter and
// setpriv. The pod's holder owns a user namespace (its root is the sim's user, or for a root
// sim an otherwise unused host user, never the host's root), and the UTS, IPC and PID
// namespaces its containers share: the pod's hostname, and /pause as PID 1 when the pod
// shares its process namespace. Each container gets a mount namespace of its own and, as
// Kubernetes does unless shareProcessNamespace is set, a PID namespace of its own; a debug
// container with a target joins the target's. Every holder dies with the sim
// (--pdeathsig), and every process in a PID namespace dies with the holder that is its init.

/** `ip`, when found, gives every pod a network namespace of its own (its loopback brought up with it). */
export type Tools = {unshare: string; nsenter: string; setpriv: string; sh: string; script: string; ip?: string};

/**
 * A root sim's pod holder makes the user namespace as root (so no restriction on unprivileged
 * user namespaces applies), says its PID and waits for the sim to write the mappings; then
 * it becomes the namespace's root, which is `hostUid` on the host, and sets up as any other.
 * Until then it is the host's root, unmapped inside, whose capabilities there an exec would
 * drop: --keep-caps keeps them (as ambient ones) for setpriv to change its user.
 */
const mapPrelude = `read -r pid rest < /proc/self/stat
echo "map $pid"
read -r go
setpriv=$1 sh=$2 script=$3
shift 3
exec "$setpriv" --reuid=0 --regid=0 --clear-groups -- "$sh" -c "$script" sh "$@"
`;

/**
 * How nsenter becomes the user namespace's root. A root sim: setgroups, setgid and setuid to
 * 0 inside, which is `hostUid` outside. Any other user is already the one user mapped to 0;
 * nsenter may not call setgroups (unshare --map-root-user denies it), so it keeps the
 * credentials it has.
 */
const credentials = (hostUid: number | undefined) => (hostUid === undefined ? ['--preserve-credentials'] : []);

export type HolderSpec = {root: string; workdir: string; hostname: string; mounts: RootMount[]; command: string[]; loopback?: string};

const script = (tools: Tools, spec: HolderSpec) => [
	tools.sh,
	'-c',
	containerRootScript,
	...containerRootArgs(spec.root, spec.workdir, spec.hostname, spec.mounts, spec.command, spec.loopback),
];

/** nsenter's flag that joins the pod's network namespace, when pods have their own. */
const net = (tools: Tools) => (tools.ip ? ['--net'] : []);

/**
 * The pod's holder: its namespaces, the network's too when `ip` can bring its loopback up (as
 * the CNI loopback plugin does for a real pod), and /pause as the init of its PID namespace.
 */
export function podHolderCommand(tools: Tools, hostUid: number | undefined, given: HolderSpec): {file: string; args: string[]} {
	const namespaces = ['--uts', '--ipc', ...net(tools), '--mount', '--pid', '--fork', '--kill-child', '--'];
	const spec = {...given, loopback: tools.ip};
	if (hostUid === undefined)
		return {file: tools.setpriv, args: ['--pdeathsig', 'KILL', '--', tools.unshare, '--user', '--map-root-user', ...namespaces, ...script(tools, spec)]};
	const [, , text, ...args] = script(tools, spec);
	const prelude = [tools.sh, '-c', mapPrelude, 'sh', tools.setpriv, tools.sh, text!, ...args.slice(1)];
	return {file: tools.setpriv, args: ['--pdeathsig', 'KILL', '--', tools.unshare, '--user', '--keep-caps', ...namespaces, ...prelude]};
}

/**
 * A container's holder: the pod's user, UTS, IPC (and network) namespaces, a new mount namespace, and
 * either a new PID namespace (its init is the holder) or the one of `sharePidOf`.
 */
export function containerHolderCommand(
	tools: Tools,
	hostUid: number | undefined,
	podHolder: number,
	sharePidOf: number | undefined,
	spec: HolderSpec,
): {file: string; args: string[]} {
	const enter = [
		tools.nsenter,
		`--target=${podHolder}`,
		...credentials(hostUid),
		'--user',
		'--uts',
		'--ipc',
		...net(tools),
		...(sharePidOf === undefined ? [] : [`--pid=/proc/${sharePidOf}/ns/pid`]),
		'--',
	];
	const unshare = [tools.unshare, '--mount', ...(sharePidOf === undefined ? ['--pid', '--fork', '--kill-child'] : []), '--'];
	return {file: tools.setpriv, args: ['--pdeathsig', 'KILL', '--', ...enter, tools.setpriv, '--pdeathsig', 'KILL', '--', ...unshare, ...script(tools, spec)]};
}

const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

/**
 * A process in a container: every namespace of its holder, its root (the holder's, after the
 * pivot) and its working directory (the holder's, which is the container's workingDir).
 * nsenter resolves `file` inside that root. On a terminal the process must lead a session of
 * its own: nsenter's parent, outside the PID namespace, holds the node-pty terminal, and a
 * shell inside could never see its process group in the foreground (tcgetpgrp gives 0) and
 * would stop itself. So, as runc gives an exec'd process a terminal made inside the
 * container, util-linux's script makes one on the container's own devpts and relays to the
 * outer one, window size included. script runs $SHELL -c, given the process as one quoted
 * string that puts the container's SHELL back.
 */
export function enterCommand(
	tools: Tools,
	hostUid: number | undefined,
	holder: number,
	file: string,
	args: string[],
	terminal?: {env: Record<string, string>},
): {file: string; args: string[]; env?: Record<string, string>} {
	const enter = [`--target=${holder}`, ...credentials(hostUid), '--user', '--uts', '--ipc', ...net(tools), '--pid', '--mount', '--root', '--wd', '--'];
	if (!terminal) return {file: tools.nsenter, args: [...enter, file, ...args]};
	const shell = terminal.env.SHELL === undefined ? 'unset SHELL; ' : `SHELL=${quote(terminal.env.SHELL)}; export SHELL; `;
	const command = `${shell}exec ${[file, ...args].map(quote).join(' ')}`;
	return {file: tools.nsenter, args: [...enter, tools.script, '-q', '-e', '-c', command, '/dev/null'], env: {...terminal.env, SHELL: tools.sh}};
}
