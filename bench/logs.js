// Log throughput: `podscope logs -f` against `kubectl logs -f` on the sim's log-flood, the
// same stream read to /dev/null by each in turn, best of several rounds each, in lines/s.
import {openSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {figure, kubectl, node, podscopeBin, sleep, startSim, timeCommand} from './lib.js';

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
		const podscopeArgs = [podscopeBin, 'logs', '--kubeconfig', sim.kubeconfig, 'log-flood', '-f'];
		const kubectlArgs = ['--kubeconfig', sim.kubeconfig, 'logs', 'log-flood', '-f'];
		const best = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
		// The same into a pipe, as `| grep` would read it: kubectl writes each line with its own
		// system call, which /dev/null absorbs and a pipe does not.
		const piped = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
		// podscope always asks the API for timestamps (a dropped stream resumes from them without
		// loss), a quarter more bytes from the server; with --timestamps both read the same bytes.
		const stamped = {podscope: Number.POSITIVE_INFINITY, kubectl: Number.POSITIVE_INFINITY};
		for (let round = 0; round < rounds; round++) {
			best.podscope = Math.min(best.podscope, time(node, podscopeArgs));
			best.kubectl = Math.min(best.kubectl, time(kubectl, kubectlArgs));
			stamped.podscope = Math.min(stamped.podscope, time(node, [...podscopeArgs, '--timestamps']));
			stamped.kubectl = Math.min(stamped.kubectl, time(kubectl, [...kubectlArgs, '--timestamps']));
			piped.podscope = Math.min(piped.podscope, (await timeCommand(node, podscopeArgs, {env: {NO_COLOR: '1'}})).ms / 1000);
			piped.kubectl = Math.min(piped.kubectl, (await timeCommand(kubectl, kubectlArgs)).ms / 1000);
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
			figure(`logs -f --timestamps throughput (${lines} lines)`, {
				podscope: lines / stamped.podscope,
				kubectl: lines / stamped.kubectl,
				unit: 'lines/s',
				higherIsBetter: true,
				note: `best of ${rounds}, to /dev/null, the same bytes read by both`,
			}),
			figure(`logs -f throughput into a pipe (${lines} lines)`, {
				podscope: lines / piped.podscope,
				kubectl: lines / piped.kubectl,
				unit: 'lines/s',
				higherIsBetter: true,
				note: `best of ${rounds}, read by the bench`,
			}),
		];
	} finally {
		await sim.stop();
	}
}
