import {goSortStable} from '../model/go-sort-stable.js';
import {canonical, isObject, type Json} from './patch.js';

// Where a strategic merge patch leaves a merged list's items (apimachinery strategicpatch,
// mergeSlice → normalizeElementOrder): the items the patch names come in the patch's order
// (or its $setElementOrder list's), the server's other items keep theirs, and the two are
// interleaved by their places in the live list. An item new to the list goes before the
// server's items, not after them: a patch adding a pod condition puts it first.

/** The merge key's value of a map item, or a scalar item itself, as index() compares them. */
const keyOf = (item: Json, key: string | undefined): string => canonical(key === undefined ? item : isObject(item) ? (item[key] ?? null) : null);

const indexIn = (list: Json[], item: Json, key: string | undefined): number => {
	const wanted = keyOf(item, key);
	return list.findIndex(entry => keyOf(entry, key) === wanted);
};

/** normalizeSliceOrder: sort.SliceStable by place in `order`, an item it lacks counting as less. */
function sortBy(items: Json[], order: Json[], key: string | undefined): Json[] {
	return goSortStable(items, (a, b) => {
		const ia = indexIn(order, a, key);
		const ib = indexIn(order, b, key);
		return ia >= 0 && ib >= 0 ? ia < ib : true;
	});
}

/** mergeSortedSlice: the server-only items inserted among the patch's by their live order. */
function interleave(serverOnly: Json[], patched: Json[], live: Json[], key: string | undefined): Json[] {
	const result: Json[] = [];
	let i = 0;
	let j = 0;
	while (i < serverOnly.length || j < patched.length) {
		if (j >= patched.length) result.push(serverOnly[i++]!);
		else if (i >= serverOnly.length) result.push(patched[j++]!);
		else {
			const left = indexIn(live, serverOnly[i]!, key);
			const right = indexIn(live, patched[j]!, key);
			if (left >= 0 && right >= 0 && left < right) result.push(serverOnly[i++]!);
			else result.push(patched[j++]!);
		}
	}
	return result;
}

/**
 * partitionByPresentInList, then normalizeElementOrder: `merged` split by whether `order` (the
 * patch's list, or its $setElementOrder) names an item, each part sorted, and the two interleaved
 * by the live list `live`. `key` is the list's patchMergeKey; undefined for a list of scalars.
 */
export function orderMergedList(merged: Json[], order: Json[], live: Json[], key: string | undefined): Json[] {
	const named = new Set(order.map(item => keyOf(item, key)));
	const patched = merged.filter(item => named.has(keyOf(item, key)));
	const serverOnly = merged.filter(item => !named.has(keyOf(item, key)));
	return interleave(sortBy(serverOnly, live, key), sortBy(patched, order, key), live, key);
}
