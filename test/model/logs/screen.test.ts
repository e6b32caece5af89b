import {describe, expect, it, vi} from 'vitest';
import {formatLine, type Row} from '../../../source/model/logs/format.js';
import {jsonRows} from '../../../source/model/logs/json.js';
import {cutCells, wrapCells} from '../../../source/model/logs/layout.js';
import {makeMatcher} from '../../../source/model/logs/matcher.js';
import type {LogRecord} from '../../../source/model/logs/record.js';
import {LogScreenModel} from '../../../source/model/logs/screen.js';
import {visibleWidth} from '../../../source/model/sanitize.js';

const base = Date.parse('2026-01-01T10:00:00Z');
const rec = (text: string, ms: number): LogRecord => ({text, ms: base + ms, stamp: new Date(base + ms).toISOString()});
const text = (row: Row) =>
	row
		.map(segment => segment.text)
		.join('')
		.trimEnd();
const refs = [
	{namespace: 'default', pod: 'web', container: 'app'},
	{namespace: 'default', pod: 'web', container: 'proxy'},
];

describe('matcher', () => {
	it('matches plain text case-insensitively unless the query has a capital', () => {
		expect(makeMatcher('error', 'plain').matcher!.test('an ERROR here')).toBe(true);
		expect(makeMatcher('Error', 'plain').matcher!.test('an ERROR here')).toBe(false);
		expect(makeMatcher('a.c', 'plain').matcher!.test('abc')).toBe(false);
		expect(makeMatcher('a.c', 'regex').matcher!.ranges('abc axc')).toEqual([
			[0, 3],
			[4, 7],
		]);
	});

	it('turns an invalid regex into a message', () => {
		const result = makeMatcher('(unclosed', 'regex');
		expect(result.matcher).toBeUndefined();
		expect(result.error).toMatch(/^invalid regex/);
		expect(makeMatcher('a*', 'regex').matcher!.ranges('bbb')).toEqual([]);
	});
});

describe('layout', () => {
	it('cuts by cells and keeps colours closed', () => {
		expect(wrapCells('abcdefg', 3)).toEqual(['abc', 'def', 'g']);
		expect(cutCells('日本語テキスト', 5)).toBe('日本');
		const rows = wrapCells('\x1b[31mredredred\x1b[0m', 4);
		expect(rows[0]).toBe('\x1b[31mredr\x1b[0m');
		expect(rows[1]!.startsWith('\x1b[31m')).toBe(true);
	});

	it('formats rows of exactly the width, with highlights', () => {
		const search = makeMatcher('GET', 'plain').matcher;
		const rows = formatLine(
			{text: 'GET / 200 and GET /x', stamp: 's', ms: base},
			{width: 12, wrap: true, timestamps: false, json: 'off', stripColors: false, search},
		);
		expect(rows.map(text)).toEqual(['GET / 200 an', 'd GET /x']);
		for (const row of rows) expect(visibleWidth(row.map(segment => segment.text).join(''))).toBe(12);
		expect(rows[0]![0]).toEqual({text: 'GET', style: 'match'});
	});
});

describe('json', () => {
	it('pretty-prints or reduces a JSON object, leaves other lines', () => {
		const line = '{"timestamp":"t","level":"WARN","message":"slow-query-4","extra":1}';
		expect(jsonRows(line, 'pretty')).toHaveLength(6);
		expect(jsonRows(line, 'fields')).toEqual(['timestamp=t level=WARN slow-query-4']);
		expect(jsonRows('plain text', 'fields')).toEqual(['plain text']);
	});
});

