import {fit} from '../model/text.js';

// Fixed-width table columns: each column has a preferred width, the first flexible one
// takes what is left, and columns marked optional drop out first when space runs short.

export type ColumnSpec = {title: string; width: number; flex?: boolean; optional?: boolean; min?: number};

export function layoutColumns(specs: ColumnSpec[], total: number): ColumnSpec[] {
	let columns = [...specs];
	const used = (list: ColumnSpec[]) => list.reduce((sum, column) => sum + (column.flex ? (column.min ?? 8) : column.width) + 1, 0);
	while (used(columns) > total && columns.some(column => column.optional)) {
		const index = columns.map(column => column.optional).lastIndexOf(true);
		columns = columns.filter((_, i) => i !== index);
	}
	const fixed = columns.filter(column => !column.flex).reduce((sum, column) => sum + column.width + 1, 0);
	return columns.map(column => (column.flex ? {...column, width: Math.max(column.min ?? 8, total - fixed - 1)} : column));
}

export function renderRow(columns: ColumnSpec[], cells: string[]): string {
	return columns.map((column, index) => fit(cells[index] ?? '', column.width)).join(' ');
}
