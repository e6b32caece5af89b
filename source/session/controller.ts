import {KubeHttp, KubeError} from '../kube/http.js';
import type {Terminal} from '../kube/shell.js';
import {type LoadedConfig, type LoadOptions, loadKubeconfig} from '../kube/kubeconfig.js';
import type {TerminalLender} from './terminal-lender.js';
import {ListWatch} from '../kube/list-watch.js';
import {type Action, type AppState, allNamespacesItem, initialState, reduce, type Session, sortPods} from '../model/app-state.js';
import type {ContainerRef} from '../model/container-ref.js';
import type {List, Namespace, Pod} from '../model/k8s.js';
import {LogScreenModel} from '../model/logs/screen.js';
import {Interner, internStrings} from '../model/interner.js';
import {slimPod} from '../model/slim.js';
import {Store} from '../model/store.js';
import {defaultLogSettings, type LogSettings} from './log-settings.js';
import {LogSession} from './log-session.js';
import {type InspectOptions, PodInspector} from './pod-inspector.js';
import {type ForwardRequest, PortForwards} from './port-forwards.js';
import {NamespaceDoctor} from './namespace-doctor.js';
import {SelectedPodWatchers} from './pod-watchers.js';
import {RolloutFollower} from './rollout.js';
import {debugInto, type ShellContext, shellInto, type Suspend} from './shell-actions.js';
import {trace} from './trace.js';

// The TUI's link to the cluster: one pod informer for the current context and namespace,
// feeding the store; switching namespace or context replaces it. Views never call the API;
// they call these intents, and the screens' own links (logs, inspect) come from here.

export type SessionOptions = {
	loadOptions: LoadOptions;
	allNamespaces: boolean;
	selector?: string;
	readOnly: boolean;
	demo: boolean;
	/** Shell for `s` (default: bash, then sh). */
	shell?: string;
	/** Image of debug containers for images without a shell. */
	debugImage?: string;
	/** The user's terminal, which shells take over (default: the process's stdin and stdout). */
	terminal?: Terminal;
	/** What every logs screen starts with (default: defaultLogSettings). */
	logs?: LogSettings;
	/** Lends the terminal to interactive credential plugins (loadOptions' plugin host uses it). */
	lender?: TerminalLender;
};

const sortEveryMs = 100;

/** Share the strings of objects already listed, a few hundred at a time between other work (keys, frames). */
function internLater(objects: object[], strings: Interner, wanted: () => boolean, from = 0): void {
	const chunk = 250;
	setImmediate(() => {
		if (!wanted()) return;
		for (const object of objects.slice(from, from + chunk)) internStrings(object, strings);
		if (from + chunk < objects.length) internLater(objects, strings, wanted, from + chunk);
	});
}

export class SessionController {
	private informer?: ListWatch<Pod>;
	/** The API client for the current context; the session's links (logs, events, exec) use it. */
	http: KubeHttp;
	private sortTimer?: NodeJS.Timeout;
	private loaded: LoadedConfig;
	readonly store: Store<AppState, Action>;

	constructor(
		loaded: LoadedConfig,
		private readonly options: SessionOptions,
	) {
		this.loaded = loaded;
		this.http = new KubeHttp(loaded.access);
		this.store = new Store(reduce, initialState(this.session(loaded.namespace)));
	}

	session(namespace: string): Session {
		return {
			context: this.loaded.context,
			cluster: this.loaded.cluster,
			server: this.loaded.server,
			user: this.loaded.user,
			namespace,
			allNamespaces: this.options.allNamespaces,
			selector: this.options.selector,
			readOnly: this.options.readOnly,
			demo: this.options.demo,
			contexts: this.loaded.contexts,
		};
	}

	get logSettings(): LogSettings {
		return this.options.logs ?? defaultLogSettings;
	}

	private details?: SelectedPodWatchers;
	/** Port-forwards live as long as the session, across screens and namespace switches. */
	private forwards?: PortForwards;
	private doctor?: NamespaceDoctor;

	start(): void {
		this.watchPods();
		this.details = new SelectedPodWatchers(this.store, () => this.http);
		this.details.start();
	}

	stop(): void {
		void this.forwards?.stopAll();
		this.details?.stop();
		this.doctor?.stop();
		this.informer?.stop();
		if (this.sortTimer) clearTimeout(this.sortTimer);
	}

