import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import type {ConfigSource} from '../kubelet/config-source.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';
import {type AttachTarget, LogAttachTarget, MainProcess} from './attach.js';
import {containerEnvironment, lookPath} from './environment.js';
import {ContainerProcess} from './process.js';

// The container runtime's side of exec and attach, containerd-like: a real process per exec
// in the container's scratch directory (its "filesystem"), killed when the container stops;
// ephemeral and interactive containers run their command for real, so `kubectl debug` and
// `kubectl run -it` get a live shell whose output is also the container's log.

export type ExecStreams = {stdin: boolean; stdout: boolean; stderr: boolean; tty: boolean; size?: {cols: number; rows: number}};

export type ExecStart = {process: ContainerProcess} | {error: string};

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
	private readonly config: ConfigSource;

	constructor(private readonly cluster: Cluster) {
		this.config = {configMap: (ns, name) => cluster.configMaps.get(ns, name), secret: (ns, name) => cluster.secrets.get(ns, name)};
		cluster.startListeners.add((pod, slot) => {
			// Debug containers, and interactive ones (`kubectl run -it`), run their command for real;
			// the others, and any container given a scenario behaviour, play that behaviour.
			if (Object.keys(slot.behaviour).length > 0) return;
			if (slot.kind !== 'ephemeral' && !slot.spec.stdin && !slot.spec.tty) return;
			// Started from inside the kubelet worker's sync: run the process once that is done.
			const start = new Promise<void>(resolve => setImmediate(resolve)).then(() => this.startMain(pod, slot));
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
		const cwd = this.scratch(pod, slot.name);
		const env = containerEnvironment(pod, slot, this.config, {home: cwd, tty: streams.tty});
		const found = lookPath(command[0]!, env, cwd, slot.hasShell);
		if ('error' in found) return {error: execFailed(`unable to start container process: ${found.error}`)};
		const started = await ContainerProcess.start({
			file: found.file,
			args: command.slice(1),
			cwd,
			env,
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

	shutdown(): void {
		this.stopped = true;
		for (const running of this.processes) running.signal('SIGKILL');
		this.processes.clear();
		this.mains.clear();
		if (this.root) {
			rmSync(this.root, {recursive: true, force: true});
			roots.delete(this.root);
		}
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

	private async startMain(pod: Pod, slot: ContainerSlot): Promise<void> {
		if (this.stopped || !slot.running) return;
		const worker = this.cluster.worker(pod);
		const {spec} = slot;
		// The image's default command: busybox-like images run `sh`.
		const argv = spec.command?.length ? [...spec.command, ...(spec.args ?? [])] : spec.args?.length ? [...spec.args] : slot.hasShell ? ['sh'] : [];
		if (argv.length === 0) return;
		const cwd = this.scratch(pod, slot.name);
		const env = containerEnvironment(pod, slot, this.config, {home: cwd, tty: spec.tty === true});
		const found = lookPath(argv[0]!, env, cwd, slot.hasShell);
		if ('error' in found) {
			const message = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${found.error}: unknown`;
			worker?.terminate(slot.name, 128, 'StartError', message);
			return;
		}
		const started = await ContainerProcess.start({file: found.file, args: argv.slice(1), cwd, env, tty: spec.tty === true, stdin: spec.stdin === true});
		if (this.stopped || !slot.running) {
			started.signal('SIGKILL');
			return;
		}
		this.track(started, slot);
		const main = new MainProcess(started, slot, () => this.cluster.clock.now());
		this.mains.set(slot, main);
		void started.exit.then(code => {
			main.flush();
			if (this.mains.get(slot) === main) this.mains.delete(slot);
			worker?.terminate(slot.name, code, code === 0 ? 'Completed' : 'Error');
		});
	}
}
