// The columns of a timeline chart: role, name, bar, state. Names and states are sized from
// their text so neither is cut; the bar takes the rest. When that leaves the bar too narrow
// to read, the waiting reasons are abbreviated first (the detail lines keep them in full),
// then names too long for the column move to lines of their own above their bar.

export type ColumnInput = {width: number; roleWidth: number; names: number[]; states: number[]; shortStates: number[]};
export type Columns = {name: number; state: number; bar: number; short: boolean};

/** The narrowest bar worth drawing at `width` columns: a third of the line, at least 10 cells. */
export const minBarWidth = (width: number) => Math.max(10, Math.floor(width / 3));

export function columnWidths({width, roleWidth, names, states, shortStates}: ColumnInput): Columns {
	const minBar = minBarWidth(width);
	// role, name, a space, the bar, a space, the state
	const bar = (name: number, state: number) => width - roleWidth - name - 1 - 1 - state;
	let name = Math.max(4, ...names);
	let state = Math.max(0, ...states);
	let short = false;
	if (bar(name, state) < minBar) {
		short = true;
		state = Math.max(0, ...shortStates);
	}
	if (bar(name, state) < minBar) {
		const cap = Math.max(4, width - roleWidth - 2 - state - minBar);
		name = Math.max(4, ...names.filter(length => length <= cap));
	}
	return {name, state, bar: Math.max(1, bar(name, state)), short};
}
