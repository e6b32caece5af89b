// A controller's work queue: keys to sync, each at most once at a time and coalesced while
// waiting, so a burst of pod updates is one sync of their owner. A failed sync is retried.

export class WorkQueue {
	private readonly pending = new Set<string>();
	private scheduled = false;
	private stopped = false;

	constructor(
		private readonly sync: (key: string) => void,
		private readonly onError: (key: string, error: unknown) => void = () => {},
	) {}

	add(key: string): void {
		if (this.stopped) return;
		this.pending.add(key);
		if (this.scheduled) return;
		this.scheduled = true;
		setImmediate(() => this.drain());
	}

	private drain(): void {
		this.scheduled = false;
		const keys = [...this.pending];
		this.pending.clear();
		for (const key of keys) {
			if (this.stopped) return;
			try {
				this.sync(key);
			} catch (error) {
				this.onError(key, error);
				setTimeout(() => this.add(key), 200).unref();
			}
		}
	}

	stop(): void {
		this.stopped = true;
		this.pending.clear();
	}
}

export const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;
export const splitKey = (key: string): [string, string] => {
	const slash = key.indexOf('/');
	return [key.slice(0, slash), key.slice(slash + 1)];
};
