import {spawn} from 'node:child_process';
import {writeFileSync} from 'node:fs';

// The process that holds a sandbox's namespaces open, as the pause container holds a pod's:
// nsenter joins its namespaces, and killing it ends them. The sandbox script prints
// `ready PID` (the holder's PID on the host) once its root is complete; whatever it wrote
// on stderr before dying is the reason a sandbox could not be made. A root sim's pod holder
// first prints `map PID` and waits on stdin: the sim maps the new user namespace's root to
// the sandbox's host user (root may write any mapping, and needs no newuidmap for it).

export type Holder = {
	/** The holder's PID on the host: what nsenter's --target names. */
	readonly pid: number;
	/** Resolves when the spawned command has exited. */
	readonly exited: Promise<void>;
	kill(): void;
};

const minimalEnv = {PATH: '/usr/sbin:/usr/bin:/sbin:/bin'};

export function startHolder(file: string, args: string[], mapRootTo?: number): Promise<Holder | {error: string}> {
	// The holder's environment is readable from inside (/proc/1/environ): it gets none of the sim's.
	const child = spawn(file, args, {cwd: '/', env: minimalEnv, stdio: ['pipe', 'pipe', 'pipe']});
	child.stdin.on('error', () => {});
	let mapped = false;
	// The spawned command outlives the holder (unshare and nsenter wait for it), so while it
	// runs the holder's PID is still the holder's and not a reused one.
	let done = false;
	const exited = new Promise<void>(resolve => {
		const settle = () => {
			done = true;
			resolve();
		};
		child.once('close', settle);
		child.once('error', settle);
	});
	let stdout = '';
	let stderr = '';
	return new Promise(resolve => {
		child.stdout.on('data', (data: Buffer) => {
			stdout += data.toString('utf8');
			const map = mapped || mapRootTo === undefined ? null : /^map (\d+)$/m.exec(stdout);
			if (map) {
				mapped = true;
				try {
					writeFileSync(`/proc/${map[1]}/uid_map`, `0 ${mapRootTo} 1\n`);
					writeFileSync(`/proc/${map[1]}/gid_map`, `0 ${mapRootTo} 1\n`);
					child.stdin.write('\n');
				} catch (error) {
					child.kill('SIGKILL');
					stderr += `writing the user namespace's mappings: ${(error as Error).message}`;
				}
			}
			const ready = /^ready (\d+)$/m.exec(stdout);
			if (!ready) return;
			const pid = Number(ready[1]);
			resolve({
				pid,
				exited,
				kill: () => {
					if (done) return;
					for (const target of [pid, child.pid ?? 0]) {
						try {
							if (target > 0) process.kill(target, 'SIGKILL');
						} catch {
							// Already gone.
						}
					}
				},
			});
		});
		child.stderr.on('data', (data: Buffer) => {
			stderr += data.toString('utf8');
		});
		child.once('error', error => resolve({error: error.message}));
		void exited.then(() => resolve({error: stderr.trim().split('\n').pop() || `sandbox setup exited with code ${child.exitCode}`}));
	});
}
