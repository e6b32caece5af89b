import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {eventually} from './sim.js';
import {repoRoot} from './tmux.js';

// The single executables of `npm run build:sea` (scripts/build-sea.js), run as on a host with
// no Node: PATH is a folder of links to this machine's programs, Node's own left out.

export const seaFile = (arch: 'x64' | 'arm64') => path.join(repoRoot, 'dist-sea', `podscope-linux-${arch}`);

/** Why the single-file tests cannot run here, or undefined when they can. */
export function seaMissing(): string | undefined {
	if (process.platform !== 'linux' || process.arch !== 'x64') return `the single files are tested on linux-x64, not ${process.platform}-${process.arch}`;
	if (!existsSync(seaFile('x64')) || !existsSync(seaFile('arm64'))) return 'dist-sea/ is not built: run `npm run build:sea` (.ci/run does, before the tests)';
	return undefined;
}

const nodeNames = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack']);

// A host's own folders: not the test's PATH, whose tool folders under a private home would be
// out of reach of the sim's sandboxed processes.
const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A folder of links to every program of the system's PATH but Node's (and npm's, which need it): the PATH of a host without Node. */
export function pathWithoutNode(folder: string, from = systemPath): string {
	mkdirSync(folder, {recursive: true});
	for (const dir of from.split(path.delimiter)) {
		if (!dir || !existsSync(dir) || dir.includes('node_modules')) continue;
		for (const name of readdirSync(dir)) {
			const link = path.join(folder, name);
			if (nodeNames.has(name) || existsSync(link)) continue;
			symlinkSync(path.join(dir, name), link);
		}
	}
	return folder;
}

export type SeaSim = {child: ChildProcess; kubeconfig: string; output: () => string};

/** `FILE sim --port 0 …` started from the single file itself, once it says it listens. */
export async function startSeaSim(command: string[], kubeconfig: string, env: NodeJS.ProcessEnv, flags: string[] = [], timeout = 20_000): Promise<SeaSim> {
	const [file, ...args] = command;
	const child = spawn(file!, [...args, 'sim', '--port', '0', '--write-kubeconfig', kubeconfig, ...flags], {env, stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout!.on('data', (data: Buffer) => (output += data.toString()));
	child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
	await eventually(() => {
		if (child.exitCode !== null) throw new Error(`the sim exited with ${child.exitCode}: ${output}`);
		return output.includes('listening on');
	}, timeout);
	return {child, kubeconfig, output: () => output};
}

export function stopSeaSim(sim: SeaSim | undefined): Promise<void> {
	if (!sim || sim.child.exitCode !== null) return Promise.resolve();
	const exited = new Promise<void>(resolve => sim.child.once('exit', () => resolve()));
	sim.child.kill('SIGINT');
	return exited;
}
