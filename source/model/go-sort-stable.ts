import {Sorter} from './go-sort.js';

// Go's sort.SliceStable (insertion sort in blocks of 20, then SymMerge: src/sort/zsortfunc.go),
// ported step by step. The API server orders a strategic merge patch's lists with it
// (strategicpatch.normalizeSliceOrder), and with a comparator that is not a strict weak order
// (an item the order list lacks is "less" than anything), so the result depends on the
// algorithm's exact steps, not only on the order it sorts by.

class StableSorter<T> extends Sorter<T> {
	swapRange(a: number, b: number, n: number): void {
		for (let i = 0; i < n; i++) this.swap(a + i, b + i);
	}

	/** Blocks u = data[a:m] and v = data[m:b] become v u. */
	rotate(a: number, m: number, b: number): void {
		let i = m - a;
		let j = b - m;
		while (i !== j) {
			if (i > j) {
				this.swapRange(m - i, m, j);
				i -= j;
			} else {
				this.swapRange(m - i, m + j - i, i);
				j -= i;
			}
		}
		this.swapRange(m - i, m, i);
	}

	symMerge(a: number, m: number, b: number): void {
		if (m - a === 1) {
			let i = m;
			let j = b;
			while (i < j) {
				const h = (i + j) >>> 1;
				if (this.less(h, a)) i = h + 1;
				else j = h;
			}
			for (let k = a; k < i - 1; k++) this.swap(k, k + 1);
			return;
		}
		if (b - m === 1) {
			let i = a;
			let j = m;
			while (i < j) {
				const h = (i + j) >>> 1;
				if (!this.less(m, h)) i = h + 1;
				else j = h;
			}
			for (let k = m; k > i; k--) this.swap(k, k - 1);
			return;
		}
		const mid = (a + b) >>> 1;
		const n = mid + m;
		let start: number;
		let r: number;
		if (m > mid) {
			start = n - b;
			r = mid;
		} else {
			start = a;
			r = m;
		}
		const p = n - 1;
		while (start < r) {
			const c = (start + r) >>> 1;
			if (!this.less(p - c, c)) start = c + 1;
			else r = c;
		}
		const end = n - start;
		if (start < m && m < end) this.rotate(start, m, end);
		if (a < start && start < mid) this.symMerge(a, start, mid);
		if (mid < end && end < b) this.symMerge(mid, end, b);
	}

	stable(n: number): void {
		let blockSize = 20;
		let a = 0;
		let b = blockSize;
		while (b <= n) {
			this.insertionSort(a, b);
			a = b;
			b += blockSize;
		}
		this.insertionSort(a, n);
		while (blockSize < n) {
			a = 0;
			b = 2 * blockSize;
			while (b <= n) {
				this.symMerge(a, a + blockSize, b);
				a = b;
				b += 2 * blockSize;
			}
			const m = a + blockSize;
			if (m < n) this.symMerge(a, m, n);
			blockSize *= 2;
		}
	}
}

/** Go's sort.SliceStable over a copy of items, with `less` on two items as they stand then. */
export function goSortStable<T>(items: Iterable<T>, less: (a: T, b: T) => boolean): T[] {
	const data = [...items];
	new StableSorter(data, (i, j) => less(data[i] as T, data[j] as T)).stable(data.length);
	return data;
}
