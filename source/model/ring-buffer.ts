// Bounded store for log lines. A chatty container can emit far more than we can keep,
// so the oldest lines are overwritten in place: pushing is O(1) with no shifting and
// no reallocation, whatever the rate.
//
// Every item also has an absolute sequence number (0 for the first item ever pushed),
// which never changes. A scrolled view remembers the sequence number of its top line
// rather than a retained index, so it stays on the same line while older lines are
// evicted underneath it, and can tell when its line has gone (`at` returns undefined).

export class RingBuffer<T> implements Iterable<T> {
	readonly capacity: number;
	#items: Array<T | undefined>;
	// Slot of the oldest retained item.
	#head = 0;
	#length = 0;
	#totalPushed = 0;

	constructor(capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) {
			throw new RangeError(`RingBuffer capacity must be a positive integer, got ${capacity}`);
		}

		this.capacity = capacity;
		this.#items = new Array<T | undefined>(capacity).fill(undefined);
	}

	/** Items currently retained. */
	get length(): number {
		return this.#length;
	}

	/** Items ever pushed; never decreases, not even on clear(). */
	get totalPushed(): number {
		return this.#totalPushed;
	}

	/** Items dropped (evicted or cleared); also the sequence number of the oldest retained item. */
	get evicted(): number {
		return this.#totalPushed - this.#length;
	}

	push(item: T): void {
		if (this.#length < this.capacity) {
			this.#items[this.#slot(this.#length)] = item;
			this.#length++;
		} else {
			this.#items[this.#head] = item;
			this.#head = this.#head + 1 === this.capacity ? 0 : this.#head + 1;
		}

		this.#totalPushed++;
	}

	pushMany(items: readonly T[]): void {
		// Items that would be overwritten within this same call are never stored.
		const skip = Math.max(0, items.length - this.capacity);
		this.#totalPushed += skip;
		for (let index = skip; index < items.length; index++) {
			this.push(items[index]!);
		}
	}

	/** Item by retained index, 0 being the oldest; undefined when out of range. */
	get(index: number): T | undefined {
		if (!Number.isInteger(index) || index < 0 || index >= this.#length) {
			return undefined;
		}

		return this.#items[this.#slot(index)];
	}

	/** Item by absolute sequence number; undefined when evicted or not yet pushed. */
	at(sequence: number): T | undefined {
		return this.get(sequence - this.evicted);
	}

	/** Retained items in [start, end), with Array.prototype.slice index semantics. */
	slice(start = 0, end = this.#length): T[] {
		const from = clampIndex(start, this.#length);
		const to = clampIndex(end, this.#length);
		if (to <= from) {
			return [];
		}

		const first = this.#slot(from);
		const last = this.#slot(to - 1) + 1;
		if (first < last) {
			return this.#items.slice(first, last) as T[];
		}

		// The range wraps past the end of the storage.
		return this.#items.slice(first).concat(this.#items.slice(0, last)) as T[];
	}

	toArray(): T[] {
		return this.slice();
	}

	/** Drop every retained item; sequence numbers keep counting from where they were. */
	clear(): void {
		// Release references so cleared lines can be collected.
		this.#items.fill(undefined);
		this.#head = 0;
		this.#length = 0;
	}

	*[Symbol.iterator](): Iterator<T> {
		for (let index = 0; index < this.#length; index++) {
			yield this.#items[this.#slot(index)] as T;
		}
	}

	#slot(index: number): number {
		const slot = this.#head + index;
		return slot >= this.capacity ? slot - this.capacity : slot;
	}
}

function clampIndex(index: number, length: number): number {
	const integer = Math.trunc(index) || 0;
	if (integer < 0) {
		return Math.max(0, length + integer);
	}

	return Math.min(integer, length);
}
