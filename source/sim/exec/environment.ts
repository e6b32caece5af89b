import {accessSync, constants, statSync} from 'node:fs';
import path from 'node:path';
import type {Container, Pod} from '../../model/k8s.js';

// What a process started in a container sees: the image's PATH, HOSTNAME, the kubelet's
// service variables for the API server, the container's `env` (values only: valueFrom
// needs Secrets and ConfigMaps the sim does not have), and TERM on a terminal, as
// containerd adds it.

const imagePath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** k3s's default service CIDR puts the `kubernetes` Service at 10.43.0.1. */
const apiServerVariables = {
	KUBERNETES_SERVICE_HOST: '10.43.0.1',
	KUBERNETES_SERVICE_PORT: '443',
	KUBERNETES_SERVICE_PORT_HTTPS: '443',
	KUBERNETES_PORT: 'tcp://10.43.0.1:443',
	KUBERNETES_PORT_443_TCP: 'tcp://10.43.0.1:443',
	KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
	KUBERNETES_PORT_443_TCP_PORT: '443',
	KUBERNETES_PORT_443_TCP_ADDR: '10.43.0.1',
};

/** The kubelet's $(VAR) expansion: earlier variables expand, $$ escapes, unknown stay as written. */
export function expand(value: string, defined: Record<string, string>): string {
	return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
		if (match === '$$') return '$';
		return name !== undefined && name in defined ? defined[name]! : match;
	});
}

export function containerEnvironment(pod: Pod, container: Container, options: {home: string; tty: boolean}): Record<string, string> {
	const env: Record<string, string> = {PATH: imagePath, HOSTNAME: pod.metadata.name, HOME: options.home};
	if (options.tty) env.TERM = 'xterm';
	Object.assign(env, apiServerVariables);
	for (const variable of container.env ?? []) {
		if (variable.value === undefined && variable.valueFrom) continue;
		env[variable.name] = expand(variable.value ?? '', env);
	}
	return env;
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
