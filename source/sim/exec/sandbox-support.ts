import {accessSync, chmodSync, constants, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {prepareRoot, systemMounts} from './rootfs.js';
import {startHolder} from './holder.js';
import {podHolderCommand, type Tools} from './sandbox-commands.js';

// Whether this machine lets the sim sandbox its pods, found once when the sim starts by
// making a real sandbox (user, UTS, IPC, mount and PID namespaces, /proc, the pivot) that
// runs `true`. A kernel without unprivileged user namespaces, a seccomp profile that forbids
// unshare (inside Docker), a missing util-linux: the sim then runs exec'd processes as
// before, on the host, and `podscope sim` says so once.

export type SandboxSupport = {available: true; tools: Tools; hostUid?: number} | {available: false; reason: string};

/**
 * The host user a root sim's containers run as: root inside their user namespace, an
 * account-less user outside it, so what they can reach of the host is what any user can.
 * Root itself is never mapped in: a container whose root were the host's could write
 * /proc/sysrq-trigger or global sysctls, remount what it was given read-only, and so on.
 */
export const sandboxHostUid = 0x70000000;

const searchPath = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function findTool(name: string, only?: string[]): string | undefined {
	const directories = only ?? [...(process.env.PATH ?? '').split(':').filter(directory => directory.startsWith('/')), ...searchPath];
	for (const directory of directories) {
		const file = path.join(directory, name);
		try {
			accessSync(file, constants.X_OK);
			return file;
		} catch {
			// Keep looking.
		}
	}
	return undefined;
}

function findTools(): Tools | string {
	const found: Partial<Tools> = {sh: '/bin/sh'};
	for (const name of ['unshare', 'nsenter', 'setpriv', 'pivot_root', 'mount'] as const) {
		const file = findTool(name);
		if (!file) return `${name} not found`;
		if (name !== 'pivot_root' && name !== 'mount') found[name] = file;
	}
	// script runs inside the container, whose root has the host's system directories only.
	const script = findTool('script', searchPath);
	if (!script) return 'script (util-linux) not found';
	found.script = script;
	// Optional: without it, pods share the host's network as before.
	const ip = findTool('ip', searchPath);
	if (ip) found.ip = ip;
	return found as Tools;
}

export async function probeSandbox(): Promise<SandboxSupport> {
	if (process.platform !== 'linux') return {available: false, reason: `no Linux namespaces on ${process.platform}`};
	const tools = findTools();
	if (typeof tools === 'string') return {available: false, reason: tools};
	const hostUid = process.getuid?.() === 0 ? sandboxHostUid : undefined;
	const probed = await probeWith(tools, hostUid);
	if (probed.available || !tools.ip) return probed;
	// A kernel or seccomp profile that forbids network namespaces: sandboxes without one.
	const {ip: _, ...withoutNetwork} = tools;
	return probeWith(withoutNetwork, hostUid);
}

async function probeWith(tools: Tools, hostUid: number | undefined): Promise<SandboxSupport> {
	const directory = mkdtempSync(path.join(tmpdir(), 'podscope-sim-probe-'));
	try {
		// The sandbox's user must be able to reach the root it mounts.
		chmodSync(directory, 0o711);
		const root = path.join(directory, 'root');
		prepareRoot(root, undefined, hostUid);
		const {file, args} = podHolderCommand(tools, hostUid, {root, workdir: '/', hostname: 'probe', mounts: systemMounts(), command: ['true']});
		const holder = await startHolder(file, args, hostUid);
		if ('error' in holder) return {available: false, reason: holder.error};
		await holder.exited;
		return {available: true, tools, hostUid};
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

let probed: Promise<SandboxSupport> | undefined;

/** The probe's answer, found by the first sim of the process: the machine does not change. */
export function probeSandboxOnce(): Promise<SandboxSupport> {
	if (!probed) probed = probeSandbox();
	return probed;
}
