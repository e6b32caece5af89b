// Go's sort.Sort (pattern-defeating quicksort, src/sort/zsortinterface.go of Go 1.19 and later),
// ported step by step. kubectl prints some tables in the order sort.Sort leaves them, and
// sort.Sort is not stable: beyond 12 items, elements that compare equal (events of the same
// second) move. Printing what kubectl prints means sorting exactly as it does, swaps included.

type Less = (i: number, j: number) => boolean;

/** sortedHint: what choosePivot saw of the range's order. */
const Hint = {unknown: 0, increasing: 1, decreasing: 2} as const;
type Hint = (typeof Hint)[keyof typeof Hint];

/** bits.Len: the number of bits needed to represent n. */
const bitLength = (n: number): number => (n === 0 ? 0 : Math.floor(Math.log2(n)) + 1);

/** The swaps and insertion sort both Go sorts share (go-sort-stable.ts extends it). */
export class Sorter<T> {
	constructor(
		protected readonly data: T[],
		readonly less: Less,
	) {}

	swap(i: number, j: number): void {
		const item = this.data[i] as T;
		this.data[i] = this.data[j] as T;
		this.data[j] = item;
	}

	insertionSort(a: number, b: number): void {
		for (let i = a + 1; i < b; i++) {
			for (let j = i; j > a && this.less(j, j - 1); j--) this.swap(j, j - 1);
		}
	}

	siftDown(lo: number, hi: number, first: number): void {
		let root = lo;
		for (;;) {
			let child = 2 * root + 1;
			if (child >= hi) return;
			if (child + 1 < hi && this.less(first + child, first + child + 1)) child++;
			if (!this.less(first + root, first + child)) return;
			this.swap(first + root, first + child);
			root = child;
		}
	}

	heapSort(a: number, b: number): void {
		const first = a;
		const hi = b - a;
		for (let i = Math.floor((hi - 1) / 2); i >= 0; i--) this.siftDown(i, hi, first);
		for (let i = hi - 1; i >= 0; i--) {
			this.swap(first, first + i);
			this.siftDown(0, i, first);
		}
	}

	pdqsort(a: number, b: number, limit: number): void {
		const maxInsertion = 12;
		let wasBalanced = true;
		let wasPartitioned = true;
		for (;;) {
			const length = b - a;
			if (length <= maxInsertion) {
				this.insertionSort(a, b);
				return;
			}
			if (limit === 0) {
				this.heapSort(a, b);
				return;
			}
			if (!wasBalanced) {
				this.breakPatterns(a, b);
				limit--;
			}
			let [pivot, hint] = this.choosePivot(a, b);
			if (hint === Hint.decreasing) {
				this.reverseRange(a, b);
				pivot = b - 1 - (pivot - a);
				hint = Hint.increasing;
			}
			if (wasBalanced && wasPartitioned && hint === Hint.increasing && this.partialInsertionSort(a, b)) return;
			if (a > 0 && !this.less(a - 1, pivot)) {
				a = this.partitionEqual(a, b, pivot);
				continue;
			}
			const [mid, alreadyPartitioned] = this.partition(a, b, pivot);
			wasPartitioned = alreadyPartitioned;
			const leftLen = mid - a;
			const rightLen = b - mid;
			const balanceThreshold = Math.floor(length / 8);
			if (leftLen < rightLen) {
				wasBalanced = leftLen >= balanceThreshold;
				this.pdqsort(a, mid, limit);
				a = mid + 1;
			} else {
				wasBalanced = rightLen >= balanceThreshold;
				this.pdqsort(mid + 1, b, limit);
				b = mid;
			}
		}
	}

	partition(a: number, b: number, pivot: number): [number, boolean] {
		this.swap(a, pivot);
		let i = a + 1;
		let j = b - 1;
		while (i <= j && this.less(i, a)) i++;
		while (i <= j && !this.less(j, a)) j--;
		if (i > j) {
			this.swap(j, a);
			return [j, true];
		}
		this.swap(i, j);
		i++;
		j--;
		for (;;) {
			while (i <= j && this.less(i, a)) i++;
			while (i <= j && !this.less(j, a)) j--;
			if (i > j) break;
			this.swap(i, j);
			i++;
			j--;
		}
		this.swap(j, a);
		return [j, false];
	}

