import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';
import type {Pod} from '../../model/k8s.js';
import type {ConfigSource} from '../kubelet/config-source.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';
import {resolveEnvironment} from '../kubelet/env-resolution.js';

// What a process started in a container sees: the image's PATH, HOSTNAME, the variables the
// kubelet gave the container when it created it (its env and envFrom, with values from
// ConfigMaps and Secrets, and the `kubernetes` Service's), and TERM on a terminal, as
// containerd adds it.

const imagePath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The environment of a process in the container: the one its instance was created with; for a
 * container the kubelet has not created (none yet), resolved now, leaving out what is missing.
 */
export function containerEnvironment(
	pod: Pod,
	slot: Pick<ContainerSlot, 'spec' | 'environment'>,
	source: ConfigSource,
	options: {home: string; tty: boolean},
): Record<string, string> {
	const env: Record<string, string> = {PATH: imagePath, HOSTNAME: pod.metadata.name, HOME: options.home};
	if (options.tty) env.TERM = 'xterm';
	if (slot.environment) return {...env, ...slot.environment};
	const resolved = resolveEnvironment(pod, slot.spec, source);
	return {...env, ...('env' in resolved ? resolved.env : {})};
}

/**
 * runc's lookup of argv[0]: a bare name is searched on the container's PATH, anything with a
 * slash is taken as a path. Returns the file as the container names it, or the error runc
 * reports. `root` is where the container's root is on the host ('' when it is the host's).
 */
export function lookPath(command: string, env: Record<string, string>, cwd: string, hasShell: boolean, root = ''): {file: string} | {error: string} {
	const notFound = {error: `exec: "${command}": executable file not found in $PATH`};
	if (command.includes('/')) {
		const file = path.resolve(cwd, command);
		if (!hasShell) return {error: `exec: "${command}": stat ${command}: no such file or directory`};
		try {
			const stat = statSync(root + file);
			if (!stat.isFile()) return {error: `exec: "${command}": permission denied`};
			accessSync(root + file, constants.X_OK);
			return {file};
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EACCES') return {error: `exec: "${command}": permission denied`};
			return {error: `exec: "${command}": stat ${command}: no such file or directory`};
		}
	}
	// A distroless image holds its own binary and nothing a client would name.
	if (!hasShell || command === '') return notFound;
	for (const directory of (env.PATH ?? imagePath).split(':')) {
		if (!directory) continue;
		const file = path.join(directory, command);
		try {
			if (!statSync(root + file).isFile()) continue;
			accessSync(root + file, constants.X_OK);
			return {file};
		} catch {
			// Not here; keep looking.
		}
	}
	return notFound;
}
