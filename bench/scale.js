// Scale: thousands of three-container pods changing status many times a second. Time to the
// first full list (vs kubectl get pods), key-to-frame latency while scrolling and filtering,
// and peak memory. With `namespaces`, the pods are spread over that many namespaces and both
// podscope and kubectl list them all (-A), budgets left out: the 5,000-pod run's are the
// budgets, this one says how far past them podscope stays usable.
import {collectorFigure, figure, kubectl, latencyFigures, peakRssMb, sleep, startSim, startTui, timeCommand} from './lib.js';

export async function scale({pods, churn, keys, namespaces}) {
	const all = namespaces !== undefined;
	const sim = await startSim([
		'--scenario',
		'many-pods',
		'--pods',
		String(pods),
		'--churn',
		String(churn),
		// The sim's one node must hold them all (a small node takes 110), as a cluster's many nodes would.
		'--node-max-pods',
		String(pods),
		// 20,000 pods at their simulated 70 Mi each are more than one node's memory: the kubelet
		// would evict them. A cluster that runs them has the nodes for them.
		...(all ? ['--pod-namespaces', String(namespaces), '--node-memory', `${Math.ceil((pods * 80) / 1024)}Gi`] : []),
	]);
	const scope = all ? ['-A'] : [];
	const label = all ? `scale -A (${pods} pods, ${namespaces} namespaces)` : 'scale';
	let tui;
	try {
		const listed = await timeCommand(kubectl, ['--kubeconfig', sim.kubeconfig, 'get', 'pods', ...scope]);
		tui = startTui(['--kubeconfig', sim.kubeconfig, ...scope]);
		const first = await tui.waitFor(item => item.event === 'first-list-frame' && item.pods >= pods, 300_000);
		const firstList = first.at - tui.launchedAt;
		await sleep(500);
		// Scroll, then filter as a person types, one key at a time.
		const before = tui.events().length;
		// Every key moves the selection (down to the end, back up to the top, ...): a key that
		// changes nothing has no frame, and the next unrelated frame would be counted as its own.
		const cycle = [...'jjjjjjjjj', 'G', ...'kkkkkkkkk', 'g'];
		for (let index = 0; index < keys; index++) {
			tui.write(cycle[index % cycle.length]);
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
		const latencies = tui.keyLatencies(before);
		const collector = collectorFigure(label, tui.events().slice(before));
		if (process.env.BENCH_DUMP) {
			process.stderr.write(`latencies: ${latencies.join(' ')}\n`);
			const memory = tui.events().filter(item => item.event === 'memory');
			process.stderr.write(
				`memory (ms: rss/heapTotal/heapUsed MB): ${memory.map(item => `${item.ms}: ${[item.rss, item.heapTotal, item.heapUsed].map(value => (value / 2 ** 20).toFixed(0)).join('/')}`).join(' ')}\n`,
			);
		}
		// Close the filter prompt, so that stop()'s q quits rather than types.
		tui.write('\u001b');
		await sleep(300);
		const rss = peakRssMb(tui.pid);
		if (all)
			return [
				figure(`${label}: first full list`, {podscope: firstList, kubectl: listed.ms, unit: 'ms', note: 'vs kubectl get pods -A'}),
				...latencyFigures(label, latencies, `${churn} changes/s`, {budget: false}),
				collector,
				figure(`${label}: peak RSS`, {podscope: rss, unit: 'MB'}),
			];
		return [
			figure(`scale: first full list (${pods} pods)`, {
				podscope: firstList,
				kubectl: listed.ms,
				unit: 'ms',
				note: 'vs kubectl get pods',
				limit: 2000,
			}),
			...latencyFigures('scale', latencies, `${churn} changes/s`),
			collector,
			figure('scale: peak RSS', {podscope: rss, unit: 'MB', limit: 300}),
		];
	} finally {
		await tui?.stop();
		await sim.stop();
	}
}
