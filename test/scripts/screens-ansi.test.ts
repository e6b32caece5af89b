import {describe, expect, it} from 'vitest';
import {applySgr, parseCapture, plainStyle} from '../../scripts/screens/ansi.ts';

const texts = (line: string, columns = 8) =>
	parseCapture(line, columns, 1)
		.cells[0]!.map(cell => cell.text)
		.join('|');

describe('reading a tmux capture into cells', () => {
	it('pads every row to the width and the screen to its height, and cuts what is beyond', () => {
		const grid = parseCapture('ab\nabcdefghij\n', 4, 3);
		expect(grid.cells.map(row => row.map(cell => cell.text).join(''))).toEqual(['ab  ', 'abcd', '    ']);
		expect(grid.cells.every(row => row.length === 4)).toBe(true);
	});

	it('keeps a style across lines until it is reset, as a terminal does', () => {
		const grid = parseCapture('\u001b[31mred\nstill\u001b[0m plain', 12, 2);
		expect(grid.cells[0]![0]!.style.fg).toBe(1);
		expect(grid.cells[1]![0]!.style.fg).toBe(1);
		expect(grid.cells[1]![6]!.style).toEqual(plainStyle);
	});

	it('gives a wide character two cells, the second empty', () => {
		const row = parseCapture('日本x', 6, 1).cells[0]!;
		expect(row.map(cell => [cell.text, cell.width])).toEqual([
			['日', 2],
			['', 0],
			['本', 2],
			['', 0],
			['x', 1],
			[' ', 1],
		]);
	});

	it('never leaves half a wide character at the right edge', () => {
		expect(texts('abc日', 4)).toBe('a|b|c| ');
	});

	it('keeps combining marks with their letter, and box drawing one column each', () => {
		expect(texts('e\u0301┌─┐', 5)).toBe('e\u0301|┌|─|┐| ');
	});

	it('draws nothing of escape sequences other than colours, nor control characters', () => {
		const line = '\u001b]0;evil title\u0007a\u001b[2J\u001b[10;10Hb\u001b]8;;http://x\u001b\\c\u0007\u0008d';
		expect(texts(line, 5)).toBe('a|b|c|d| ');
	});
});

describe('SGR', () => {
	const sgr = (parameters: string, from = plainStyle) => applySgr(from, parameters);

	it('reads the 16 colours, bright ones included, for text and background', () => {
		expect(sgr('31;44')).toMatchObject({fg: 1, bg: 4});
		expect(sgr('92;103')).toMatchObject({fg: 10, bg: 11});
		expect(sgr('39;49', sgr('31;44'))).toMatchObject({fg: undefined, bg: undefined});
	});

	it('reads 256 colours and truecolor, with semicolons or colons', () => {
		expect(sgr('38;5;208')).toMatchObject({fg: 208});
		expect(sgr('48;5;17;1')).toMatchObject({bg: 17, bold: true});
		expect(sgr('38;2;18;52;86')).toMatchObject({fg: '#123456'});
		expect(sgr('38:2::255:0:16')).toMatchObject({fg: '#ff0010'});
		expect(sgr('48:2:1:2:3;4')).toMatchObject({bg: '#010203', underline: true});
		// An underline colour is consumed, not taken for a text colour.
		expect(sgr('58;5;31;32')).toMatchObject({fg: 2});
		expect(sgr('58;5;31')).toMatchObject({fg: undefined});
		expect(sgr('58;2;31;32;33;44')).toMatchObject({fg: undefined, bg: 4});
	});

	it('turns attributes on and off', () => {
		const all = sgr('1;2;3;4;7;8;9');
		expect(all).toMatchObject({bold: true, dim: true, italic: true, underline: true, inverse: true, hidden: true, strike: true});
		expect(sgr('22;23;24;27;28;29', all)).toEqual(plainStyle);
		expect(sgr('0', all)).toEqual(plainStyle);
		expect(sgr('', all)).toEqual(plainStyle);
		expect(sgr('4:0', sgr('4'))).toMatchObject({underline: false});
	});
});
