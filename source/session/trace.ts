import {appendFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

// PODSCOPE_TRACE=1 (stderr) or =FILE: timing and counting events for the benchmarks, one JSON
// line each. ms: since this process started; at: wall-clock epoch ms, for tools that launched it.

export const tracing = Boolean(process.env.PODSCOPE_TRACE);

export function trace(event: string, data: Record<string, unknown> = {}): void {
	const target = process.env.PODSCOPE_TRACE;
	if (!target) return;
	const now = performance.now();
	const line = JSON.stringify({event, ms: Math.round(now), at: performance.timeOrigin + now, ...data}) + '\n';
	if (target === '1') process.stderr.write(line);
	else appendFileSync(target, line);
}
