import {containerRootArgs, containerRootScript, type RootMount} from './sandbox-script.js';

// The command lines that make and enter a sandbox, with util-linux's unshare, nsenter and
// setpriv. The pod's holder owns a user namespace (its root is the sim's user, or for a root
// sim an otherwise unused host user, never the host's root), and the UTS, IPC and PID
// namespaces its containers share: the pod's hostname, and /pause as PID 1 when the pod
// shares its process namespace. Each container gets a mount namespace of its own and, as
// Kubernetes does unless shareProcessNamespace is set, a PID namespace of its own; a debug
// container with a target joins the target's. Every holder dies with the sim
// (--pdeathsig), and every process in a PID namespace dies with the holder that is its init.

export type Tools = {unshare: string; nsenter: string; setpriv: string; sh: string};

/** How a root sim's holders drop to `hostUid` before they make the user namespace. */
const dropTo = (hostUid: number | undefined) => (hostUid === undefined ? [] : [`--reuid=${hostUid}`, `--regid=${hostUid}`, '--clear-groups']);

export type HolderSpec = {root: string; workdir: string; hostname: string; mounts: RootMount[]; command: string[]};

const script = (tools: Tools, spec: HolderSpec) => [tools.sh, '-c', containerRootScript, ...containerRootArgs(spec.root, spec.workdir, spec.hostname, spec.mounts, spec.command)];

/** The pod's holder: every namespace but the network's, and /pause as the init of its PID namespace. */
export function podHolderCommand(tools: Tools, hostUid: number | undefined, spec: HolderSpec): {file: string; args: string[]} {
	const unshare = [tools.unshare, '--user', '--map-root-user', '--uts', '--ipc', '--mount', '--pid', '--fork', '--kill-child', '--'];
	return {file: tools.setpriv, args: ['--pdeathsig', 'KILL', ...dropTo(hostUid), '--', ...unshare, ...script(tools, spec)]};
}

/**
 * A container's holder: the pod's user, UTS and IPC namespaces, a new mount namespace, and
 * either a new PID namespace (its init is the holder) or the one of `sharePidOf`.
 */
export function containerHolderCommand(tools: Tools, podHolder: number, sharePidOf: number | undefined, spec: HolderSpec): {file: string; args: string[]} {
	const enter = [tools.nsenter, `--target=${podHolder}`, '--user', '--uts', '--ipc', ...(sharePidOf === undefined ? [] : [`--pid=/proc/${sharePidOf}/ns/pid`]), '--'];
	const unshare = [tools.unshare, '--mount', ...(sharePidOf === undefined ? ['--pid', '--fork', '--kill-child'] : []), '--'];
	return {file: tools.setpriv, args: ['--pdeathsig', 'KILL', '--', ...enter, tools.setpriv, '--pdeathsig', 'KILL', '--', ...unshare, ...script(tools, spec)]};
}

/**
 * A process in a container: every namespace of its holder, its root (the holder's, after the
 * pivot) and its working directory (the holder's, which is the container's workingDir).
 * nsenter resolves `file` inside that root.
 */
export function enterCommand(tools: Tools, holder: number, file: string, args: string[]): {file: string; args: string[]} {
	return {file: tools.nsenter, args: [`--target=${holder}`, '--user', '--uts', '--ipc', '--pid', '--mount', '--root', '--wd', '--', file, ...args]};
}