	partitionEqual(a: number, b: number, pivot: number): number {
		this.swap(a, pivot);
		let i = a + 1;
		let j = b - 1;
		for (;;) {
			while (i <= j && !this.less(a, i)) i++;
			while (i <= j && this.less(a, j)) j--;
			if (i > j) break;
			this.swap(i, j);
			i++;
			j--;
		}
		return i;
	}

	partialInsertionSort(a: number, b: number): boolean {
		const maxSteps = 5;
		const shortestShifting = 50;
		let i = a + 1;
		for (let step = 0; step < maxSteps; step++) {
			while (i < b && !this.less(i, i - 1)) i++;
			if (i === b) return true;
			if (b - a < shortestShifting) return false;
			this.swap(i, i - 1);
			if (i - a >= 2) {
				for (let j = i - 1; j >= 1; j--) {
					if (!this.less(j, j - 1)) break;
					this.swap(j, j - 1);
				}
			}
			if (b - i >= 2) {
				for (let j = i + 1; j < b; j++) {
					if (!this.less(j, j - 1)) break;
					this.swap(j, j - 1);
				}
			}
		}
		return false;
	}

	breakPatterns(a: number, b: number): void {
		const length = b - a;
		if (length < 8) return;
		// Go's xorshift over a uint64 seeded with the length: the same "random" swaps every run.
		let random = BigInt(length);
		const next = (): bigint => {
			random = BigInt.asUintN(64, random ^ (random << 13n));
			random ^= random >> 7n;
			random = BigInt.asUintN(64, random ^ (random << 17n));
			return random;
		};
		const modulus = 2 ** bitLength(length);
		const middle = a + Math.floor(length / 4) * 2;
		for (let idx = middle - 1; idx <= middle + 1; idx++) {
			let other = Number(next() & BigInt(modulus - 1));
			if (other >= length) other -= length;
			this.swap(idx, a + other);
		}
	}

	choosePivot(a: number, b: number): [number, Hint] {
		const shortestNinther = 50;
		const maxSwaps = 4 * 3;
		const l = b - a;
		const swaps = {count: 0};
		const quarter = Math.floor(l / 4);
		let i = a + quarter;
		let j = a + quarter * 2;
		let k = a + quarter * 3;
		if (l >= 8) {
			if (l >= shortestNinther) {
				i = this.median(i - 1, i, i + 1, swaps);
				j = this.median(j - 1, j, j + 1, swaps);
				k = this.median(k - 1, k, k + 1, swaps);
			}
			j = this.median(i, j, k, swaps);
		}
		if (swaps.count === 0) return [j, Hint.increasing];
		if (swaps.count === maxSwaps) return [j, Hint.decreasing];
		return [j, Hint.unknown];
	}

	private order2(a: number, b: number, swaps: {count: number}): [number, number] {
		if (this.less(b, a)) {
			swaps.count++;
			return [b, a];
		}
		return [a, b];
	}

	private median(a: number, b: number, c: number, swaps: {count: number}): number {
		[a, b] = this.order2(a, b, swaps);
		[b, c] = this.order2(b, c, swaps);
		[a, b] = this.order2(a, b, swaps);
		return b;
	}

	reverseRange(a: number, b: number): void {
		for (let i = a, j = b - 1; i < j; i++, j--) this.swap(i, j);
	}
}

/** Go's sort.Sort over a copy of items, with kubectl's Less on two items; not stable, as in Go. */
export function goSort<T>(items: Iterable<T>, less: (a: T, b: T) => boolean): T[] {
	const data = [...items];
	const n = data.length;
	if (n <= 1) return data;
	const sorter = new Sorter(data, (i, j) => less(data[i] as T, data[j] as T));
	sorter.pdqsort(0, n, bitLength(n));
	return data;
}