	private watchPods(): void {
		this.informer?.stop();
		if (this.sortTimer) clearTimeout(this.sortTimer);
		this.sortTimer = undefined;
		const {session} = this.store.getSnapshot();
		const path = session.allNamespaces ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(session.namespace)}/pods`;
		// A list's pods share one copy of each string (model/slim.ts): the first list's once it
		// is drawn (sharing them costs ~35 µs a pod, 170 ms for 5,000, and changes no value).
		const strings = new Interner();
		let drawn = false;
		const informer = new ListWatch<Pod>(this.http, path, {
			labelSelector: session.selector,
			transform: pod => slimPod(pod, drawn ? strings : undefined),
			onChange: objects => {
				// Sorting thousands of pods on every event is waste: sort at most every 100 ms.
				if (this.sortTimer) return;
				const publish = (first: boolean) => {
					this.sortTimer = undefined;
					if (this.informer !== informer) return;
					// The first list is what the user waits for: drawn at once, not with the next batch of updates.
					this.store.dispatch({type: 'pods', pods: sortPods(objects.values(), session.allNamespaces)}, first);
				};
				if (!this.store.getSnapshot().listed) {
					trace('pods-listed', {pods: objects.size});
					publish(true);
					drawn = true;
					internLater([...objects.values()], strings, () => this.informer === informer);
				} else this.sortTimer = setTimeout(publish, sortEveryMs, false);
			},
			onState: state => {
				if (this.informer !== informer) return;
				this.store.dispatch({type: 'connection', connection: state}, true);
				if (state.phase === 'error' && state.code === 401) {
					// The informer waits for the user now: say who was refused and how to try again.
					const {context, user} = this.store.getSnapshot().session;
					const text = `You must be logged in to the server (Unauthorized): user "${user}" of context "${context}" — fix the credentials, then ctrl+r`;
					this.store.dispatch({type: 'message', text, level: 'error', at: Date.now()});
				}
			},
		});
		this.informer = informer;
		informer.start();
		// The marks and the namespace report follow the list's scope.
		this.doctor ??= new NamespaceDoctor(this.store, () => this.http);
		this.doctor.start();
	}

	/** Watch another namespace, or every namespace (the picker's allNamespacesItem, as -A). */
	switchNamespace(namespace: string): void {
		const all = namespace === allNamespacesItem;
		this.options.allNamespaces = all;
		this.store.dispatch({type: 'session', session: this.session(all ? this.store.getSnapshot().session.namespace : namespace)});
		this.watchPods();
		this.store.dispatch({type: 'message', text: all ? 'all namespaces' : `namespace ${namespace}`, at: Date.now()});
	}

	switchContext(context: string): void {
		let loaded: LoadedConfig;
		try {
			loaded = loadKubeconfig({...this.options.loadOptions, context, namespace: undefined});
		} catch (error) {
			this.store.dispatch({type: 'message', text: (error as Error).message, level: 'error', at: Date.now()});
			return;
		}
		this.loaded = loaded;
		this.options.loadOptions = {...this.options.loadOptions, context};
		this.http = new KubeHttp(loaded.access);
		this.store.dispatch({type: 'session', session: this.session(loaded.namespace)});
		this.watchPods();
		this.store.dispatch({type: 'message', text: `context ${context}`, at: Date.now()});
	}

	/** Fill the namespace picker from the API, or let the user type one when listing is forbidden. */
	async loadNamespaces(): Promise<void> {
		try {
			const list = await this.http.json<List<Namespace>>('/api/v1/namespaces');
			const names = list.items.map(item => item.metadata.name).sort();
			this.store.dispatch({type: 'picker-items', items: [allNamespacesItem, ...names]});
		} catch (error) {
			const typed = error instanceof KubeError && error.code === 403;
			const text = error instanceof KubeError ? error.message : String(error);
			this.store.dispatch({
				type: 'picker-items',
				items: typed ? [allNamespacesItem] : [],
				typed,
				error: typed ? 'listing namespaces is forbidden: type a namespace and press Enter' : text,
			});
		}
	}

	private shellContext(): ShellContext {
		const terminal = this.options.terminal ?? {stdin: process.stdin, stdout: process.stdout};
		return {http: () => this.http, store: this.store, terminal, shell: this.options.shell, debugImage: this.options.debugImage};
	}

	/** A shell in the container on the user's terminal; a debug container is offered when it has none. */
	/** Reconnect the pod list now: after it stopped on a 401, or to skip its back-off. */
	reconnect(): void {
		this.informer?.reconnect();
	}

	/** The UI's way to step aside for an interactive credential plugin; returns the detach. */
	attachTerminal(suspend: Suspend): () => void {
		return this.options.lender?.attach(suspend) ?? (() => {});
	}

	shell(target: ContainerRef, suspend: Suspend): Promise<void> {
		return shellInto(this.shellContext(), target, suspend);
	}

	/** A debug container that shares the target's processes, attached on the user's terminal. */
	debug(target: ContainerRef, suspend: Suspend): Promise<void> {
		return debugInto(this.shellContext(), target, suspend);
	}

	/**
	 * The streams of a logs screen over a fresh model, with the session's log settings; not
	 * started. Opened on a workload (`deploy/web`), the screen follows its rollout.
	 */
	openLogs(containers: ContainerRef[], workload?: string): LogSession {
		const settings = this.logSettings;
		const model = new LogScreenModel(containers, settings.bufferLines, undefined, workload !== undefined);
		const session = new LogSession(this.http, model, {tailLines: settings.tailLines, sinceSeconds: settings.sinceSeconds});
		model.onSince = seconds => session.restartSince(seconds);
		model.onSave = typed => session.save(typed);
		const namespace = containers[0]?.namespace;
		if (workload && namespace !== undefined) session.attach(new RolloutFollower(this.store, session, namespace, workload, containers));
		return session;
	}

	/** Forward a local port to a container's port (F); refused in read-only mode. */
	portForward(request: ForwardRequest): Promise<unknown> {
		this.forwards ??= new PortForwards(this.store, () => this.http);
		return this.forwards.start(request).catch((error: unknown) => {
			this.store.dispatch({type: 'message', text: `port-forward: ${(error as Error)?.message ?? String(error)}`, level: 'error', at: Date.now()});
		});
	}

	/** Stop a forward listed on the forwards screen. */
	stopForward(id: number): Promise<void> {
		return this.forwards?.stop(id) ?? Promise.resolve();
	}

	/** The live extras of an inspect screen's pod (events, metrics, log tails, history); not started. */
	inspect(namespace: string, pod: string, options: InspectOptions): PodInspector {
		return new PodInspector(this.http, namespace, pod, options);
	}
}
