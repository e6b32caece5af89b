import type {KubeHttp} from '../kube/http.js';
import {ListWatch} from '../kube/list-watch.js';
import {ListenError, PortForwarder} from '../kube/port-forward-listeners.js';
import type {Action, AppState, ContainerRef} from '../model/app-state.js';
import type {Pod} from '../model/k8s.js';
import {ownerText} from '../model/owner.js';
import {parseAddresses} from '../model/port-forward/addresses.js';
import {type ForwardRow, forwardTarget} from '../model/port-forward/forwards.js';
import type {Store} from '../model/store.js';

// The TUI's port-forwards (F): owned here, not by a screen, so they last across screens until
// stopped or the TUI quits. Each listens on localhost (127.0.0.1 and ::1, as kubectl's default)
// on the remote port's number when it is free, else a random port. A watch on the forward's
// namespace follows its pod: when it goes, the same workload's best running pod takes over
// under the same local port (a Deployment's next pod); with none, the forward waits for one.

export type ForwardRequest = ContainerRef & {port: number};

type Live = {row: ForwardRow; forwarder: PortForwarder};

const localhost = parseAddresses(['localhost']);

export class PortForwards {
	private readonly live = new Map<number, Live>();
	private readonly watches = new Map<string, ListWatch<Pod>>();
	private nextId = 1;

	constructor(
		private readonly store: Store<AppState, Action>,
		private readonly http: () => KubeHttp,
	) {}

	private say(text: string, level: 'info' | 'error' = 'info'): void {
		this.store.dispatch({type: 'message', text, level, at: Date.now()});
	}

	private publish(): void {
		this.store.dispatch({type: 'forwards', forwards: [...this.live.values()].map(item => ({...item.row}))});
	}

	/** Forward a local port to the container's port; refused (with no request) in read-only mode. */
	async start(request: ForwardRequest): Promise<ForwardRow | undefined> {
		if (this.store.getSnapshot().session.readOnly) {
			this.say('read-only mode: port-forward is disabled (--read-only)', 'error');
			return undefined;
		}
		const existing = [...this.live.values()].find(
			item => item.row.namespace === request.namespace && item.row.pod === request.pod && item.row.remote === request.port,
		);
		if (existing) {
			this.say(`already forwarding localhost:${existing.row.local} → ${request.pod}:${request.port}`);
			return existing.row;
		}
		const pod = this.store.getSnapshot().pods.find(item => item.metadata.name === request.pod && item.metadata.namespace === request.namespace);
		const id = this.nextId++;
		const row: ForwardRow = {
			id,
			namespace: request.namespace,
			pod: request.pod,
			container: request.container,
			owner: pod ? ownerText(pod) : '-',
			local: request.port,
			remote: request.port,
			state: 'active',
			connections: 0,
		};
		const access = this.http().access;
		let forwarder: PortForwarder | undefined;
		// The remote port's own number when it is free, else any port.
		for (const local of [request.port, 0]) {
			const attempt = new PortForwarder(access, {namespace: request.namespace, pod: request.pod}, localhost, [{local, remote: request.port}], this.events(id));
			try {
				await attempt.listen();
				forwarder = attempt;
				break;
			} catch (error) {
				await attempt.close();
				if (!(error instanceof ListenError)) throw error;
			}
		}
		if (!forwarder) {
			this.say(`port-forward: could not listen on any local port for ${request.port}`, 'error');
			return undefined;
		}
		row.local = forwarder.ports[0]!.local;
		this.live.set(id, {row, forwarder});
		this.watch(request.namespace);
		this.publish();
		this.say(`forwarding localhost:${row.local} → ${row.pod}:${row.remote}`);
		return row;
	}

	private events(id: number): PortForwarder['events'] {
		return {
			connection: () => this.update(id, row => ({...row, connections: row.connections + 1})),
			ended: (_port, outcome) => {
				if (outcome.kind === 'closed') return;
				const detail = outcome.kind === 'refused' ? outcome.error.message : outcome.message;
				this.update(id, row => ({...row, detail}));
				const row = this.live.get(id)?.row;
				if (row) this.say(`port-forward ${row.local} → ${row.remote}: ${detail}`, 'error');
			},
		};
	}

	private update(id: number, change: (row: ForwardRow) => ForwardRow): void {
		const item = this.live.get(id);
		if (!item) return;
		item.row = change(item.row);
		this.publish();
	}

	/** Stop one forward: its listeners close and its connections are cut. */
	async stop(id: number): Promise<void> {
		const item = this.live.get(id);
		if (!item) return;
		this.live.delete(id);
		await item.forwarder.close();
		if (![...this.live.values()].some(other => other.row.namespace === item.row.namespace)) {
			this.watches.get(item.row.namespace)?.stop();
			this.watches.delete(item.row.namespace);
		}
		this.publish();
		this.say(`stopped forwarding localhost:${item.row.local} → ${item.row.pod}:${item.row.remote}`);
	}

	/** Stop every forward (the TUI quits). */
	async stopAll(): Promise<void> {
		for (const watch of this.watches.values()) watch.stop();
		this.watches.clear();
		const items = [...this.live.values()];
		this.live.clear();
		await Promise.all(items.map(item => item.forwarder.close()));
	}

	/** The forward's namespace watched, so a replaced pod is followed wherever the browser is. */
	private watch(namespace: string): void {
		if (this.watches.has(namespace)) return;
		const watch = new ListWatch<Pod>(this.http(), `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {
			onChange: objects => this.follow(namespace, objects.values()),
		});
		this.watches.set(namespace, watch);
		watch.start();
	}

	private follow(namespace: string, pods: Iterable<Pod>): void {
		const list = [...pods];
		let changed = false;
		for (const item of this.live.values()) {
			const {row} = item;
			if (row.namespace !== namespace) continue;
			const target = forwardTarget(row, list);
			if (!target) {
				if (row.state !== 'waiting') {
					item.row = {...row, state: 'waiting', detail: row.owner === '-' ? `pod ${row.pod} is gone` : `waiting for a running pod of ${row.owner}`};
					changed = true;
				}
				continue;
			}
			if (target.metadata.name !== row.pod) {
				item.forwarder.target = {namespace, pod: target.metadata.name};
				item.row = {...row, pod: target.metadata.name, state: 'active', detail: `replaced ${row.pod}`};
				this.say(`port-forward ${row.local} → ${row.remote} now goes to ${target.metadata.name} (${row.pod} was replaced)`);
				changed = true;
			} else if (row.state !== 'active') {
				item.row = {...row, state: 'active', detail: undefined};
				changed = true;
			}
		}
		if (changed) this.publish();
	}
}
