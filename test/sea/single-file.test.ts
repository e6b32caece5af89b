import {createHash} from 'node:crypto';
import {chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {parse, stringify} from 'yaml';
import {namespacesAvailable} from '../helpers/namespaces.js';
import {forwardedPort, httpGet, startForward} from '../helpers/port-forward.js';
import {pathWithoutNode, type SeaSim, seaFile, seaMissing, startSeaSim, stopSeaSim} from '../helpers/sea.js';
import {eventually, kubectlPath, run} from '../helpers/sim.js';
import {quitRestoresTerminal, repoRoot, TmuxSession} from '../helpers/tmux.js';

// The linux-x64 single file (`npm run build:sea`) on a host without Node: PATH holds no node,
// the simulator is the single file's own `sim`, and the checks are the ones the npm form's
// tests make of the built binary (test/commands/, test/e2e/), plus the pty of an `exec -it`
// and the relay into a pod's network namespace, which the single file carries in its own way.

const {version} = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {version: string};
const missing = seaMissing();
// CI builds the files before the tests (.ci/run): there, a missing file is a failure, not a skip.
const mustRun = process.env.CI === 'true';

// Defined only where it fails: elsewhere it would count as a skipped test.
if (missing !== undefined && mustRun) {
	test('the single files are built before the tests in CI', () => {
		throw new Error(missing);
	});
}

describe.skipIf(missing !== undefined)(`podscope as a single file, with no Node on PATH${missing ? ` (skipped: ${missing})` : ''}`, () => {
	let dir = '';
	let env: NodeJS.ProcessEnv = {};
	let sim: SeaSim | undefined;
	const file = seaFile('x64');
	const podscope = (args: string[], timeout?: number) => run(file, ['--kubeconfig', sim!.kubeconfig, ...args], {env, ...(timeout ? {timeout} : {})});
	const kubectl = (args: string[]) => run(kubectlPath, ['--kubeconfig', sim!.kubeconfig, ...args], {env});

	beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'podscope-sea-'));
		// The sim's sandboxed processes find setpriv and the rest on this PATH, as other users.
		chmodSync(dir, 0o755);
		// Only what a k3s host has: a PATH without node, a home of its own (the pty addon's cache).
		env = {PATH: pathWithoutNode(path.join(dir, 'bin')), HOME: path.join(dir, 'home'), LANG: 'C.UTF-8'};
		sim = await startSeaSim([file], path.join(dir, 'kubeconfig'), env, ['--scenario', 'web-with-logging', '--scenario', 'escape-injection']);
		await eventually(async () => /web-with-logging +2\/2 +Running/.test((await kubectl(['get', 'pods'])).stdout));
	}, 60_000);

	afterAll(async () => {
		await stopSeaSim(sim);
		if (dir) rmSync(dir, {recursive: true, force: true});
	});

	test('the PATH it runs with finds no node', async () => {
		expect((await run('sh', ['-c', 'command -v node || echo none'], {env})).stdout).toBe('none\n');
	});

	test('--version', async () => {
		expect(await run(file, ['--version'], {env})).toMatchObject({code: 0, stdout: `${version}\n`});
	});

	test('help names it, as the npm form does', async () => {
		const {code, stdout} = await run(file, ['logs', '--help'], {env});
		expect(code).toBe(0);
		expect(stdout).toMatch(/^\n {2}A terminal UI debugger for multi-container Kubernetes Pods\n\n {2}Usage\n {4}\$ podscope logs /);
	});

	test("logs: a container, the last line, and kubectl's error for a pod that is not there", async () => {
		const logs = await eventually(async () => {
			const result = await podscope(['logs', 'web-with-logging', '-c', 'web-app', '--tail', '1']);
			return result.code === 0 && result.stdout !== '' && result;
		});
		expect(logs.stdout).toMatch(/^[^\n]+\n$/);
		// The container writes on: its line is in the log kubectl reads after it.
		expect((await kubectl(['logs', 'web-with-logging', '-c', 'web-app'])).stdout).toContain(`\n${logs.stdout}`);
		expect(await podscope(['logs', 'nope'])).toMatchObject({
			code: 1,
			stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n',
		});
	});

	test('describe prints the pod the way kubectl does, and lets no escape through', async () => {
		const {code, stdout} = await podscope(['describe', 'web-with-logging', '-n', 'default']);
		expect(code).toBe(0);
		expect(stdout).toMatch(/^Name: +web-with-logging\nNamespace: +default\n/);
		expect(stdout).toMatch(/\nContainers:\n {2}web-app:\n/);
		const escapes = await podscope(['describe', 'escape-injection']);
		expect(escapes.stdout).not.toContain('\x1b');
		expect(escapes.stdout).toContain('␛');
	});

	test('doctor and timeline run', async () => {
		const doctor = await podscope(['doctor', 'web-with-logging']);
		expect(doctor.stdout).toContain('web-with-logging');
		expect(doctor.stderr).toBe('');
		const timeline = await podscope(['timeline', 'web-with-logging']);
		expect(timeline).toMatchObject({code: 0, stderr: ''});
		expect(timeline.stdout).toContain('web-app');
	});

	test("kubectl-podscope is the same program under the plugin's name", async () => {
		const plugin = path.join(repoRoot, 'dist-sea', 'linux-x64', 'kubectl-podscope');
		expect(await run(plugin, ['--version'], {env})).toMatchObject({code: 0, stdout: `${version}\n`});
		const {stdout} = await run(plugin, ['describe', 'web-with-logging', '--kubeconfig', sim!.kubeconfig], {env});
		expect(stdout).toMatch(/^Name: +web-with-logging\n/);
	});

	test("linked as kubectl_complete-podscope it answers kubectl's completion, as bin/kubectl_complete-podscope.js does", async () => {
		const link = path.join(dir, 'kubectl_complete-podscope');
		symlinkSync(file, link);
		const {code, stdout} = await run(link, [''], {env});
		expect(code).toBe(0);
		expect(stdout).toMatch(/^logs\tprint \(and follow\) logs of /m);
		expect(stdout).toMatch(/^:\d+$/m);
	});

	test("an auth-provider user goes through the Kubernetes client, the asset compiled on first use: the npm form's answer", async () => {
		const raw = parse(readFileSync(sim!.kubeconfig, 'utf8')) as {users: unknown[]; contexts: unknown[]};
		raw.users.push({name: 'oidc', user: {'auth-provider': {name: 'oidc', config: {'id-token': 'x', 'idp-issuer-url': 'https://issuer.invalid'}}}});
		raw.contexts.push({name: 'oidc', context: {cluster: 'podscope-sim', user: 'oidc'}});
		const oidc = path.join(dir, 'oidc.kubeconfig');
		writeFileSync(oidc, stringify(raw));
		const args = ['describe', 'web-with-logging', '--kubeconfig', oidc, '--context', 'oidc'];
		const single = await run(file, args, {env});
		const npm = await run(process.execPath, [path.join(repoRoot, 'bin', 'podscope.js'), ...args]);
		// The client sends what it has and the sim refuses it, in kubectl's words, in both forms.
		expect(npm).toMatchObject({code: 1, stderr: 'error: You must be logged in to the server (Unauthorized)\n'});
		expect(single).toEqual(npm);
	});

	test('the sim it runs gives exec -it a terminal, from the pty addon it carries', async () => {
		// script(1) gives kubectl a terminal, so that it asks for one.
		const result = await run(
			'script',
			['-qec', `${kubectlPath} --kubeconfig ${sim!.kubeconfig} exec -it web-with-logging -c web-app -- sh -c 'tty'`, '/dev/null'],
			{env},
		);
		expect(result.stdout, result.stderr).toMatch(/\/dev\/pts\/\d+/);
	});

	test.runIf(namespacesAvailable())("port-forward reaches a process listening in the pod's own network namespace", async () => {
		const pod = path.join(dir, 'served.yaml');
		writeFileSync(
			pod,
			JSON.stringify({
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: {name: 'served'},
				spec: {
					containers: [{name: 'web', image: 'python:3.12', command: ['python3', '-m', 'http.server', '8080', '--bind', '127.0.0.1', '--directory', '/etc']}],
				},
			}),
		);
		expect((await kubectl(['apply', '-f', pod])).code).toBe(0);
		// Listening (port 8080 is 1F90 in /proc/net/tcp): a refused forward ends port-forward, as kubectl's.
		await eventually(async () => (await kubectl(['exec', 'served', '--', 'cat', '/proc/net/tcp'])).stdout.includes(':1F90 00000000:0000 0A'));
		// The sim's relay into the pod's namespace runs `process.execPath -e …`: the single file itself.
		const forward = startForward(file, ['--kubeconfig', sim!.kubeconfig, 'port-forward', 'served', ':8080'], env);
		try {
			const port = await forwardedPort(forward, 8080);
			const answer = await eventually(async () => {
				const response = await httpGet(port, '/hostname').catch(() => '');
				return response.startsWith('HTTP/1.0 200') && response;
			});
			expect(answer).toMatch(/\r\n\r\nserved\n$/);
		} finally {
			forward.child.kill('SIGINT');
			await forward.exited;
		}
	});

	test("krew's manifest lists both archives by their sha256, each holding the file as kubectl-podscope", async () => {
		const out = path.join(repoRoot, 'dist-sea');
		const manifest = parse(readFileSync(path.join(out, 'podscope.yaml'), 'utf8')) as {spec: {platforms: {uri: string; sha256: string; bin: string}[]}};
		expect(manifest.spec.platforms.map(platform => path.basename(platform.uri))).toEqual(['podscope-linux-x64.tar.gz', 'podscope-linux-arm64.tar.gz']);
		for (const [index, arch] of (['x64', 'arm64'] as const).entries()) {
			const archive = path.join(out, `podscope-linux-${arch}.tar.gz`);
			expect(manifest.spec.platforms[index]!.sha256).toBe(createHash('sha256').update(readFileSync(archive)).digest('hex'));
			const unpacked = path.join(dir, `krew-${arch}`);
			mkdirSync(unpacked);
			expect((await run('tar', ['-xzf', archive, '-C', unpacked], {env})).code).toBe(0);
			expect(readdirSync(unpacked)).toEqual([manifest.spec.platforms[index]!.bin]);
			expect(readFileSync(path.join(unpacked, 'kubectl-podscope')).equals(readFileSync(seaFile(arch)))).toBe(true);
		}
	});

	test('--demo in a terminal: its pod list, then q restores the terminal', async () => {
		const tmux = new TmuxSession('sea-demo', path.join(dir, 'demo.status'));
		try {
			tmux.start(`'${file}' --demo`, {columns: 120, rows: 40}, {PATH: env.PATH!, HOME: env.HOME!}, dir);
			await tmux.waitFor(screen => /Pods \(\d+\)/.test(screen) && screen.includes('DEMO') && screen.includes('native-sidecar'), 30_000);
			expect(tmux.alternateScreen()).toBe(true);
			await quitRestoresTerminal(tmux);
		} finally {
			tmux.kill();
		}
	}, 60_000);
});
