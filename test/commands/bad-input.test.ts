import {createServer} from 'node:https';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {run, startTestSim, type TestSim} from '../helpers/sim.js';

// Every bad input gets one clear line and a non-zero exit, never a stack trace.

let sim: TestSim;
let notKube: ReturnType<typeof createServer>;
let notKubeConfig: string;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	// An HTTPS server that is not Kubernetes (a web server's 404 page), reached with the sim's
	// certificates so that TLS is not what fails.
	const raw = parse(readFileSync(sim.kubeconfigPath, 'utf8'));
	const serverPem = sim.pki.server;
	notKube = createServer({key: serverPem.key, cert: serverPem.cert}, (_request, response) => {
		response.writeHead(404, {'Content-Type': 'text/html'});
		response.end('<html><body><h1>404 Not Found</h1></body></html>');
	});
	const port = await new Promise<number>(resolve => notKube.listen(0, '127.0.0.1', () => resolve((notKube.address() as {port: number}).port)));
	raw.clusters[0].cluster.server = `https://127.0.0.1:${port}`;
	notKubeConfig = path.join(sim.dir, 'not-kube.kubeconfig');
	writeFileSync(notKubeConfig, stringify(raw));
});
afterAll(async () => {
	notKube?.close();
	await sim.close();
});

const podscope = (args: string[]) => run(process.execPath, ['bin/podscope.js', ...args]);
const oneLine = (text: string) => text.trim().split('\n').length === 1;

describe('bad input', () => {
	it('an unknown flag or a flag without its value: kubectl’s lines and exit 1', async () => {
		const cases: Array<[string[], string]> = [
			[['--bogus'], "Error: unknown flag: --bogus\nSee 'podscope --help' for usage.\n"],
			[['-z'], "Error: unknown shorthand flag: 'z' in -z\nSee 'podscope --help' for usage.\n"],
			[['describe', 'web-with-logging', '-n'], "Error: flag needs an argument: 'n' in -n\nSee 'podscope describe --help' for usage.\n"],
			[['exec', 'web-with-logging', '--container'], "Error: flag needs an argument: --container\nSee 'podscope exec --help' for usage.\n"],
			[['doctor', '--since'], "Error: unknown flag: --since\nSee 'podscope doctor --help' for usage.\n"],
		];
		for (const [args, stderr] of cases) {
			const result = await podscope(args);
			expect({args, code: result.code, stderr: result.stderr}).toEqual({args, code: 1, stderr});
		}
	});

	it('a CA with insecure-skip-tls-verify: client-go’s refusal', async () => {
		const raw = parse(readFileSync(sim.kubeconfigPath, 'utf8'));
		raw.clusters[0].cluster['insecure-skip-tls-verify'] = true;
		const file = path.join(sim.dir, 'insecure-with-ca.kubeconfig');
		writeFileSync(file, stringify(raw));
		const result = await podscope(['describe', 'web-with-logging', '--kubeconfig', file]);
		expect(result.stderr).toBe('error: specifying a root certificates file with the insecure flag is not allowed\n');
		expect(result.code).toBe(1);
	});

	it('podscope sim with a log rotation policy the kubelet would refuse: its start-up error, exit 1', async () => {
		const files = await podscope(['sim', '--port', '0', '--container-log-max-files', '1', '--write-kubeconfig', path.join(sim.dir, 'unused')]);
		expect(files.code).toBe(1);
		expect(files.stderr).toBe('error: invalid configuration: containerLogMaxFiles must be greater than 1\n');
		const size = await podscope(['sim', '--port', '0', '--container-log-max-size', '10MB', '--write-kubeconfig', path.join(sim.dir, 'unused')]);
		expect(size.code).toBe(1);
		expect(size.stderr).toMatch(/^error: failed to initialize container log manager: failed to parse container log max size "10MB": quantities must match/);
		expect(oneLine(size.stderr)).toBe(true);
	});

	it('an unknown context', async () => {
		const result = await podscope(['describe', 'web-with-logging', '--kubeconfig', sim.kubeconfigPath, '--context', 'nope']);
		expect(result.code).not.toBe(0);
		expect(result.stderr.trim()).toBe('error: context "nope" does not exist');
	});

	it('a malformed kubeconfig names the file', async () => {
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'podscope-bad-')), 'config');
		writeFileSync(file, 'clusters: [\n  - name: x\n   bad: indent');
		const result = await podscope(['logs', 'x', '--kubeconfig', file]);
		expect(result.code).not.toBe(0);
		expect(result.stderr).toContain(`error loading config file "${file}"`);
		expect(oneLine(result.stderr)).toBe(true);
	});

	it('a server that is not Kubernetes', async () => {
		const result = await podscope(['describe', 'web-with-logging', '--kubeconfig', notKubeConfig]);
		expect(result.code).not.toBe(0);
		expect(oneLine(result.stderr)).toBe(true);
		expect(result.stderr).toContain('is this a Kubernetes API server?');
		expect(result.stderr).not.toContain('<html>');
	});

	it('an unreachable server names it', async () => {
		const raw = parse(readFileSync(sim.kubeconfigPath, 'utf8'));
		raw.clusters[0].cluster.server = 'https://127.0.0.1:9';
		const file = path.join(sim.dir, 'unreachable.kubeconfig');
		writeFileSync(file, stringify(raw));
		const result = await podscope(['describe', 'web-with-logging', '--kubeconfig', file]);
		expect(result.code).not.toBe(0);
		expect(result.stderr.trim()).toBe('Unable to connect to the server: dial tcp 127.0.0.1:9: connect: connection refused');
	});

	it('an invalid selector, --since and --tail', async () => {
		const selector = await podscope(['logs', '-l', 'a b c', '--kubeconfig', sim.kubeconfigPath]);
		expect(selector.code).not.toBe(0);
		expect(oneLine(selector.stderr)).toBe(true);
		const since = await podscope(['logs', 'web-with-logging', '--since', '5x', '--kubeconfig', sim.kubeconfigPath]);
		expect(since.code).not.toBe(0);
		expect(since.stderr).toContain('invalid argument "5x" for "--since" flag');
		const tail = await podscope(['--tail', '-3']);
		expect(tail.code).toBe(1);
		expect(tail.stderr.trim()).toBe('error: invalid --tail -3: must be a whole number, 0 or more');
	});
});