describe('LogScreenModel', () => {
	it('merges by timestamp with labels, whatever the arrival order', () => {
		const model = new LogScreenModel(refs);
		model.append(1, [rec('p1', 10), rec('p2', 30)]);
		model.append(0, [rec('a1', 0), rec('a2', 20), rec('a3', 40)]);
		model.toggle('merged');
		const rows = model.rows(model.focusedView(), 30, 10);
		expect(rows.map(text)).toEqual(['app   │ a1', 'proxy │ p1', 'app   │ a2', 'proxy │ p2', 'app   │ a3']);
		expect(rows[0]![0]!.color).not.toBe(rows[1]![0]!.color);
	});

	it('shows the bottom while following, holds still while paused and counts new lines', () => {
		const model = new LogScreenModel(refs, 100);
		model.append(
			0,
			Array.from({length: 20}, (_, i) => rec(`line ${i}`, i)),
		);
		const view = model.focusedView();
		expect(model.rows(view, 20, 3).map(text)).toEqual(['line 17', 'line 18', 'line 19']);
		model.togglePause();
		model.append(0, [rec('line 20', 20), rec('line 21', 21)]);
		expect(model.rows(view, 20, 3).map(text)).toEqual(['line 17', 'line 18', 'line 19']);
		expect(model.frame(view, 20, 3).newLines).toBe(2);
		model.scroll(-5);
		expect(model.rows(view, 20, 3).map(text)[0]).toBe('line 12');
		model.toTop();
		expect(model.rows(view, 20, 3).map(text)[0]).toBe('line 0');
		model.toBottom();
		expect(model.rows(view, 20, 3).map(text)).toEqual(['line 19', 'line 20', 'line 21']);
	});

	it('keeps a paused view on its lines while the buffer evicts under it', () => {
		const model = new LogScreenModel(refs, 10);
		model.append(
			0,
			Array.from({length: 10}, (_, i) => rec(`line ${i}`, i)),
		);
		const view = model.focusedView();
		model.rows(view, 20, 2);
		model.scroll(-2);
		expect(model.rows(view, 20, 2).map(text)).toEqual(['line 6', 'line 7']);
		model.append(
			0,
			Array.from({length: 5}, (_, i) => rec(`line ${10 + i}`, 10 + i)),
		);
		expect(model.rows(view, 20, 2).map(text)).toEqual(['line 6', 'line 7']);
		model.append(
			0,
			Array.from({length: 5}, (_, i) => rec(`line ${15 + i}`, 15 + i)),
		);
		expect(model.rows(view, 20, 2).map(text)).toEqual(['line 10', 'line 11']);
	});

	it('searches upward from the bottom with n and back down with N, the match mid-pane', () => {
		const model = new LogScreenModel(refs);
		model.append(
			0,
			Array.from({length: 30}, (_, i) => rec(i % 10 === 3 ? `error ${i}` : `ok ${i}`, i)),
		);
		const view = model.focusedView();
		model.rows(view, 20, 3);
		model.startPrompt('search');
		model.promptInput('error');
		expect(model.typedMatches()).toBe(3);
		model.append(0, [rec('late error', 30)]);
		expect(model.typedMatches()).toBe(4);
		model.promptSubmit();
		expect(model.rows(view, 20, 3).map(text)).toEqual(['ok 28', 'ok 29', 'late error']);
		expect(model.frame(view, 20, 3).matches).toBe('4/4');
		model.findMatch(true);
		expect(model.rows(view, 20, 3).map(text)).toEqual(['ok 22', 'error 23', 'ok 24']);
		expect(model.frame(view, 20, 3).matches).toBe('3/4');
		model.findMatch(true);
		expect(model.rows(view, 20, 5).map(text)).toEqual(['ok 11', 'ok 12', 'error 13', 'ok 14', 'ok 15']);
		expect(model.frame(view, 20, 5).matches).toBe('2/4');
		model.findMatch(false);
		expect(model.rows(view, 20, 3).map(text)[1]).toBe('error 23');
		model.findMatch(false);
		expect(model.frame(view, 20, 3).matches).toBe('4/4');
		model.findMatch(false);
		expect(model.message?.text).toBe('no newer match for error');
		// The pane's title says what n/N look for, until esc clears it.
		expect(model.frame(view, 20, 3).search).toBe('error');
		model.back();
		expect(model.frame(view, 20, 3).search).toBeUndefined();
		expect(model.frame(view, 20, 3).matches).toBeUndefined();
	});

	it('shows a match near the end of the buffer on a full pane, not above blank rows', () => {
		const model = new LogScreenModel(refs);
		model.append(
			0,
			Array.from({length: 30}, (_, i) => rec(i === 27 || i === 2 ? `error ${i}` : `ok ${i}`, i)),
		);
		const view = model.focusedView();
		model.rows(view, 20, 7);
		model.startPrompt('search');
		model.promptInput('error');
		model.promptSubmit();
		expect(model.rows(view, 20, 7).map(text)).toEqual(['ok 23', 'ok 24', 'ok 25', 'ok 26', 'error 27', 'ok 28', 'ok 29']);
		expect(model.frame(view, 20, 7).matches).toBe('2/2');
		// and near the start: the first screenful
		model.findMatch(true);
		expect(model.rows(view, 20, 7).map(text)).toEqual(['ok 0', 'ok 1', 'error 2', 'ok 3', 'ok 4', 'ok 5', 'ok 6']);
		expect(model.frame(view, 20, 7).matches).toBe('1/2');
	});

	it('counts matches across a merged view in its order, leaving out hidden and filtered lines', () => {
		const model = new LogScreenModel(refs);
		model.append(0, [rec('app error a', 0), rec('app ok', 10), rec('app error b', 20)]);
		model.append(1, [rec('proxy error c', 10), rec('proxy error d', 30)]);
		model.toggle('merged');
		const view = model.focusedView();
		model.rows(view, 30, 4);
		model.startPrompt('search');
		model.promptInput('error');
		model.promptSubmit();
		expect(model.frame(view, 30, 4).matches).toBe('4/4');
		model.findMatch(true);
		expect(model.frame(view, 30, 4).matches).toBe('3/4');
		model.findMatch(true);
		expect(model.frame(view, 30, 4).matches).toBe('2/4');
		expect(model.rows(view, 30, 4).map(text)).toContain('proxy │ proxy error c');
		// new lines count at once; lines a filter hides do not
		model.append(1, [rec('proxy error e', 40)]);
		expect(model.frame(view, 30, 4).matches).toBe('2/5');
		model.startPrompt('filter');
		model.promptInput('proxy');
		model.promptSubmit();
		expect(model.frame(view, 30, 4).matches).toBe('1/3');
		model.startPrompt('search');
		model.promptInput('nothing like it');
		expect(model.typedMatches()).toBe(0);
		model.promptSubmit();
		expect(model.frame(view, 30, 4).matches).toBe('no match');
	});

	it('keeps the count right while the buffer evicts', () => {
		const model = new LogScreenModel(refs, 10);
		model.append(
			0,
			Array.from({length: 10}, (_, i) => rec(i % 2 ? `error ${i}` : `ok ${i}`, i)),
		);
		const view = model.focusedView();
		model.rows(view, 20, 3);
		model.startPrompt('search');
		model.promptInput('error');
		model.promptSubmit();
		model.findMatch(true);
		expect(model.frame(view, 20, 3).matches).toBe('4/5');
		model.append(
			0,
			Array.from({length: 4}, (_, i) => rec(`error ${10 + i}`, 10 + i)),
		);
		// error 1 and error 3 are gone, four arrived: the match (error 7) is now 2nd of 7
		expect(model.frame(view, 20, 3).matches).toBe('2/7');
	});

	it('filters as typed, says why a regex is invalid and keeps the last good filter', () => {
		const model = new LogScreenModel(refs);
		model.append(0, [rec('GET /a', 0), rec('POST /b', 1), rec('GET /c', 2)]);
		const view = model.focusedView();
		model.startPrompt('filter');
		model.promptInput('get');
		expect(model.rows(view, 20, 5).map(text)).toEqual(['GET /a', 'GET /c']);
		model.promptToggleMode();
		model.promptInput('(');
		expect(model.prompt?.error).toMatch(/invalid regex/);
		expect(model.rows(view, 20, 5).map(text)).toEqual(['GET /a', 'GET /c']);
		model.promptInput('^(POST|GET) /[bc]');
		model.promptSubmit();
		expect(model.rows(view, 20, 5).map(text)).toEqual(['POST /b', 'GET /c']);
		expect(model.back()).toBe(true);
		expect(model.rows(view, 20, 5)).toHaveLength(3);
	});

	it('excludes the lines a !filter matches, in the merged view too, until esc', () => {
		const model = new LogScreenModel(refs);
		model.append(0, [rec('GET /healthz', 0), rec('GET /a', 2)]);
		model.append(1, [rec('shipped healthz batch', 1), rec('shipped 2', 3)]);
		model.toggle('merged');
		const view = model.focusedView();
		model.startPrompt('filter');
		model.promptInput('!healthz');
		model.promptSubmit();
		expect(model.rows(view, 40, 5).map(text)).toEqual(['app   │ GET /a', 'proxy │ shipped 2']);
		expect(model.frame(view, 40, 5).filter).toBe('!healthz');
		model.startPrompt('filter');
		expect(model.prompt?.text).toBe('!healthz');
		model.promptCancel();
		model.back();
		expect(model.rows(view, 40, 5)).toHaveLength(4);
	});

	it('saves the focused buffer with stamps and no colours', () => {
		const model = new LogScreenModel(refs);
		model.append(0, [rec('\x1b[31mred\x1b[0m', 0)]);
		const saved = model.saveText();
		expect(saved.text).toBe(`${new Date(base).toISOString()} red\n`);
		expect(saved.name).toBe('web-app');
	});

	it('S asks where to save, proposing podscope-<pod>-<container>-<stamp>.log, and keeps the name when refused', () => {
		const model = new LogScreenModel(refs);
		model.append(0, [rec('one', 0), rec('two', 1)]);
		const asked: string[] = [];
		model.onSave = typed => {
			asked.push(typed);
			if (typed.endsWith('taken.log')) throw new Error('error: open taken.log: file exists');
			return {file: `/home/me/${typed}`, lines: 2};
		};
		model.startPrompt('save');
		expect(model.prompt).toMatchObject({kind: 'save'});
		expect(model.prompt!.text).toMatch(/^podscope-web-app-\d{8}-\d{6}\.log$/);
		model.promptInput('taken.log');
		model.promptSubmit();
		expect(model.message).toMatchObject({text: 'error: open taken.log: file exists', error: true});
		expect(model.prompt?.text).toBe('taken.log');
		model.promptInput('mine.log');
		model.promptSubmit();
		expect(model.prompt).toBeUndefined();
		expect(model.message).toMatchObject({text: 'saved 2 lines to /home/me/mine.log', error: false});
		expect(asked).toEqual(['taken.log', 'mine.log']);
		// tab does not turn a file name into a regex
		model.startPrompt('save');
		const proposed = model.prompt!.text;
		model.promptToggleMode();
		expect(model.prompt).toMatchObject({text: proposed, mode: 'plain'});
	});

	it('neutralises hostile escapes on arrival', () => {
		const model = new LogScreenModel(refs);
		model.append(0, [rec('title \x1b]0;pwned\x07 end', 0)]);
		const row = text(model.rows(model.focusedView(), 40, 1)[0]!);
		expect(row).toBe('title ␛]0;pwned␇ end');
	});
});

