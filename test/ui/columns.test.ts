import {describe, expect, it} from 'vitest';
import {type ColumnSpec, contentWidth, layoutColumns, renderRow} from '../../source/ui/columns.js';

// Columns sized to their content: what each gets when the row fits, and who gives when it does not.

const widths = (columns: ColumnSpec[]) => Object.fromEntries(columns.map(column => [column.title, column.width]));
const pods: ColumnSpec[] = [
	{title: 'NAME', width: 22, min: 16, flex: true},
	{title: 'READY', width: 5},
	{title: 'STATUS', width: 21},
	{title: 'RESTARTS', width: 13},
	{title: 'AGE', width: 5, min: 3},
	{title: 'NODE', width: 10, optional: true},
	{title: 'OWNER', width: 14, optional: true},
];
const total = (columns: ColumnSpec[]) => columns.reduce((sum, column) => sum + column.width, 0) + columns.length - 1;

describe('layoutColumns', () => {
	it('gives every column its content, and the room left to NAME', () => {
		const columns = layoutColumns(pods, 120);
		expect(widths(columns)).toEqual({NAME: 22 + 24, READY: 5, STATUS: 21, RESTARTS: 13, AGE: 5, NODE: 10, OWNER: 14});
		expect(total(columns)).toBe(120);
	});

	it('drops the optional columns, last first, before cutting any content', () => {
		expect(Object.keys(widths(layoutColumns(pods, 90)))).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'NODE']);
		const columns = layoutColumns(pods, 76);
		expect(widths(columns)).toEqual({NAME: 28, READY: 5, STATUS: 21, RESTARTS: 13, AGE: 5});
	});

	it('takes from NAME first, down to its minimum, then from every column in proportion', () => {
		const all = [{title: 'NAMESPACE', width: 11}, ...pods];
		expect(widths(layoutColumns(all, 76))).toEqual({NAMESPACE: 11, NAME: 16, READY: 5, STATUS: 21, RESTARTS: 13, AGE: 5});
		const tight = layoutColumns(all, 66);
		expect(total(tight)).toBe(66);
		expect(tight.find(column => column.title === 'NAME')!.width).toBe(16);
		for (const column of tight) expect(column.width).toBeGreaterThanOrEqual(Math.min(column.title.length, column.min ?? column.title.length));
	});

	it('keeps a column whose minimum is its content whole: NAME goes down to 8 first', () => {
		const protectedStatus = pods.map(column => (column.title === 'STATUS' ? {...column, min: 21} : column));
		// 16 + 5 + 21 + 8 + 3 and four spaces is 57: three more must come from NAME.
		const columns = widths(layoutColumns(protectedStatus, 54));
		expect(columns).toEqual({NAME: 13, READY: 5, STATUS: 21, RESTARTS: 8, AGE: 3});
	});

	it('never makes a row wider than its room, even below every minimum', () => {
		const columns = layoutColumns(pods, 30);
		expect(total(columns)).toBeLessThanOrEqual(30);
		for (const column of columns) expect(column.width).toBeGreaterThan(0);
	});

	it('ends the row with its content when asked not to fill', () => {
		expect(widths(layoutColumns(pods.slice(0, 3), 80, false))).toEqual({NAME: 22, READY: 5, STATUS: 21});
	});

	it('measures content with the title as the least, and a cap', () => {
		expect(contentWidth('RESTARTS', [1, 13])).toBe(13);
		expect(contentWidth('RESTARTS', [1])).toBe(8);
		expect(contentWidth('OWNER', [40], 24)).toBe(24);
		expect(
			renderRow(
				[
					{title: 'A', width: 3},
					{title: 'B', width: 2},
				],
				['abcd', 'x'],
			),
		).toBe('ab… x ');
	});
});
