// Log throughput: `podscope logs -f` against `kubectl logs -f` on the sim's log-flood, the
// same stream read to /dev/null by each in turn, best of several rounds each, in lines/s.
import {openSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {figure, kubectl, node, podscopeBin, sleep, startSim} from './lib.js';

export default async function logs({quick}) {
	const lines = quick ? 100_000 : 500_000;
	const rounds = quick ? 2 : 3;
	const sim = await startSim(['--scenario', 'log-flood', '--flood-lines', String(lines), '--flood-rate', '0']);
	try {
		// Wait until the whole flood is written, so both clients read the same lines.
		for (let tries = 0; ; tries++) {
			const phase = spawnSync(kubectl, ['--kubeconfig', sim.kubeconfig, 'get', 'pod', 'log-flood', '-o', 'jsonpath={.status.phase}'], {encoding: 'utf8'}).stdout;
			if (phase === 'Succeeded') break;
			if (tries > 600) throw new Error(`log-flood never finished (phase ${phase})`);
			await sleep(100);
		}
		const devNull = openSync('/dev/null', 'w');
		const time = (file, args) => {
			const start = performance.now();
			const result = spawnSync(file, args, {stdio: ['ignore', devNull, 'pipe'], env: {...process.env, NO_COLOR: '1'}});
			if (result.status !== 0) throw new Error(`${file} failed (${result.status}): ${result.stderr}`);
			return (performance.now() - start) / 1000;
		};
		const best = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
		for (let round = 0; round < rounds; round++) {
			best.podscope = Math.min(best.podscope, time(node, [podscopeBin, 'logs', '--kubeconfig', sim.kubeconfig, 'log-flood', '-f']));
			best.kubectl = Math.min(best.kubectl, time(kubectl, ['--kubeconfig', sim.kubeconfig, 'logs', 'log-flood', '-f']));
		}
		return [
			figure(`logs -f throughput (${lines} lines)`, {
				podscope: lines / best.podscope,
				kubectl: lines / best.kubectl,
				unit: 'lines/s',
				higherIsBetter: true,
				note: `best of ${rounds}, to /dev/null`,
				budget: (_value, ratio) => ratio >= 1.0,
			}),
		];
	} finally {
		await sim.stop();
	}
}
