import type {RingBuffer} from '../ring-buffer.js';
import type {Matcher} from './matcher.js';
import type {PaneLine} from './source.js';

// The "3/40" of a view's search: which lines match, per source as sorted sequence numbers.
// Only lines that arrived since the last count are tested and evicted ones are dropped from
// the front, so a pane that follows a busy container with a search on does not rescan its
// whole buffer at every frame. A new search, filter or buffer (previous instance) starts over.

/** A matching line: its source in the view, its sequence number there, its time (the merge's order). */
export type MatchAt = {source: number; sequence: number; ms: number};

type Buffer = RingBuffer<PaneLine>;

type Entry = {buffer: Buffer; sequences: number[]; head: number; scanned: number};

/** The first index in [low, high) where `before(index)` is false (a binary search). */
function partitionPoint(low: number, high: number, before: (index: number) => boolean): number {
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (before(middle)) low = middle + 1;
		else high = middle;
	}
	return low;
}

export class SearchIndex {
	private search?: Matcher;
	private filter?: Matcher;
	private entries: Entry[] = [];

	/** Bring the index up to date with the buffers, the search and the filter (lines the filter hides do not count). */
	update(buffers: readonly Buffer[], search: Matcher, filter: Matcher | undefined): void {
		if (search !== this.search || filter !== this.filter) {
			this.search = search;
			this.filter = filter;
			this.entries = [];
		}
		buffers.forEach((buffer, index) => {
			let entry = this.entries[index];
			if (entry?.buffer !== buffer) {
				entry = {buffer, sequences: [], head: 0, scanned: buffer.evicted};
				this.entries[index] = entry;
			}
			while (entry.head < entry.sequences.length && entry.sequences[entry.head]! < buffer.evicted) entry.head++;
			// Drop the evicted numbers now and then, not one by one (a shift is O(n)).
			if (entry.head > 1024 && entry.head * 2 > entry.sequences.length) {
				entry.sequences.splice(0, entry.head);
				entry.head = 0;
			}
			for (let sequence = Math.max(entry.scanned, buffer.evicted); sequence < buffer.totalPushed; sequence++) {
				const line = buffer.at(sequence)!;
				if (!line.marker && search.test(line.text) && (!filter || filter.test(line.text))) entry.sequences.push(sequence);
			}
			entry.scanned = buffer.totalPushed;
		});
	}

	/** Matching lines in the sources that are shown. */
	total(hidden: ReadonlySet<number>): number {
		let total = 0;
		this.entries.forEach((entry, index) => {
			if (!hidden.has(index)) total += entry.sequences.length - entry.head;
		});
		return total;
	}

	/**
	 * Where a match stands among all of them, 1 for the oldest, in the merged order (time, then
	 * source); undefined once its line has been evicted.
	 */
	position(at: MatchAt, hidden: ReadonlySet<number>): number | undefined {
		const own = this.entries[at.source];
		if (!own || own.buffer.at(at.sequence) === undefined) return undefined;
		let before = 0;
		this.entries.forEach((entry, index) => {
			if (hidden.has(index)) return;
			const {sequences, head, buffer} = entry;
			const count =
				index === at.source
					? partitionPoint(head, sequences.length, i => sequences[i]! < at.sequence)
					: partitionPoint(head, sequences.length, i => {
							const ms = buffer.at(sequences[i]!)!.ms;
							return ms < at.ms || (ms === at.ms && index < at.source);
						});
			before += count - head;
		});
		return before + 1;
	}
}
