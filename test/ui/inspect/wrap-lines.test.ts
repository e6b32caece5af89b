import {describe, expect, it} from 'vitest';
import {type Line, plain} from '../../../source/ui/inspect/lines.js';
import {layoutLines, lineAt, shiftLine, valueIndent, wrapLine} from '../../../source/ui/inspect/wrap-lines.js';

// Long lines of describe, events and doctor: wrapped at spaces under their value, or shifted sideways.

const text = (line: Line) => line.map(segment => segment.text).join('');

describe('wrapLine', () => {
	it('leaves a line that fits alone', () => {
		expect(wrapLine(plain('short'), 20)).toEqual([plain('short')]);
	});

	it('breaks after a space and indents the continuation', () => {
		const rows = wrapLine(plain('Liveness: http-get http://:8080/healthz delay=0s timeout=1s period=10s #success=1 #failure=3'), 40, 10);
		expect(rows.map(text)).toEqual([
			'Liveness: http-get http://:8080/healthz ',
			'          delay=0s timeout=1s ',
			'          period=10s #success=1 ',
			'          #failure=3',
		]);
		for (const row of rows) expect(text(row).length).toBeLessThanOrEqual(40);
	});

	it('cuts a word longer than the row, and keeps each segment its style', () => {
		const rows = wrapLine(
			[
				{text: 'ID: ', bold: true},
				{text: 'a'.repeat(30), color: 'red'},
			],
			20,
			4,
		);
		expect(rows.map(text)).toEqual([`ID: ${'a'.repeat(16)}`, `    ${'a'.repeat(14)}`]);
		expect(rows[0]![0]).toEqual({text: 'ID: ', bold: true});
		expect(rows[1]![1]).toEqual({text: 'a'.repeat(14), color: 'red'});
	});

	it('keeps room for the text when the indent is deep', () => {
		const rows = wrapLine(plain('x'.repeat(100)), 40, 35);
		for (const row of rows.slice(1)) expect(text(row).trimStart().length).toBeGreaterThanOrEqual(20);
	});
});

describe('layout and sideways scrolling', () => {
	it('says where each line starts, and which line a row belongs to', () => {
		const laid = layoutLines([plain('one'), plain('two words that wrap here'), plain('three')], 10, true);
		expect(laid.starts).toEqual([0, 1, 4]);
		expect(laid.widest).toBe(24);
		expect([0, 1, 3, 4].map(row => lineAt(laid.starts, row))).toEqual([0, 1, 1, 2]);
		expect(layoutLines([plain('two words that wrap here')], 10, false).rows).toHaveLength(1);
	});

	it('shifts a line by cells across its segments', () => {
		expect(shiftLine([{text: 'abc'}, {text: 'def', bold: true}], 4)).toEqual([{text: 'ef', bold: true}]);
		expect(text(shiftLine(plain('日本語'), 1))).toBe(' 本語');
	});

	it('continues a describe value under the value', () => {
		expect(valueIndent(plain('Labels:           app=web'))).toBe(18);
		expect(valueIndent(plain('    Container ID:   containerd://abc'))).toBe(20);
		expect(valueIndent(plain('  Warning  BackOff  2s'))).toBe(4);
	});
});
