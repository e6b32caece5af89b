import type {ContainerRef} from '../app-state.js';
import type {LogRecord} from './record.js';
import {RingBuffer} from '../ring-buffer.js';
import {sanitizeLine} from '../sanitize.js';

// One followed container as the logs screen holds it: a bounded buffer of sanitised lines for
// the live instances (markers included), another for the previous instance when asked for,
// and what its stream is doing. Lines are sanitised once, on arrival, never at each frame.

export type PaneLine = {text: string; stamp: string; ms: number; marker?: boolean};

export type SourcePhase = 'starting' | 'streaming' | 'idle' | 'reconnecting' | 'error' | 'ended';

export const defaultBufferLines = 10_000;

export class LogSource {
	readonly live: RingBuffer<PaneLine>;
	previous?: RingBuffer<PaneLine>;
	showPrevious = false;
	phase: SourcePhase = 'starting';
	status = 'starting';
	restarts = 0;
	/** Its pod was deleted: no stream will add to it again. */
	gone = false;

	constructor(
		readonly ref: ContainerRef,
		/** `container`, or `pod/container` when the screen shows several pods. */
		readonly label: string,
		/** Index into the palette (log-colors.ts). */
		readonly color: number,
		readonly capacity = defaultBufferLines,
	) {
		this.live = new RingBuffer(capacity);
	}

	get buffer(): RingBuffer<PaneLine> {
		return this.showPrevious ? this.previousBuffer() : this.live;
	}

	/** The previous instance's lines, kept apart from the live ones and made when first asked for. */
	private previousBuffer(): RingBuffer<PaneLine> {
		this.previous ??= new RingBuffer(this.capacity);
		return this.previous;
	}

	/** The first line the pane ever received (benchmarks check continuity from it). */
	firstText?: string;

	append(records: readonly LogRecord[], previous = false): void {
		const target = previous ? this.previousBuffer() : this.live;
		if (!previous && this.firstText === undefined && records[0]) this.firstText = records[0].text;
		for (const record of records) {
			if (record.marker) this.restarts++;
			target.push({text: sanitizeLine(record.text), stamp: record.stamp, ms: record.ms, marker: record.marker});
		}
	}

	/** The stream is over for good (its pod is gone): a marker line says so. */
	end(text: string, ms: number): void {
		this.live.push({text, stamp: new Date(ms).toISOString(), ms, marker: true});
		this.phase = 'ended';
		this.status = 'gone';
		this.gone = true;
	}

	/** Lines evicted from the live buffer so far: what a bounded buffer visibly gave up. */
	get dropped(): number {
		return this.live.evicted;
	}
}
