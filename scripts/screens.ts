// `npm run screens`: the README's pictures of podscope, taken from a real run. It starts
// `podscope sim` (the demo's scenarios), runs the built podscope in tmux at 120×32, drives it
// with keys as a person would (scripts/screens/shots.ts), and writes each screen, colours and
// all, to docs/screens/NAME.svg. Run it again after a change to the screens; it exits non-zero
// with the reason (tmux missing, dist/ not built, a screen that never showed) and leaves no
// process behind.
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {captureShots} from './screens/capture.ts';
import {shots} from './screens/shots.ts';
import {requireTmux, Terminal} from './screens/terminal.ts';

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'bin', 'podscope.js');
const out = path.join(root, 'docs', 'screens');
const size = {columns: 120, rows: 32};

/** Start `podscope sim` on a free port. */
function spawnSim(kubeconfig: string): ChildProcess {
	return spawn(process.execPath, [bin, 'sim', '--port', '0', '--write-kubeconfig', kubeconfig], {stdio: ['ignore', 'pipe', 'pipe']});
}

/** Resolves once the sim listens; fails, with what it said, if it exits first or takes 30 s. */
function listening(sim: ChildProcess): Promise<void> {
	let output = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`podscope sim did not start within 30 s:\n${output}`)), 30_000);
		const read = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.includes('podscope sim listening on')) {
				clearTimeout(timer);
				resolve();
			}
		};
		sim.stdout?.on('data', read);
		sim.stderr?.on('data', read);
		sim.once('exit', code => {
			clearTimeout(timer);
			reject(new Error(`podscope sim exited (${code}) before it listened:\n${output}`));
		});
	});
}

async function stopSim(sim: ChildProcess): Promise<void> {
	if (sim.exitCode !== null || sim.signalCode !== null) return;
	const exited = new Promise(resolve => sim.once('exit', resolve));
	sim.kill('SIGTERM');
	const timer = setTimeout(() => sim.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
}

async function main(): Promise<void> {
	requireTmux();
	if (!existsSync(path.join(root, 'dist', 'cli.js'))) throw new Error('dist/ is missing: run `npm run build` first (`npm run screens` does)');
	const dir = mkdtempSync(path.join(tmpdir(), 'podscope-screens-'));
	const kubeconfig = path.join(dir, 'kubeconfig');
	const terminal = new Terminal(size);
	let sim: ChildProcess | undefined;
	const cleanUp = async () => {
		terminal.kill();
		if (sim) await stopSim(sim);
		rmSync(dir, {recursive: true, force: true});
	};
	for (const [signal, code] of [
		['SIGINT', 130],
		['SIGTERM', 143],
	] as const)
		process.once(signal, () => void cleanUp().then(() => process.exit(code)));
	try {
		sim = spawnSim(kubeconfig);
		await listening(sim);
		terminal.start([process.execPath, bin, '--kubeconfig', kubeconfig, '--context', 'podscope-sim'], {}, root);
		const pictures = await captureShots(terminal, shots, line => process.stderr.write(`screens: ${line}\n`));
		mkdirSync(out, {recursive: true});
		for (const picture of pictures) {
			writeFileSync(path.join(out, `${picture.name}.svg`), picture.svg);
			process.stderr.write(`screens: wrote ${path.relative(root, path.join(out, `${picture.name}.svg`))}\n`);
		}
		terminal.keys('q');
		await terminal.waitFor('podscope to quit', screen => screen.includes('[exited: 0]'));
	} finally {
		await cleanUp();
	}
}

main().catch(error => {
	process.stderr.write(`screens: ${(error as Error).message}\n`);
	process.exit(1);
});
