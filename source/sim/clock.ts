// The sim's notion of time. Durations in scenarios are in simulated seconds; `speed`
// compresses them into real time. Timestamps are always real wall-clock time, so ages
// and "(2m ago)" read the same in kubectl and podscope.

export type Cancel = () => void;

export type Clock = {
	now(): number;
	/** Run `fn` after `seconds` of simulated time. */
	after(seconds: number, fn: () => void): Cancel;
	/** Run `fn` every `seconds` of simulated time until cancelled. */
	every(seconds: number, fn: () => void): Cancel;
	readonly speed: number;
};

/** Simulated seconds between two of a clock's timestamps (real time, which `speed` compresses). */
export function simSeconds(clock: Clock, fromMs: number, toMs = clock.now()): number {
	return ((toMs - fromMs) * clock.speed) / 1000;
}

export function realClock(speed = 1): Clock {
	const scale = (seconds: number) => Math.max(0, (seconds * 1000) / speed);
	return {
		speed,
		now: () => Date.now(),
		after(seconds, fn) {
			const timer = setTimeout(fn, scale(seconds));
			timer.unref?.();
			return () => clearTimeout(timer);
		},
		every(seconds, fn) {
			const timer = setInterval(fn, Math.max(1, scale(seconds)));
			timer.unref?.();
			return () => clearInterval(timer);
		},
	};
}

/** A clock advanced by hand, for deterministic lifecycle tests. */
export class ManualClock implements Clock {
	readonly speed = 1;
	private current: number;
	private timers: Array<{at: number; fn: () => void; every?: number; id: number}> = [];
	private nextId = 1;

	constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
		this.current = start;
	}

	now(): number {
		return this.current;
	}

	after(seconds: number, fn: () => void): Cancel {
		const id = this.nextId++;
		this.timers.push({at: this.current + seconds * 1000, fn, id});
		return () => this.cancel(id);
	}

	every(seconds: number, fn: () => void): Cancel {
		const id = this.nextId++;
		// A zero period would never let time advance; the real clock floors it at 1 ms too.
		const period = Math.max(1, seconds * 1000);
		this.timers.push({at: this.current + period, fn, every: period, id});
		return () => this.cancel(id);
	}

	/** Advance time, firing due timers in order (timers scheduled while firing fire too). */
	advance(seconds: number): void {
		const target = this.current + seconds * 1000;
		for (;;) {
			this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
			const next = this.timers[0];
			if (!next || next.at > target) break;
			this.current = Math.max(this.current, next.at);
			if (next.every) next.at += next.every;
			else this.timers.shift();
			next.fn();
		}
		this.current = target;
	}

	private cancel(id: number): void {
		this.timers = this.timers.filter(timer => timer.id !== id);
	}
}
