import {spawnSync} from 'node:child_process';
import {sandboxHostUid} from '../../source/sim/exec/sandbox-support.js';

// Whether this machine lets a process make the namespaces the sim's sandbox needs, checked
// with util-linux alone (not with the sim's own probe, which is what the tests check): as
// root, dropped to the sandbox's user first, as the sim does.

export function namespacesAvailable(): boolean {
	if (process.platform !== 'linux') return false;
	const unshare = ['unshare', '--user', '--map-root-user', '--uts', '--ipc', '--mount', '--pid', '--fork', '--', 'true'];
	const drop = process.getuid?.() === 0 ? ['setpriv', `--reuid=${sandboxHostUid}`, `--regid=${sandboxHostUid}`, '--clear-groups', '--'] : [];
	const [file, ...args] = [...drop, ...unshare];
	return spawnSync(file!, args, {stdio: 'ignore', timeout: 10_000}).status === 0;
}
