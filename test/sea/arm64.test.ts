import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {runArch} from '../../scripts/sea/run-arch.js';
import {pathWithoutNode, type SeaSim, seaFile, seaMissing, startSeaSim, stopSeaSim} from '../helpers/sea.js';
import {eventually, kubectlPath, run} from '../helpers/sim.js';
import {repoRoot} from '../helpers/tmux.js';

// The linux-arm64 single file, started on this x64 machine under qemu-user (.ci/run installs
// Debian's qemu-user and the arm64 C library): it runs, and its own simulator serves kubectl
// and the x64 file.

const {version} = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {version: string};
const file = seaFile('arm64');
const emulated = runArch('arm64', file);
const missing =
	seaMissing() ?? (emulated ? undefined : 'no qemu-aarch64 with /usr/aarch64-linux-gnu here (Debian: qemu-user libc6-arm64-cross libstdc++6-arm64-cross)');
const mustRun = process.env.CI === 'true';

// Defined only where it fails: elsewhere it would count as a skipped test.
if (missing !== undefined && mustRun) {
	test('the arm64 file can be started in CI', () => {
		throw new Error(missing);
	});
}

describe.skipIf(missing !== undefined)(`the linux-arm64 single file under qemu-user${missing ? ` (skipped: ${missing})` : ''}`, () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'podscope-sea-arm64-'));
	const env = {PATH: pathWithoutNode(path.join(dir, 'bin')), HOME: dir, ...emulated?.env};
	let sim: SeaSim | undefined;

	afterAll(async () => {
		await stopSeaSim(sim);
		rmSync(dir, {recursive: true, force: true});
	});

	test('is an arm64 program that prints its version', async () => {
		expect(readFileSync(file).subarray(18, 20).readUInt16LE()).toBe(183); // ELF e_machine: EM_AARCH64
		expect(await run(emulated!.command, [...emulated!.args, '--version'], {env, timeout: 60_000})).toMatchObject({code: 0, stdout: `${version}\n`});
	}, 60_000);

	test('runs the sim, which kubectl and the x64 file read', async () => {
		const kubeconfig = path.join(dir, 'kubeconfig');
		sim = await startSeaSim([emulated!.command, ...emulated!.args], kubeconfig, env, ['--scenario', 'web-with-logging'], 90_000);
		const pods = await eventually(async () => {
			const result = await run(kubectlPath, ['--kubeconfig', kubeconfig, 'get', 'pods'], {env});
			return /web-with-logging +2\/2 +Running/.test(result.stdout) && result.stdout;
		}, 90_000);
		expect(pods).toMatch(/^NAME +READY +STATUS/);
		const described = await run(seaFile('x64'), ['--kubeconfig', kubeconfig, 'describe', 'web-with-logging'], {env});
		expect(described.stdout).toMatch(/^Name: +web-with-logging\nNamespace: +default\n/);
	}, 180_000);
});
