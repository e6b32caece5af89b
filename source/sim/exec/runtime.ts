import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Duplex} from 'node:stream';
import type {Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';
import {type AttachTarget, LogAttachTarget, MainProcess} from './attach.js';
import {containerEnvironment, lookPath} from './environment.js';
import {listensIn, relayInto} from './netns-dial.js';
import {ContainerProcess} from './process.js';
import {Sandboxes, stoppedContainer} from './sandbox.js';
import {enterCommand} from './sandbox-commands.js';
import type {SandboxSupport} from './sandbox-support.js';
import {noVolumeContent, type VolumeContentProvider} from './volume-content.js';

// The container runtime's side of exec and attach, containerd-like: a real process per exec,
// killed when the container stops; ephemeral and interactive containers run their command for
// real, so `kubectl debug` and `kubectl run -it` get a live shell whose output is also the
// container's log. Where the kernel lets the sim make namespaces, every such process runs in
// its pod's sandbox (sandbox.ts): the pod's hostname, its container's processes only, its
// container's own root with its volumes. Where it does not, processes run on the host in the
// container's scratch directory, and `podscope sim` says so when it starts.

export type ExecStreams = {stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean; size?: {cols: number; rows: number}};

export type ExecStart = {process: ContainerProcess} | {error: string};

export type RuntimeOptions = {
	/** Whether to sandbox pods (startSim probes it); not sandboxed when not given. */
	sandbox?: SandboxSupport;
	/** The files of configMap, secret, projected and downwardAPI volumes. */
	volumeContent?: VolumeContentProvider;
};

/** Where a container's processes run, and how to start one there. */
type Placement = {
	/**
	 * The working directory, seen from inside; `root` is where that inside is on the host. In
	 * a sandbox nsenter looks the command up again, inside, so argv[0] stays as it was given.
	 */
	cwd: string;
	root: string;
	home: string;
	/** The host directory to spawn in. */
	spawnCwd: string;
	command(file: string, args: string[], env: Record<string, string>, tty: boolean): {file: string; args: string[]; env?: Record<string, string>};
};

const execID = () => randomBytes(32).toString('hex');

/** Scratch roots still on disk: removed at exit too, for a sim that was never stopped. */
const roots = new Set<string>();
let cleanupInstalled = false;

function removeAtExit(root: string): void {
	roots.add(root);
	if (cleanupInstalled) return;
	cleanupInstalled = true;
	process.once('exit', () => {
		for (const directory of roots) rmSync(directory, {recursive: true, force: true});
	});
}

/** containerd's error for an exec that runc could not start. */
const execFailed = (detail: string) =>
	`failed to exec in container: failed to start exec "${execID()}": OCI runtime exec failed: exec failed: ${detail}: unknown`;

export class ContainerRuntime {
	private root?: string;
	private readonly processes = new Set<ContainerProcess>();
	private readonly mains = new Map<ContainerSlot, MainProcess>();
	/** Main processes on their way up, which an attach waits for. */
	private readonly starting = new Map<ContainerSlot, Promise<void>>();
	private stopped = false;
	readonly sandbox: SandboxSupport;
	private readonly sandboxes?: Sandboxes;
	private readonly unwatch: () => void = () => {};

	constructor(
		private readonly cluster: Cluster,
		options: RuntimeOptions = {},
	) {
		this.sandbox = options.sandbox ?? {available: false, reason: 'the sandbox was not probed'};
		if (this.sandbox.available) {
			this.sandboxes = new Sandboxes(this.sandbox.tools, this.sandbox.hostUid, options.volumeContent ?? noVolumeContent);
			const sandboxes = this.sandboxes;
			this.unwatch = cluster.pods.watch(cluster.pods.revision, change => {
				if (change.type === 'DELETED') sandboxes.releasePod(change.object.metadata.uid!);
			});
		}
		cluster.startListeners.add((pod, slot) => {
			// Debug containers, and interactive ones (`kubectl run -it`), run their command for real;
			// any container given a scenario behaviour plays that behaviour.
			if (Object.keys(slot.behaviour).length > 0) return;
			const interactive = slot.kind === 'ephemeral' || slot.spec.stdin === true || slot.spec.tty === true;
			// In a sandbox, any other container runs the command its spec names, as containerd
			// would: `sh -c 'echo init done'` prints and ends, so its init container completes. The
			// sim does not know an image's own entrypoint or binaries: a container without a
			// command, or whose command is not on the sandbox's PATH, plays a silent part instead.
			// Without a sandbox nothing of a pod's spec runs on the host unasked.
			const ownCommand = this.sandbox.available && (slot.spec.command?.length ?? 0) > 0;
			if (!interactive && !ownCommand) return;
			// Started from inside the kubelet worker's sync: run the process once that is done.
			const start = new Promise<void>(resolve => setImmediate(resolve)).then(() => this.startMain(pod, slot, !interactive));
			this.starting.set(slot, start);
			void start.finally(() => {
				if (this.starting.get(slot) === start) this.starting.delete(slot);
			});
		});
	}

	/** The container's writable directory: os.tmpdir()/podscope-sim-<pid>-XXXX/<namespace>/<pod>/<container>. */
	scratch(pod: Pod, container: string): string {
		if (!this.root) {
			this.root = mkdtempSync(path.join(tmpdir(), `podscope-sim-${process.pid}-`));
			removeAtExit(this.root);
		}
		const directory = path.join(this.root, pod.metadata.namespace ?? 'default', pod.metadata.name, container);
		mkdirSync(directory, {recursive: true});
		return directory;
	}

	async exec(pod: Pod, slot: ContainerSlot, command: string[], streams: ExecStreams): Promise<ExecStart> {
		if (command.length === 0) return {error: execFailed('args must not be empty')};
		const place = await this.placement(pod, slot);
		if ('error' in place) return {error: execFailed(place.error === stoppedContainer ? place.error : `unable to start container process: ${place.error}`)};
		const env = containerEnvironment(pod, slot, this.cluster.config, {home: place.home, tty: streams.tty});
		const found = lookPath(command[0]!, env, place.cwd, slot.hasShell, place.root);
		if ('error' in found) return {error: execFailed(`unable to start container process: ${found.error}`)};
		const run = place.command(place.root ? command[0]! : found.file, command.slice(1), env, streams.tty);
		const started = await ContainerProcess.start({
			file: run.file,
			args: run.args,
			cwd: place.spawnCwd,
			env: run.env ?? env,
			tty: streams.tty,
			stdin: streams.stdin,
			size: streams.size,
		});
		this.track(started, slot);
		return {process: started};
	}

	/** What attach connects to: the container's real process, or the simulated one's output. */
	async attachTarget(slot: ContainerSlot): Promise<AttachTarget> {
		// The container reads as running a moment before its process is up (containerd reports it
		// once the task has started): an attach in between waits for the process, or it would get
		// the log alone and its stdin and resizes would go nowhere.
		await this.starting.get(slot);
		const main = this.mains.get(slot);
		if (main?.running) return main.attach();
		return new LogAttachTarget(slot);
	}

	/**
	 * A connection to a real process listening on `port` in the pod's network namespace, or
	 * undefined: no process of the pod has run, pods share the host's network (nothing of the
	 * host may answer for a pod), or nothing listens there (netns-dial.ts).
	 */
	async dialInPod(pod: Pod, port: number): Promise<Duplex | undefined> {
		if (!this.sandboxes || !this.sandbox.available || !this.sandbox.tools.ip) return undefined;
		const pid = await this.sandboxes.podHolder(pod.metadata.uid!);
		if (pid === undefined || !listensIn(pid, port)) return undefined;
		return relayInto(this.sandbox.tools, this.sandbox.hostUid, pid, port);
	}

	shutdown(): void {
		this.stopped = true;
		this.unwatch();
		this.sandboxes?.shutdown();
		for (const running of this.processes) running.signal('SIGKILL');
		this.processes.clear();
		this.mains.clear();
		if (this.root) {
			rmSync(this.root, {recursive: true, force: true});
			roots.delete(this.root);
		}
	}

	private async placement(pod: Pod, slot: ContainerSlot): Promise<Placement | {error: string}> {
		if (!this.sandboxes || !this.sandbox.available) {
			const cwd = this.scratch(pod, slot.name);
			return {cwd, root: '', home: cwd, spawnCwd: cwd, command: (file, args) => ({file, args})};
		}
		const {tools, hostUid} = this.sandbox;
		const box = await this.sandboxes.container(pod, slot, name => this.cluster.worker(pod)?.slot(name));
		if ('error' in box) return box;
		// runc's HOME for root when the image sets none.
		return {
			cwd: box.workdir,
			root: box.root,
			home: '/root',
			spawnCwd: '/',
			command: (file, args, env, tty) => enterCommand(tools, hostUid, box.holder, file, args, tty ? {env} : undefined),
		};
	}

	private track(started: ContainerProcess, slot: ContainerSlot): void {
		this.processes.add(started);
		// When the container goes, everything exec'd into it goes with it (exit 137).
		const unsubscribe = slot.onStop(() => started.signal('SIGKILL'));
		void started.exit.then(() => {
			this.processes.delete(started);
			unsubscribe();
		});
	}

	/** `optional`: a command that cannot be found leaves the container to its silent part (an image's own binary). */
	private async startMain(pod: Pod, slot: ContainerSlot, optional = false): Promise<void> {
		if (this.stopped || !slot.running) return;
		const worker = this.cluster.worker(pod);
		const {spec} = slot;
		// The image's default command: busybox-like images run `sh`.
		const argv = spec.command?.length ? [...spec.command, ...(spec.args ?? [])] : spec.args?.length ? [...spec.args] : slot.hasShell ? ['sh'] : [];
		if (argv.length === 0) return;
		const startError = (error: string) =>
			worker?.terminate(
				slot.name,
				128,
				'StartError',
				`failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${error}: unknown`,
			);
		let place = await this.placement(pod, slot);
		// A restart in the same sync as the kill can meet the old instance's sandbox still being
		// taken down ("stopped"): the new instance gets a fresh one, as runc makes a new container.
		for (let attempt = 0; attempt < 3 && 'error' in place && place.error === stoppedContainer && slot.running && !this.stopped; attempt++) {
			place = await this.placement(pod, slot);
		}
		if (this.stopped || !slot.running) return;
		if ('error' in place) return void startError(place.error);
		const env = containerEnvironment(pod, slot, this.cluster.config, {home: place.home, tty: spec.tty === true});
		const found = lookPath(argv[0]!, env, place.cwd, slot.hasShell, place.root);
		if ('error' in found) return optional ? undefined : void startError(found.error);
		const run = place.command(place.root ? argv[0]! : found.file, argv.slice(1), env, spec.tty === true);
		const started = await ContainerProcess.start({
			file: run.file,
			args: run.args,
			cwd: place.spawnCwd,
			env: run.env ?? env,
			tty: spec.tty === true,
			stdin: spec.stdin === true,
		});
		if (this.stopped || !slot.running) {
			started.signal('SIGKILL');
			return;
		}
		this.track(started, slot);
		const main = new MainProcess(started, slot, () => this.cluster.clock.now());
		this.mains.set(slot, main);
		// The instance this process is: once the kubelet has stopped it (a probe kill) and started
		// the next one, the old process's death is no news about the new instance.
		const instance = slot.containerID;
		void started.exit.then(code => {
			main.flush();
			if (this.mains.get(slot) === main) this.mains.delete(slot);
			if (slot.containerID === instance) worker?.terminate(slot.name, code, code === 0 ? 'Completed' : 'Error');
		});
	}
}
