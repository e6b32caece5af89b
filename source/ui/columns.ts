import {fit} from '../model/text.js';

// Table columns sized to their content, as k9s does, so the columns that matter (STATUS,
// READY, RESTARTS, STATE) are never cut while another column is padding. Each column asks
// for its content's width; when the row is too wide, optional columns go first (last listed
// first), then the flexible column (NAME) gives up its width down to its minimum, then every
// column shrinks toward its minimum in proportion to what it asked for beyond it. Room left
// over goes to the flexible column, unless the table ends where its content does. Columns
// are joined by one space. (A column's `min` protects it: STATUS and READY set theirs to their
// content, so only a panel too narrow for every minimum cuts them.)

export type ColumnSpec = {
	title: string;
	/** What the column's content needs: its widest cell, the title included (see contentWidth). */
	width: number;
	/** Below this the column is cut only when nothing else can give; the title's width by default. */
	min?: number;
	/** Takes what is left over, and gives first when the row is too wide. */
	flex?: boolean;
	/** Dropped (last first) when the other columns do not fit at their content's width. */
	optional?: boolean;
};

/** The flexible column's width when even minimums do not fit: a name's start still tells rows apart. */
const squeezed = 8;

const gaps = (columns: readonly ColumnSpec[]) => Math.max(0, columns.length - 1);
const sum = (widths: readonly number[]) => widths.reduce((total, width) => total + width, 0);
const minimum = (column: ColumnSpec) => Math.min(column.width, column.min ?? column.title.length);

/** The widest of the title and the cells, at most `max` (but never narrower than the title). */
export function contentWidth(title: string, widths: Iterable<number>, max = Number.POSITIVE_INFINITY): number {
	let widest = title.length;
	for (const width of widths) if (width > widest) widest = width;
	return Math.min(widest, Math.max(title.length, max));
}

/** `fill`: the flexible column takes the room left over (else the row ends early, as short as its content). */
export function layoutColumns(specs: readonly ColumnSpec[], total: number, fill = true): ColumnSpec[] {
	let columns = [...specs];
	const natural = (list: readonly ColumnSpec[]) => sum(list.map(column => column.width)) + gaps(list);
	while (natural(columns) > total && columns.some(column => column.optional)) {
		const index = columns.map(column => column.optional).lastIndexOf(true);
		columns = columns.filter((_, i) => i !== index);
	}
	const widths = columns.map(column => column.width);
	let over = sum(widths) + gaps(columns) - total;
	// The flexible column gives first, down to its minimum.
	const flex = columns.findIndex(column => column.flex);
	if (over > 0 && flex >= 0) {
		const give = Math.min(over, widths[flex]! - minimum(columns[flex]!));
		widths[flex]! -= Math.max(0, give);
		over -= Math.max(0, give);
	}
	// Then every column, in proportion to what it has beyond its minimum.
	if (over > 0) {
		const spare = columns.map((column, index) => Math.max(0, widths[index]! - minimum(column)));
		const all = sum(spare);
		if (all > 0) {
			const cut = Math.min(over, all);
			let given = 0;
			for (const [index, room] of spare.entries()) {
				const share = Math.min(room, Math.ceil((room * cut) / all), cut - given);
				widths[index]! -= share;
				given += share;
			}
			over -= given;
		}
	}
	// Still too wide (a narrow panel, or -A's NAMESPACE): the flexible column gives down to
	// `squeezed`, enough to tell names apart, then every column in proportion to its width.
	if (over > 0 && flex >= 0) {
		const give = Math.min(over, Math.max(0, widths[flex]! - squeezed));
		widths[flex]! -= give;
		over -= give;
	}
	// Columns without a minimum of their own give first (down to 3: "RE…" still heads a count),
	// then every column.
	over = giveInProportion(widths, over, index => (columns[index]!.min === undefined && index !== flex ? 3 : Number.POSITIVE_INFINITY));
	over = giveInProportion(widths, over, () => 1);
	if (fill && over < 0 && flex >= 0) widths[flex]! -= over;
	return columns.map((column, index) => ({...column, width: widths[index]!}));
}

/** Take `over` cells from the columns in proportion to what each has above its floor; what is still over. */
function giveInProportion(widths: number[], over: number, floor: (index: number) => number): number {
	if (over <= 0) return over;
	const room = widths.map((width, index) => Math.max(0, width - floor(index)));
	const all = sum(room);
	let given = 0;
	for (const [index, spare] of room.entries()) {
		const share = Math.min(spare, Math.ceil((spare * Math.min(over, all)) / Math.max(1, all)), over - given);
		widths[index]! -= share;
		given += share;
	}
	return over - given;
}

export function renderRow(columns: readonly ColumnSpec[], cells: readonly string[]): string {
	return columns.map((column, index) => fit(cells[index] ?? '', column.width)).join(' ');
}
