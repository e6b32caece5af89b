import {createHash} from 'node:crypto';
import {closeSync, fchmodSync, openSync, writeSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

// PODSCOPE_TRACE=1 (stderr) or =FILE: timing and counting events for the benchmarks, one JSON
// line each. ms: since this process started; at: wall-clock epoch ms, for tools that launched it;
// cpu: CPU ms used so far.
// A trace file is the user's alone (0600) and holds no text from the cluster: log lines are
// traced as hashes (traceHash).

export const tracing = Boolean(process.env.PODSCOPE_TRACE);

let file: {path: string; fd: number} | undefined;

function traceFile(path: string): number {
	if (file?.path === path) return file.fd;
	if (file) closeSync(file.fd);
	const fd = openSync(path, 'a', 0o600);
	// An existing file keeps its mode on open: make it private too.
	fchmodSync(fd, 0o600);
	file = {path, fd};
	return fd;
}

export function trace(event: string, data: Record<string, unknown> = {}): void {
	const target = process.env.PODSCOPE_TRACE;
	if (!target) return;
	const now = performance.now();
	// cpu: the process's user and system time so far, steadier than wall time on a busy machine.
	const {user, system} = process.cpuUsage();
	const line = JSON.stringify({event, ms: Math.round(now), at: performance.timeOrigin + now, cpu: Math.round((user + system) / 1000), ...data}) + '\n';
	if (target === '1') process.stderr.write(line);
	else writeSync(traceFile(target), line);
}

/** A log line in a trace: enough to recognise a line one wrote, nothing to read one never saw. */
export const traceHash = (text: string | undefined) => (text === undefined ? undefined : createHash('sha256').update(text).digest('hex').slice(0, 16));
