import type {LogSource, PaneLine} from './source.js';
import type {Matcher} from './matcher.js';
import {type MatchAt, SearchIndex} from './search-index.js';

// A scrollable window over one or more sources. Several sources merge by timestamp (a k-way
// merge done on the fly over their ring buffers, so nothing is copied and nothing re-sorted
// when lines arrive). A position is a cursor: per source, the absolute sequence number of the
// first line not yet above it. Sequence numbers never change, so a paused view stays on its
// lines while new ones arrive and old ones are evicted; only what is on screen is walked.

export type Cursor = number[];
export type Located = {line: PaneLine; source: number; sequence: number};

export class LogView {
	/** Top of the window while scrolled or paused; undefined: following the bottom. */
	top?: Cursor;
	paused = false;
	/** Lines pushed to the sources when the view was paused: the counter's zero. */
	private pausedAt = 0;
	filter?: Matcher;
	search?: Matcher;
	/** The match n/N last moved to; the next window puts it mid-screen once. */
	match?: MatchAt;
	/** Where the window started with the match as its first line: n/N go on from the match, not from the centred top. */
	private matchCursor?: Cursor;
	private centerPending = false;
	private readonly searchIndex = new SearchIndex();
	/** Sources left out of this view (the merged view's h); their cursors wait where they are. */
	readonly hidden = new Set<number>();

	constructor(readonly sources: readonly LogSource[]) {}

	get following(): boolean {
		return this.top === undefined;
	}

	/** Lines that arrived since the view was paused. */
	get newWhilePaused(): number {
		return this.paused ? this.total() - this.pausedAt : 0;
	}

	total(): number {
		let total = 0;
		for (const source of this.sources) total += source.buffer.totalPushed;
		return total;
	}

	end(): Cursor {
		return this.sources.map(source => source.buffer.totalPushed);
	}

	start(): Cursor {
		return this.sources.map(source => source.buffer.evicted);
	}

	private visible(line: PaneLine): boolean {
		return !this.filter || line.marker === true || this.filter.test(line.text);
	}

	/** The line at a cursor (the merge's next) or undefined at the end; filtered lines are skipped. */
	next(cursor: Cursor): Located | undefined {
		for (;;) {
			let best: Located | undefined;
			for (let index = 0; index < this.sources.length; index++) {
				if (this.hidden.has(index)) continue;
				const buffer = this.sources[index]!.buffer;
				const sequence = Math.max(cursor[index]!, buffer.evicted);
				const line = buffer.at(sequence);
				if (line && (!best || line.ms < best.line.ms)) best = {line, source: index, sequence};
			}
			if (!best) return undefined;
			cursor[best.source] = best.sequence + 1;
			if (this.visible(best.line)) return best;
		}
	}

	/** The line just before a cursor, moving the cursor onto it; undefined at the start. */
	previous(cursor: Cursor): Located | undefined {
		for (;;) {
			let best: Located | undefined;
			for (let index = 0; index < this.sources.length; index++) {
				if (this.hidden.has(index)) continue;
				const buffer = this.sources[index]!.buffer;
				const sequence = Math.min(cursor[index]!, buffer.totalPushed) - 1;
				if (sequence < buffer.evicted) continue;
				const line = buffer.at(sequence)!;
				if (!best || line.ms >= best.line.ms) best = {line, source: index, sequence};
			}
			if (!best) return undefined;
			cursor[best.source] = best.sequence;
			if (this.visible(best.line)) return best;
		}
	}

	/**
	 * The lines on screen and where they start. `rowsOf` says how many rows a line takes (wrap,
	 * JSON); lines are walked only until `height` rows are filled.
	 */
	window(height: number, rowsOf: (line: Located) => number): {lines: Located[]; top: Cursor; clipTop: number} {
		if (this.centerPending && this.top) this.top = this.centeredTop(this.top, height, rowsOf);
		this.centerPending = false;
		if (this.top) {
			const cursor = [...this.top];
			const top = [...cursor];
			const lines: Located[] = [];
			let rows = 0;
			while (rows < height) {
				const line = this.next(cursor);
				if (!line) break;
				lines.push(line);
				rows += rowsOf(line);
			}
			if (rows >= height || this.paused) return {lines, top, clipTop: 0};
			// Scrolled back down to the end: the view follows again.
			this.top = undefined;
		}
		const cursor = this.end();
		const lines: Located[] = [];
		let rows = 0;
		while (rows < height) {
			const line = this.previous(cursor);
			if (!line) break;
			lines.unshift(line);
			rows += rowsOf(line);
		}
		return {lines, top: cursor, clipTop: Math.max(0, rows - height)};
	}

