// A tiny external store for React's useSyncExternalStore. User input notifies at once (key
// latency); data updates (a flood of watch events) are coalesced to at most one
// notification per `coalesceMs`, so a busy cluster does not mean a busy renderer.

export type Reducer<S, A> = (state: S, action: A) => S;

export class Store<S, A> {
	private state: S;
	private readonly listeners = new Set<() => void>();
	private timer?: NodeJS.Timeout;

	constructor(
		private readonly reducer: Reducer<S, A>,
		initial: S,
		private readonly coalesceMs = 50,
	) {
		this.state = initial;
	}

	getSnapshot = (): S => this.state;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Apply an action; `urgent` (user input) notifies now, the rest is coalesced. */
	dispatch = (action: A, urgent = true): void => {
		const next = this.reducer(this.state, action);
		if (next === this.state) return;
		this.state = next;
		if (urgent) {
			this.flush();
			return;
		}
		this.timer ??= setTimeout(() => this.flush(), this.coalesceMs);
	};

	private flush(): void {
		if (this.timer) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		for (const listener of this.listeners) listener();
	}

	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.listeners.clear();
	}
}
