// client-go's EventSourceObjectSpamFilter (tools/record/events_cache.go), which the kubelet's
// legacy recorder applies to every event it records, a repeat of one already recorded
// included: a token bucket per source and involved object and event type, 25 deep, refilled
// one token every 5 minutes. An event that finds the bucket empty is dropped. So a pod whose
// probe keeps failing stops getting Warning events (Unhealthy, and BackOff with them) after
// 25, until the bucket refills.

export const spamBurst = 25;
export const spamQPS = 1 / 300;

type Bucket = {tokens: number; atMs: number};

export class EventSpamFilter {
	private readonly buckets = new Map<string, Bucket>();

	/** `seconds(from, to)`: simulated seconds between two timestamps (the clock's speed). */
	constructor(private readonly seconds: (fromMs: number, toMs: number) => number) {}

	/** getSpamKey's fields: the pod's uid first, so a pod's buckets can go with it. */
	static key(uid: string | undefined, parts: Array<string | undefined>): string {
		return [uid, ...parts].join('\u0000');
	}

	/** TryAccept: take a token if there is one. */
	allow(key: string, nowMs: number): boolean {
		const bucket = this.buckets.get(key) ?? {tokens: spamBurst, atMs: nowMs};
		bucket.tokens = Math.min(spamBurst, bucket.tokens + this.seconds(bucket.atMs, nowMs) * spamQPS);
		bucket.atMs = nowMs;
		this.buckets.set(key, bucket);
		if (bucket.tokens < 1) return false;
		bucket.tokens -= 1;
		return true;
	}

	forget(uid: string | undefined): void {
		for (const key of this.buckets.keys()) {
			if (key.startsWith(`${uid}\u0000`)) this.buckets.delete(key);
		}
	}
}
