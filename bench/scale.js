// Scale: thousands of three-container pods changing status many times a second. Time to the
// first full list (vs kubectl get pods), key-to-frame latency while scrolling and filtering,
// and peak memory.
import {figure, kubectl, percentile, peakRssMb, sleep, startSim, startTui, timeCommand} from './lib.js';

export async function scale({pods, churn, keys}) {
	const sim = await startSim(['--scenario', 'many-pods', '--pods', String(pods), '--churn', String(churn)]);
	try {
		const listed = await timeCommand(kubectl, ['--kubeconfig', sim.kubeconfig, 'get', 'pods']);
		const tui = startTui(['--kubeconfig', sim.kubeconfig]);
		const first = await tui.waitFor(item => item.event === 'first-list-frame' && item.pods >= pods, 120_000);
		const firstList = first.at - tui.launchedAt;
		await sleep(500);
		// Scroll, then filter as a person types, one key at a time.
		const before = tui.events().length;
		for (let index = 0; index < keys; index++) {
			tui.write(index % 10 === 9 ? 'G' : 'j');
			await sleep(40);
		}
		tui.write('g');
		await sleep(100);
		tui.write('/');
		for (const char of 'scale-01') {
			tui.write(char);
			await sleep(60);
		}
		for (let index = 0; index < 8; index++) {
			tui.write('\u007f');
			await sleep(60);
		}
		await sleep(300);
		const latencies = tui
			.events()
			.slice(before)
			.filter(item => item.event === 'key-frame')
			.map(item => item.latency);
		const rss = peakRssMb(tui.pid);
		await tui.stop();
		return [
			figure(`scale: first full list (${pods} pods)`, {podscope: firstList, kubectl: listed.ms, unit: 'ms', note: 'vs kubectl get pods', budget: value => value <= 2000}),
			figure('scale: key-to-frame p50', {podscope: percentile(latencies, 50), unit: 'ms', note: `${latencies.length} keys, ${churn} changes/s`}),
			figure('scale: key-to-frame p99', {podscope: percentile(latencies, 99), unit: 'ms', budget: value => value <= 100}),
			figure('scale: peak RSS', {podscope: rss, unit: 'MB', budget: value => value <= 300}),
		];
	} finally {
		await sim.stop();
	}
}
