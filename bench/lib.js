// Shared pieces of the benchmarks: a sim in its own process, podscope in a real pseudo-
// terminal with its trace, timing of whole commands, and statistics.
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import pty from '@lydell/node-pty';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const node = process.execPath;
export const podscopeBin = path.join(root, 'bin', 'podscope.js');
export const kubectl = process.env.KUBECTL ?? '/usr/bin/kubectl';

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

export function median(values) {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values, p) {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function tempDir(prefix = 'podscope-bench-') {
	return mkdtempSync(path.join(tmpdir(), prefix));
}

/** `podscope sim` as a separate process; resolves once it listens. */
export async function startSim(args = [], {timeoutMs = 180_000} = {}) {
	const dir = tempDir();
	const kubeconfig = path.join(dir, 'kubeconfig');
	const child = spawn(node, [podscopeBin, 'sim', '--port', '0', '--write-kubeconfig', kubeconfig, ...args], {stdio: ['ignore', 'pipe', 'inherit']});
	let output = '';
	await new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`sim did not start within ${timeoutMs} ms`)), timeoutMs);
		child.stdout.on('data', chunk => {
			output += chunk;
			if (output.includes('listening on')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.on('exit', code => reject(new Error(`sim exited with ${code}`)));
	});
	return {
		kubeconfig,
		pid: child.pid,
		async stop() {
			child.kill('SIGTERM');
			await new Promise(resolve => child.once('exit', resolve));
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** Wall time of a command run to completion, output discarded (or counted). */
export function timeCommand(file, args, {env} = {}) {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const child = spawn(file, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}});
		let bytes = 0;
		let stderr = '';
		child.stdout.on('data', chunk => (bytes += chunk.length));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => {
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			if (code !== 0) reject(new Error(`${path.basename(file)} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
			else resolve({ms, bytes});
		});
	});
}

/** Peak resident set size of a process, in MB (VmHWM). */
export function peakRssMb(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
	} catch {
		return Number.NaN;
	}
}

export function currentRssMb(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
	} catch {
		return Number.NaN;
	}
}

/**
 * The TUI in a real pseudo-terminal with PODSCOPE_TRACE: events arrive as parsed JSON lines
 * (first-list-frame, key-frame) with their absolute time.
 */
export function startTui(args, {columns = 160, rows = 50, nodeArgs = [], env = {}, singleFile} = {}) {
	const dir = tempDir('podscope-tui-');
	const traceFile = path.join(dir, 'trace.jsonl');
	const launchedAt = performance.timeOrigin + performance.now();
	// BENCH_TUI_NODE_ARGS, for people: e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile a run.
	const extra = (process.env.BENCH_TUI_NODE_ARGS ?? '').split(' ').filter(Boolean);
	// singleFile: a single executable of `npm run build:sea` instead of Node and bin/podscope.js.
	const [file, ...fileArgs] = singleFile ? [singleFile] : [node, ...nodeArgs, ...extra, podscopeBin];
	const term = pty.spawn(file, [...fileArgs, ...args], {
		name: 'xterm-256color',
		cols: columns,
		rows,
		cwd: root,
		env: {...process.env, ...env, PODSCOPE_TRACE: traceFile},
	});
	let screen = '';
	term.onData(data => {
		screen = (screen + data).slice(-200_000);
	});
	const events = () => {
		if (!existsSync(traceFile)) return [];
		return readFileSync(traceFile, 'utf8')
			.split('\n')
			.filter(Boolean)
			.map(line => JSON.parse(line));
	};
	return {
		pid: term.pid,
		launchedAt,
		events,
		output: () => screen,
		/** Key-to-frame latencies traced since the `from`-th event. */
		keyLatencies: (from = 0) =>
			events()
				.slice(from)
				.filter(item => item.event === 'key-frame')
				.map(item => item.latency),
		write: data => term.write(data),
		async waitFor(predicate, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = events().find(predicate);
				if (found) return found;
				if (Date.now() > deadline) throw new Error('trace event did not arrive in time');
				await sleep(10);
			}
		},
		async stop() {
			term.write('q');
			const exited = new Promise(resolve => term.onExit(resolve));
			// A profiling run needs time to write its profile.
			const timer = setTimeout(() => term.kill('SIGKILL'), extra.length > 0 ? 60_000 : 3000);
			await exited;
			clearTimeout(timer);
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

/** p50 and p99 of key-to-frame latencies, with the 100 ms budget on p99 (unless `budget: false`). */
export function latencyFigures(prefix, latencies, note, {budget = true} = {}) {
	return [
		figure(`${prefix}: key-to-frame p50`, {podscope: percentile(latencies, 50), unit: 'ms', note: `${latencies.length} keys${note ? `, ${note}` : ''}`}),
		figure(`${prefix}: key-to-frame p99`, {podscope: percentile(latencies, 99), unit: 'ms', ...(budget ? {limit: 100} : {})}),
	];
}

/**
 * The collector's pauses in a TUI's trace since the `from`-th event (trace 'gc'), as one figure
 * without a budget: what the key-to-frame tail waited for, steadier from run to run than p99.
 */
export function collectorFigure(prefix, events) {
	const pauses = events.filter(item => item.event === 'gc' && (item.kind === 'minor' || item.kind === 'major'));
	const total = kind => pauses.filter(item => item.kind === kind).reduce((sum, item) => sum + item.duration, 0);
	const count = kind => pauses.filter(item => item.kind === kind).length;
	return figure(`${prefix}: collector pauses while keys were pressed`, {
		podscope: Math.round(total('minor') + total('major')),
		unit: 'ms',
		note: `${count('minor')} young (${Math.round(total('minor'))} ms), ${count('major')} full (${Math.round(total('major'))} ms)`,
	});
}

/**
 * One line of the results table: podscope against kubectl where there is a counterpart. A
 * budget is a `limit` podscope's figure must stay at or under (its margin, the share of the
 * limit to spare, is printed: the issue asks for 20%), or a `budget` function of the figure
 * and the ratio.
 */
export function figure(name, {podscope, kubectl: theirs, unit, higherIsBetter = false, budget, limit, note}) {
	const ratio = theirs ? podscope / theirs : undefined;
	const ok = limit !== undefined ? podscope <= limit : budget ? budget(podscope, ratio) : undefined;
	const margin = limit !== undefined && Number.isFinite(podscope) ? 1 - podscope / limit : undefined;
	return {name, podscope, kubectl: theirs, unit, ratio, higherIsBetter, ok, limit, margin, note};
}
