import {spawnSync} from 'node:child_process';

// Whether this machine lets a process make the namespaces the sim's sandbox needs, checked
// with util-linux alone (not with the sim's own probe, which is what the tests check): as
// root, root makes the user namespace; any other user needs unprivileged ones.

export function namespacesAvailable(): boolean {
	if (process.platform !== 'linux') return false;
	const args = ['--user', '--map-root-user', '--uts', '--ipc', '--mount', '--pid', '--fork', '--', 'true'];
	return spawnSync('unshare', args, {stdio: 'ignore', timeout: 10_000}).status === 0;
}
