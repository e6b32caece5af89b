#!/usr/bin/env node
// `podscope logs -f` against `kubectl logs -f` on the sim's log-flood: the same 500,000-line
// stream read to /dev/null by each in turn, best of three rounds each, lines/s and the ratio.
// Usage: node bench/logs.js [--lines N] [--rounds R]; writes bench/logs-results.json.
import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync, openSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';

const root = path.resolve(import.meta.dirname, '..');
const argValue = (name, fallback) => {
	const index = process.argv.indexOf(name);
	return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const lines = argValue('--lines', 500_000);
const rounds = argValue('--rounds', 3);
const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl';
const dir = mkdtempSync(path.join(tmpdir(), 'podscope-bench-'));
const kubeconfig = path.join(dir, 'kubeconfig');

const sim = spawn(process.execPath, [path.join(root, 'bin/podscope.js'), 'sim', '--port', '0', '--write-kubeconfig', kubeconfig, '--scenario', 'log-flood', '--flood-lines', String(lines), '--flood-rate', '0'], {stdio: ['ignore', 'pipe', 'inherit']});
await new Promise((resolve, reject) => {
	sim.stdout.on('data', chunk => String(chunk).includes('listening') && resolve());
	sim.once('exit', code => reject(new Error(`sim exited with ${code}`)));
});

try {
	// Wait for the whole flood to be written, so both clients read the same 500,000 lines.
	for (let tries = 0; ; tries++) {
		const phase = spawnSync(kubectlPath, ['--kubeconfig', kubeconfig, 'get', 'pod', 'log-flood', '-o', 'jsonpath={.status.phase}'], {encoding: 'utf8'}).stdout;
		if (phase === 'Succeeded') break;
		if (tries > 600) throw new Error(`log-flood never finished (phase ${phase})`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}

	const devNull = openSync('/dev/null', 'w');
	const time = (file, args) => {
		const start = performance.now();
		const result = spawnSync(file, args, {stdio: ['ignore', devNull, 'pipe'], env: {...process.env, NO_COLOR: '1'}});
		if (result.status !== 0) throw new Error(`${path.basename(file)} failed (${result.status}): ${result.stderr}`);
		return (performance.now() - start) / 1000;
	};
	const clients = {
		podscope: () => time(process.execPath, [path.join(root, 'bin/podscope.js'), 'logs', '--kubeconfig', kubeconfig, 'log-flood', '-f']),
		kubectl: () => time(kubectlPath, ['--kubeconfig', kubeconfig, 'logs', 'log-flood', '-f']),
	};
	const best = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
	for (let round = 0; round < rounds; round++) {
		for (const name of Object.keys(clients)) best[name] = Math.min(best[name], clients[name]());
	}
	const rate = seconds => Math.round(lines / seconds);
	const results = {
		lines,
		rounds,
		podscope: {seconds: Number(best.podscope.toFixed(3)), linesPerSecond: rate(best.podscope)},
		kubectl: {seconds: Number(best.kubectl.toFixed(3)), linesPerSecond: rate(best.kubectl)},
		ratio: Number((best.kubectl / best.podscope).toFixed(2)),
	};
	console.log(`\n  logs -f of ${lines.toLocaleString('en')} lines to /dev/null (best of ${rounds})\n`);
	console.log('  client     seconds   lines/s');
	for (const name of ['podscope', 'kubectl']) console.log(`  ${name.padEnd(9)} ${results[name].seconds.toFixed(3).padStart(8)} ${String(results[name].linesPerSecond).padStart(9)}`);
	console.log(`\n  podscope / kubectl throughput: ${results.ratio}×\n`);
	writeFileSync(path.join(root, 'bench', 'logs-results.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
	sim.kill('SIGTERM');
	rmSync(dir, {recursive: true, force: true});
}
