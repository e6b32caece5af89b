import type {List, ObjectMeta, Status, WatchEvent} from '../model/k8s.js';
import {KubeError, type KubeHttp} from './http.js';

// An informer: list, then watch from the list's resourceVersion; resume after every normal
// end of a watch; relist on 410 Gone; on any other failure retry with exponential back-off
// and jitter (honouring Retry-After), reporting "reconnecting" meanwhile. Never polls. A 401
// that fresh credentials did not cure (kube/http.ts reruns a plugin once) is not retried on a
// timer: the same credentials would be refused again, so it waits for reconnect().

export type ConnectionState =
	| {phase: 'connecting'}
	| {phase: 'live'}
	| {phase: 'reconnecting'; error: string; retryAt: number; attempt: number}
	| {phase: 'error'; error: string; code: number; retryAt?: number};

export type ListWatchOptions<T> = {
	labelSelector?: string;
	fieldSelector?: string;
	pageSize?: number;
	/**
	 * What is kept of each object listed or watched (client-go's transform function): the
	 * informer's map holds what this returns. It may change the object it is given, fresh from
	 * JSON.parse and seen by nothing else; it must keep metadata's name and namespace.
	 */
	transform?: (object: T) => T;
	/** Called after the map changed (the consumer decides how often to render). */
	onChange(objects: ReadonlyMap<string, T>): void;
	onState?(state: ConnectionState): void;
	/** Seconds a watch request lasts before the server ends it (randomised like client-go). */
	watchSeconds?: () => number;
	backoff?: {initialMs: number; maxMs: number};
	random?: () => number;
};

export const objectKey = (metadata: ObjectMeta) => `${metadata.namespace ?? ''}/${metadata.name}`;

export class ListWatch<T extends {metadata: ObjectMeta}> {
	readonly objects = new Map<string, T>();
	resourceVersion?: string;
	private stopped = false;
	private controller?: AbortController;
	private attempt = 0;
	private sleeper?: {timer: NodeJS.Timeout | undefined; resolve: () => void};
	relists = 0;
	reconnects = 0;

	constructor(
		private readonly http: KubeHttp,
		private readonly path: string,
		private readonly options: ListWatchOptions<T>,
	) {}

	start(): this {
		void this.loop();
		return this;
	}

	stop(): void {
		this.stopped = true;
		this.controller?.abort();
		if (this.sleeper) {
			clearTimeout(this.sleeper.timer);
			this.sleeper.resolve();
		}
	}

	private state(state: ConnectionState): void {
		this.options.onState?.(state);
	}

	private async loop(): Promise<void> {
		this.state({phase: 'connecting'});
		while (!this.stopped) {
			try {
				if (this.resourceVersion === undefined) await this.list();
				this.state({phase: 'live'});
				this.attempt = 0;
				await this.watchOnce();
			} catch (error) {
				if (this.stopped) return;
				const kubeError = error instanceof KubeError ? error : new KubeError(String((error as Error)?.message ?? error), 0, 'Unknown');
				if (kubeError.code === 410) {
					this.resourceVersion = undefined;
					this.relists += 1;
					continue;
				}
				this.attempt += 1;
				this.reconnects += 1;
				const {initialMs, maxMs} = this.options.backoff ?? {initialMs: 500, maxMs: 30_000};
				const exponential = Math.min(maxMs, initialMs * 2 ** (this.attempt - 1));
				const jitter = 0.5 + (this.options.random ?? Math.random)();
				const waitMs = kubeError.retryAfterSeconds ? kubeError.retryAfterSeconds * 1000 : Math.round(exponential * jitter);
				const retryAt = Date.now() + waitMs;
				if (kubeError.code === 401) {
					this.state({phase: 'error', error: kubeError.message, code: 401});
					await this.sleep(undefined);
					continue;
				}
				if (kubeError.code === 403) {
					this.state({phase: 'error', error: kubeError.message, code: kubeError.code, retryAt});
				} else {
					this.state({phase: 'reconnecting', error: kubeError.message, retryAt, attempt: this.attempt});
				}
				await this.sleep(waitMs);
			}
		}
	}

