import {mkdtempSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {trace, traceHash} from '../../source/session/trace.js';

// PODSCOPE_TRACE=FILE: the user's alone, and free of what containers wrote.

const saved = process.env.PODSCOPE_TRACE;
afterEach(() => {
	if (saved === undefined) delete process.env.PODSCOPE_TRACE;
	else process.env.PODSCOPE_TRACE = saved;
});

describe('trace files', () => {
	it('are created 0600, and an existing one is made 0600 too', () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'podscope-trace-'));
		const fresh = path.join(dir, 'fresh.jsonl');
		process.env.PODSCOPE_TRACE = fresh;
		trace('first', {n: 1});
		expect(statSync(fresh).mode & 0o777).toBe(0o600);
		const existing = path.join(dir, 'existing.jsonl');
		writeFileSync(existing, '', {mode: 0o644});
		process.env.PODSCOPE_TRACE = existing;
		trace('second');
		expect(statSync(existing).mode & 0o777).toBe(0o600);
		const line = JSON.parse(readFileSync(fresh, 'utf8')) as {cpu: number};
		expect(line).toMatchObject({event: 'first', n: 1});
		// The CPU this process has used: this test's own run so far, not nothing.
		expect(line.cpu).toBeGreaterThan(0);
		expect(line.cpu).toBeLessThanOrEqual(Math.ceil((process.cpuUsage().user + process.cpuUsage().system) / 1000));
	});

	it('name log lines by a hash that does not contain them', () => {
		const line = 'password=hunter2 accepted';
		const hash = traceHash(line)!;
		expect(hash).toMatch(/^[0-9a-f]{16}$/);
		expect(hash).not.toContain('hunter2');
		expect(traceHash(line)).toBe(hash);
		expect(traceHash(undefined)).toBeUndefined();
	});
});
