import type {IncomingMessage, ServerResponse} from 'node:http';
import {sendJson, statusBody} from './routes/respond.js';

// Fault injection: what incidents do to an API server and its clients — latency, throttling,
// 500s, watches answered with 410 Gone or an ERROR event, log streams cut mid-line, log
// follows that miss a rotation, dropped connections, expired tokens. Set by flags or at run
// time through /_sim/faults.

export type FaultSettings = {
	/** Added before every answer, in ms. */
	latencyMs: number;
	/** Share (0–1) of requests answered 500 InternalError. */
	errorRate: number;
	/** Share (0–1) of requests answered 429 TooManyRequests with Retry-After. */
	throttleRate: number;
	retryAfterSeconds: number;
	/** The next N watch requests get one ERROR event with 410 Gone, then end. */
	watchGone: number;
	/** The next N watch requests get one ERROR event with a 500 Status, then end. */
	watchError: number;
	/** Log streams are cut (connection destroyed, mid-line) after this many bytes; 0 = never. */
	cutLogsAfterBytes: number;
	/** Drop every open connection every N seconds; 0 = never. */
	dropEverySeconds: number;
	/**
	 * Share (0–1) of log follows that miss the rotation of the file they read: they stay on the
	 * rotated file, open, and deliver nothing new until the container stops (the kubelet's
	 * fsnotify follower of kubernetes#115701 and #126564, k3s#9060).
	 */
	followMissesRotation: number;
};

export const noFaults: FaultSettings = {
	latencyMs: 0,
	errorRate: 0,
	throttleRate: 0,
	retryAfterSeconds: 1,
	watchGone: 0,
	watchError: 0,
	cutLogsAfterBytes: 0,
	dropEverySeconds: 0,
	followMissesRotation: 0,
};

export type FaultCounts = {
	throttled: number;
	errors: number;
	watchGone: number;
	watchErrors: number;
	logCuts: number;
	/** Log follows that stopped at a rotation. */
	missedRotations: number;
	drops: number;
	restarts: number;
	expiredTokens: number;
};

const numericFields = Object.keys(noFaults) as Array<keyof FaultSettings>;

export class Faults {
	settings: FaultSettings = {...noFaults};
	readonly counts: FaultCounts = {
		throttled: 0,
		errors: 0,
		watchGone: 0,
		watchErrors: 0,
		logCuts: 0,
		missedRotations: 0,
		drops: 0,
		restarts: 0,
		expiredTokens: 0,
	};
	private dropTimer?: NodeJS.Timeout;

	constructor(
		private readonly drop: () => void,
		private readonly random: () => number = Math.random,
	) {}

	/** Merge new settings (unknown fields and bad values are rejected with a message). */
	update(changes: Record<string, unknown>): void {
		for (const [key, value] of Object.entries(changes)) {
			if (!numericFields.includes(key as keyof FaultSettings)) throw new Error(`unknown fault "${key}" (known: ${numericFields.join(', ')})`);
			if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`fault ${key}: expected a non-negative number`);
			if ((key === 'errorRate' || key === 'throttleRate' || key === 'followMissesRotation') && value > 1)
				throw new Error(`fault ${key}: expected a share between 0 and 1`);
		}
		this.settings = {...this.settings, ...(changes as Partial<FaultSettings>)};
		this.schedule();
	}

	reset(): void {
		this.settings = {...noFaults};
		this.schedule();
	}

	dropNow(): void {
		this.counts.drops += 1;
		this.drop();
	}

	private schedule(): void {
		if (this.dropTimer) clearInterval(this.dropTimer);
		this.dropTimer = undefined;
		if (this.settings.dropEverySeconds > 0) {
			this.dropTimer = setInterval(() => this.dropNow(), this.settings.dropEverySeconds * 1000);
			this.dropTimer.unref();
		}
	}

	stop(): void {
		if (this.dropTimer) clearInterval(this.dropTimer);
	}

	/**
	 * Before a request is served: wait out the latency, then maybe answer it with a 429 or a
	 * 500 instead. Returns true when the request was answered here.
	 */
	async before(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
		if (this.settings.latencyMs > 0) await new Promise(resolve => setTimeout(resolve, this.settings.latencyMs));
		// The sim's own control endpoints are never faulted: tests must be able to switch faults off.
		if ((request.url ?? '').startsWith('/_sim/')) return false;
		const roll = this.random();
		if (roll < this.settings.throttleRate) {
			this.counts.throttled += 1;
			const seconds = this.settings.retryAfterSeconds;
			response.setHeader('Retry-After', String(seconds));
			sendJson(response, 429, {...statusBody(429, 'TooManyRequests', 'Too many requests, please try again later.'), details: {retryAfterSeconds: seconds}});
			return true;
		}
		if (roll < this.settings.throttleRate + this.settings.errorRate) {
			this.counts.errors += 1;
			sendJson(response, 500, statusBody(500, 'InternalError', 'Internal error occurred: injected fault'));
			return true;
		}
		return false;
	}

	/** For a new watch: an ERROR event to send instead of serving it, if one is due. */
	watchFault(): ReturnType<typeof statusBody> | undefined {
		if (this.settings.watchGone > 0) {
			this.settings.watchGone -= 1;
			this.counts.watchGone += 1;
			return statusBody(410, 'Expired', 'too old resource version: injected fault');
		}
		if (this.settings.watchError > 0) {
			this.settings.watchError -= 1;
			this.counts.watchErrors += 1;
			return statusBody(500, 'InternalError', 'Internal error occurred: injected watch error');
		}
		return undefined;
	}

	/** Bytes a log stream may carry before it is cut, or Infinity. */
	logBudget(): number {
		return this.settings.cutLogsAfterBytes > 0 ? this.settings.cutLogsAfterBytes : Number.POSITIVE_INFINITY;
	}

	noteLogCut(): void {
		this.counts.logCuts += 1;
	}

	/** A log follow has met a rotation: does it miss it (and stall from now on)? */
	missesRotation(): boolean {
		if (this.settings.followMissesRotation <= 0 || this.random() >= this.settings.followMissesRotation) return false;
		this.counts.missedRotations += 1;
		return true;
	}
}