describe('choosing JSON fields', () => {
	it('takes the fields typed at the prompt and shows only those', () => {
		const model = new LogScreenModel(refs, 100);
		model.startPrompt('fields');
		expect(model.prompt?.text).toContain('level');
		model.promptInput('level, order');
		model.promptSubmit();
		expect(model.prompt).toBeUndefined();
		expect(model.flags).toMatchObject({json: 'fields', fields: ['level', 'order']});
		expect(jsonRows('{"level":"INFO","order":"o-7","message":"accepted"}', model.flags.json, model.flags.fields)).toEqual(['level=INFO order=o-7']);
		model.dispose();
	});

	it('refuses an empty choice with a message and keeps the prompt open', () => {
		const model = new LogScreenModel(refs, 100);
		model.startPrompt('fields');
		model.promptInput(' , ');
		model.promptSubmit();
		expect(model.prompt?.error).toBe('name at least one field');
		model.dispose();
	});
});

describe('changing --since on screen', () => {
	it('starts the panes over from the window typed, and back to the tail when empty', () => {
		const model = new LogScreenModel(refs, 100);
		const asked: Array<number | undefined> = [];
		model.onSince = seconds => asked.push(seconds);
		model.append(0, [rec('old line', 0)]);
		model.startPrompt('since');
		model.promptInput('5m');
		model.promptSubmit();
		expect(asked).toEqual([300]);
		expect(model.sources[0]!.live.length).toBe(0);
		expect(model.since).toBe('5m');
		model.startPrompt('since');
		expect(model.prompt?.text).toBe('5m');
		model.promptInput('');
		model.promptSubmit();
		expect(asked).toEqual([300, undefined]);
		model.dispose();
	});

	it("keeps the prompt open with kubectl's message for a bad duration", () => {
		const model = new LogScreenModel(refs, 100);
		model.onSince = () => {
			throw new Error('must not restart');
		};
		model.startPrompt('since');
		model.promptInput('5x');
		model.promptSubmit();
		expect(model.prompt?.error).toContain('invalid argument "5x" for "--since" flag');
		model.dispose();
	});
});

