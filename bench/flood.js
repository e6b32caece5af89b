// The TUI under a flood: four log panes side by side while their containers write a given
// total rate; key-to-frame latency while it lasts, peak memory, and lines lost inside the
// buffers (each pane must hold an unbroken run of the lines its container wrote). And memory
// at rest: four panes following steady output, RSS growth once the buffers are full.
import {createHash} from 'node:crypto';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {collectorFigure, currentRssMb, figure, latencyFigures, peakRssMb, sleep, startSim, startTui, tempDir} from './lib.js';

const containers = ['alpha', 'beta', 'gamma', 'delta'];

function scenario({rate, seconds, waitSeconds}) {
	const file = path.join(tempDir('podscope-flood-'), 'flood4.yaml');
	const perContainer = Math.round(rate / containers.length);
	const yaml = `apiVersion: v1
kind: Pod
metadata: {name: flood4}
spec:
  restartPolicy: Never
  initContainers:
  - name: wait
    image: busybox:1.36
    x-sim: {exit: {after: ${waitSeconds}, code: 0}}
  containers:
${containers.map(name => `  - name: ${name}\n    image: busybox:1.36\n    x-sim: {flood: {lines: ${perContainer * seconds}, rate: ${perContainer}, bytes: 120}}`).join('\n')}
`;
	writeFileSync(file, yaml);
	return {file, perContainer: perContainer * seconds};
}

// The trace names a pane's first and last lines by hash (podscope's traces hold no log text);
// the flood's lines are known, so their hashes find their numbers.
const hashes = new Map();
const floodLine = n => `flood line ${String(n).padStart(9, '0')} ${'x'.repeat(80)}`;
const traceHash = text => createHash('sha256').update(text).digest('hex').slice(0, 16);
function lineNumber(hash, lines) {
	for (let n = hashes.size + 1; n <= lines && !hashes.has(hash); n++) hashes.set(traceHash(floodLine(n)), n);
	return hashes.get(hash) ?? Number.NaN;
}

/** Open the four flood panes from the browser: the pod, its containers, mark each, l. */
async function openPanes(tui) {
	await tui.waitFor(item => item.event === 'first-list-frame', 60_000);
	tui.write('/flood4\r');
	await sleep(300);
	tui.write('\r');
	await sleep(300);
	for (let index = 0; index < containers.length; index++) {
		tui.write('j');
		await sleep(80);
		tui.write(' ');
		await sleep(80);
	}
	tui.write('l');
	await sleep(500);
}

async function closePanes(tui) {
	tui.write('\u001b');
	const panes = [];
	const deadline = Date.now() + 10_000;
	while (panes.length < containers.length && Date.now() < deadline) {
		panes.splice(0, panes.length, ...tui.events().filter(item => item.event === 'log-pane'));
		await sleep(50);
	}
	return panes;
}

export async function flood({rate, seconds}) {
	const waitSeconds = 6;
	const {file, perContainer} = scenario({rate, seconds, waitSeconds});
	const sim = await startSim(['--scenario', file]);
	const tui = startTui(['--kubeconfig', sim.kubeconfig], {columns: 200, rows: 50});
	try {
		await openPanes(tui);
		const floodStarts = Date.now() + Math.max(0, waitSeconds * 1000 - 2500);
		while (Date.now() < floodStarts) await sleep(100);
		const before = tui.events().length;
		const end = Date.now() + seconds * 1000;
		// A key that always changes the frame: timestamps on, off, on...
		while (Date.now() < end) {
			tui.write('t');
			await sleep(150);
		}
		await sleep(2000);
		const latencies = tui.keyLatencies(before);
		const collector = collectorFigure('flood', tui.events().slice(before));
		if (process.env.BENCH_DUMP) process.stderr.write(`latencies: ${[...latencies].sort((a, b) => a - b).join(' ')}\n`);
		const rss = peakRssMb(tui.pid);
		const panes = await closePanes(tui);
		let lost = 0;
		let complete = 0;
		for (const pane of panes) {
			const first = lineNumber(pane.firstHash, perContainer * seconds);
			const last = lineNumber(pane.lastHash, perContainer * seconds);
			lost += last - first + 1 - pane.pushed;
			if (last === perContainer) complete++;
		}
		if (process.env.BENCH_DUMP)
			process.stderr.write(
				`panes: ${panes.map(pane => `${pane.container} ${lineNumber(pane.lastHash, perContainer * seconds)}/${perContainer}`).join(', ')}\n`,
			);
		const note = `${panes.length} panes, ${complete} followed to the end, ${rate} lines/s for ${seconds} s`;
		return [
			...latencyFigures('flood', latencies),
			collector,
			figure('flood: peak RSS', {podscope: rss, unit: 'MB'}),
			figure('flood: lines lost in the buffers', {
				podscope: panes.length === containers.length ? lost : Number.NaN,
				unit: 'lines',
				note,
				budget: value => value === 0,
			}),
		];
	} finally {
		await tui.stop();
		await sim.stop();
	}
}

export async function rest({seconds, warmup}) {
	const waitSeconds = 6;
	const {file} = scenario({rate: 4000, seconds: seconds + warmup + 30, waitSeconds});
	const sim = await startSim(['--scenario', file]);
	// --expose-gc lets the TUI's memory trace collect before it measures: growth of the heap
	// after a full collection is retention; RSS also moves with V8's sizing of its heap.
	const tui = startTui(['--kubeconfig', sim.kubeconfig], {columns: 200, rows: 50, nodeArgs: ['--expose-gc'], env: {PODSCOPE_TRACE_MEMORY_MS: '5000'}});
	try {
		await openPanes(tui);
		// Buffers (10,000 lines) fill in ten seconds at 1,000 lines/s, but RSS goes on rising for
		// a few minutes more while V8 sizes its heap for the rate (heapTotal, not the live heap,
		// grows): measure from a settled process, after `warmup` seconds.
		await sleep(Math.max(0, waitSeconds * 1000 - 2500) + warmup * 1000);
		const start = currentRssMb(tui.pid);
		const from = tui.events().filter(item => item.event === 'memory').length;
		await sleep(seconds * 1000);
		const end = currentRssMb(tui.pid);
		const samples = tui
			.events()
			.filter(item => item.event === 'memory')
			.slice(Math.max(0, from - 1));
		const heap = samples.map(item => item.heapUsed / 2 ** 20);
		if (process.env.BENCH_DUMP)
			process.stderr.write(
				`memory (rss/heapTotal/heapUsed/external MB): ${samples.map(item => [item.rss, item.heapTotal, item.heapUsed, item.external].map(value => (value / 2 ** 20).toFixed(0)).join('/')).join(' ')}\n`,
			);
		const heapGrowth = heap.length >= 2 ? heap.at(-1) - heap[0] : Number.NaN;
		return [
			figure(`rest: RSS growth over ${seconds} s (4 panes, 1,000 lines/s each)`, {
				podscope: end - start,
				unit: 'MB',
				note: `${start.toFixed(0)} → ${end.toFixed(0)} MB, after ${warmup} s`,
				budget: value => value <= 10,
			}),
			figure(`rest: heap growth after GC over ${seconds} s`, {
				podscope: heapGrowth,
				unit: 'MB',
				note: heap.length ? `${heap[0].toFixed(1)} → ${heap.at(-1).toFixed(1)} MB live` : 'no samples',
				budget: value => value <= 10,
			}),
		];
	} finally {
		await tui.stop();
		await sim.stop();
	}
}