	/** Wait `ms` (undefined: until reconnect() or stop()). */
	private sleep(ms: number | undefined): Promise<void> {
		return new Promise(resolve => {
			const timer =
				ms === undefined
					? undefined
					: setTimeout(() => {
							this.sleeper = undefined;
							resolve();
						}, ms);
			this.sleeper = {timer, resolve};
		});
	}

	/** Try again now: after an error that waits for the user, or to skip a back-off. */
	reconnect(): void {
		const sleeper = this.sleeper;
		if (!sleeper) return;
		this.sleeper = undefined;
		clearTimeout(sleeper.timer);
		this.state({phase: 'connecting'});
		sleeper.resolve();
	}

	private query() {
		return {labelSelector: this.options.labelSelector, fieldSelector: this.options.fieldSelector};
	}

	/** Page through the collection; the map is replaced only when the whole list is in. */
	private async list(): Promise<void> {
		const fresh = new Map<string, T>();
		let continueToken: string | undefined;
		let resourceVersion = '';
		do {
			this.controller = new AbortController();
			const page = await this.http.json<List<T>>(this.path, {
				query: {...this.query(), limit: this.options.pageSize ?? 500, continue: continueToken},
				signal: this.controller.signal,
				// The informer's own loop backs off and reports "reconnecting".
				retries: 0,
			});
			const transform = this.options.transform;
			for (const item of page.items) fresh.set(objectKey(item.metadata), transform ? transform(item) : item);
			continueToken = page.metadata.continue || undefined;
			resourceVersion = page.metadata.resourceVersion ?? resourceVersion;
		} while (continueToken && !this.stopped);
		this.objects.clear();
		for (const [key, value] of fresh) this.objects.set(key, value);
		this.resourceVersion = resourceVersion;
		this.options.onChange(this.objects);
	}

	private async watchOnce(): Promise<void> {
		this.controller = new AbortController();
		const seconds = this.options.watchSeconds?.() ?? Math.round(300 + Math.random() * 300);
		const response = await this.http.fetch(this.path, {
			query: {...this.query(), watch: 1, resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: seconds},
			signal: this.controller.signal,
			retries: 0,
		});
		const body = response.body;
		if (!body) return;
		const decoder = new TextDecoder();
		let pending = '';
		try {
			for await (const chunk of body) {
				pending += decoder.decode(chunk as Uint8Array, {stream: true});
				let newline = pending.indexOf('\n');
				if (newline < 0) continue;
				let changed = false;
				while (newline >= 0) {
					const line = pending.slice(0, newline);
					pending = pending.slice(newline + 1);
					if (line.trim()) changed = this.apply(JSON.parse(line) as WatchEvent<T>) || changed;
					newline = pending.indexOf('\n');
				}
				if (changed) this.options.onChange(this.objects);
			}
		} catch (error) {
			if (error instanceof KubeError) throw error;
			if (this.stopped) return;
			throw new KubeError(`watch stream broken: ${(error as Error).message}`, 0, 'StreamError');
		}
	}

	/** Apply one watch event; returns whether the map changed. */
	private apply(event: WatchEvent<T>): boolean {
		if (event.type === 'ERROR') {
			const status = event.object as unknown as Status;
			throw new KubeError(status.message ?? 'watch error', status.code ?? 500, status.reason ?? 'InternalError', status);
		}
		const metadata = event.object.metadata;
		if (metadata?.resourceVersion) this.resourceVersion = metadata.resourceVersion;
		if (event.type === 'BOOKMARK') return false;
		const key = objectKey(metadata);
		if (event.type === 'DELETED') return this.objects.delete(key);
		this.objects.set(key, this.options.transform ? this.options.transform(event.object) : event.object);
		return true;
	}
}