describe('LogScreenModel repaints', () => {
	it('repaints arriving lines at most every flush, and less often during a flood', async () => {
		vi.useFakeTimers();
		try {
			const model = new LogScreenModel(refs, 10_000, 50);
			let repaints = 0;
			model.subscribe(() => repaints++);
			const burst = (count: number) =>
				model.append(
					0,
					Array.from({length: count}, (_, index) => rec(`line ${index}`, index)),
				);
			// A trickle: one repaint per 50 ms however many appends.
			for (let step = 0; step < 10; step++) {
				burst(5);
				await vi.advanceTimersByTimeAsync(10);
			}
			expect(repaints).toBe(2);
			// A flood (more than 500 lines between repaints): the next repaints come 150 ms apart.
			repaints = 0;
			burst(600);
			await vi.advanceTimersByTimeAsync(50);
			expect(repaints).toBe(1);
			burst(600);
			await vi.advanceTimersByTimeAsync(100);
			expect(repaints).toBe(1);
			await vi.advanceTimersByTimeAsync(50);
			expect(repaints).toBe(2);
			// A key repaints at once, flood or not.
			model.changed();
			expect(repaints).toBe(3);
			// Back to a trickle: 50 ms again after one long interval.
			burst(5);
			await vi.advanceTimersByTimeAsync(150);
			expect(repaints).toBe(4);
			burst(5);
			await vi.advanceTimersByTimeAsync(50);
			expect(repaints).toBe(5);
			model.dispose();
		} finally {
			vi.useRealTimers();
		}
	});
});