	/**
	 * Where the window starts to show the line at `top` mid-screen, as less and vim put a match;
	 * near the end of the buffer, the last full screen instead of blank rows under the match.
	 */
	private centeredTop(top: Cursor, height: number, rowsOf: (line: Located) => number): Cursor {
		const first = this.next([...top]);
		if (!first) return top;
		const cursor = [...top];
		const above = Math.floor((height - rowsOf(first)) / 2);
		for (let rows = 0; ; ) {
			const probe = [...cursor];
			const line = this.previous(probe);
			if (!line || rows + rowsOf(line) > above) break;
			rows += rowsOf(line);
			cursor.splice(0, cursor.length, ...probe);
		}
		const probe = [...cursor];
		let below = 0;
		while (below < height) {
			const line = this.next(probe);
			if (!line) break;
			below += rowsOf(line);
		}
		if (below >= height) return cursor;
		// The last screenful, its first line whole (a wrapped line may not fit above).
		const last = this.end();
		let rows = 0;
		while (rows < height) {
			const line = this.previous(last);
			if (!line) return last;
			rows += rowsOf(line);
		}
		if (rows > height) this.next(last);
		return last;
	}

	/** The search's "3/40": where the last match found stands among the matching lines, and how many there are. */
	searchCounts(): {position?: number; total: number} | undefined {
		if (!this.search) return undefined;
		this.searchIndex.update(
			this.sources.map(source => source.buffer),
			this.search,
			this.filter,
		);
		const total = this.searchIndex.total(this.hidden);
		return {position: this.match ? this.searchIndex.position(this.match, this.hidden) : undefined, total};
	}

	pause(top: Cursor): void {
		if (!this.paused) this.pausedAt = this.total();
		this.paused = true;
		this.top = top;
	}

	/** Back to the bottom, following. */
	follow(): void {
		this.paused = false;
		this.top = undefined;
		this.match = undefined;
		this.matchCursor = undefined;
	}

	/** Move the top by `delta` lines (negative: up); scrolling away from the bottom pauses. */
	scroll(delta: number, currentTop: Cursor): void {
		// Moved by hand: n/N search from what is on screen again, as less does.
		this.matchCursor = undefined;
		const cursor = [...(this.top ?? currentTop)];
		if (delta < 0) {
			for (let step = 0; step > delta; step--) if (!this.previous(cursor)) break;
			this.pause(cursor);
			return;
		}
		for (let step = 0; step < delta; step++) {
			const probe = [...cursor];
			if (!this.next(probe)) break;
			cursor.splice(0, cursor.length, ...probe);
		}
		if (this.top) this.top = cursor;
	}

	toStart(): void {
		this.matchCursor = undefined;
		this.pause(this.start());
	}

	/**
	 * Move to the next search match: `older` walks up from the top of the window (less's `?`
	 * direction, because logs are read from the bottom), else down. False when there is none.
	 */
	findMatch(older: boolean, currentTop: Cursor): boolean {
		const search = this.search;
		if (!search) return false;
		const cursor = [...(this.matchCursor ?? this.top ?? currentTop)];
		// A source added since (a rollout's new pod) starts from its beginning.
		while (cursor.length < this.sources.length) cursor.push(0);
		if (!older) this.next(cursor);
		for (;;) {
			const line = older ? this.previous(cursor) : this.next(cursor);
			if (!line) return false;
			if (!line.line.marker && search.test(line.line.text)) {
				const top = [...cursor];
				if (!older) top[line.source] = line.sequence;
				this.pause(top);
				this.match = {source: line.source, sequence: line.sequence, ms: line.line.ms};
				this.matchCursor = [...top];
				this.centerPending = true;
				return true;
			}
		}
	}
}
