import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {Pod, Volume} from '../../model/k8s.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';
import {etcFiles, podHostname} from './etc-files.js';
import {type Holder, startHolder} from './holder.js';
import {chownTree, makeInside, prepareRoot, systemMounts} from './rootfs.js';
import {containerHolderCommand, podHolderCommand, type Tools} from './sandbox-commands.js';
import type {RootMount} from './sandbox-script.js';
import {containerMounts, isProjected, safeRelative, type VolumeContentProvider} from './volume-content.js';

// Pods as the container runtime isolates them: a holder per pod (its user, UTS, IPC and PID
// namespaces, like the pause container) and one per running container instance that runs a
// real process (its own root and mount namespace), made when the first process needs them.
// On the host, everything lives under one directory of the sim's:
//   <root>/<namespace>/<pod>-<uid>/pause             the pod holder's root
//   <root>/<namespace>/<pod>-<uid>/volumes/<volume>  emptyDir and the given volumes' files
//   <root>/<namespace>/<pod>-<uid>/<container>-<n>    a container instance's writable layer
// A container instance's holder and layer go when it stops; the pod's when the pod is
// deleted; all of them when the sim stops or exits. Every mount lives in a namespace of
// the sandbox's own, and goes with its last process: none is ever made on the host.

/** Where a process of a container runs: nsenter's target, its root seen from the host, its cwd. */
export type ContainerBox = {holder: number; root: string; workdir: string};

export type BoxResult = ContainerBox | {error: string};

/** runc's answer to an exec into a container that has stopped (libcontainer's exec checks). */
export const stoppedContainer = 'cannot exec in a stopped container';

type ContainerEntry = {
	instance: unknown;
	directory: string;
	box: Promise<BoxResult>;
	holder?: Holder;
	/** Init of its own PID namespace: killing it ends everything in the container. */
	ownPid: boolean;
	released: boolean;
};

type PodEntry = {
	directory: string;
	holder: Promise<Holder | {error: string}>;
	volumes: Map<string, string>;
	containers: Map<ContainerSlot, ContainerEntry>;
	instances: number;
};

const live = new Set<Sandboxes>();
let exitHookInstalled = false;

function installExitHook(): void {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	// A sim that was never stopped (a crash, process.exit): its holders and directories go too.
	process.once('exit', () => {
		for (const sandboxes of live) sandboxes.shutdown();
	});
}

/** Every process on the host in the mount namespace of `pid` (a container's other processes). */
function killMountNamespace(pid: number): void {
	let namespace: string;
	try {
		namespace = readlinkSync(`/proc/${pid}/ns/mnt`);
	} catch {
		return;
	}
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readlinkSync(`/proc/${entry}/ns/mnt`) === namespace) process.kill(Number(entry), 'SIGKILL');
		} catch {
			// Gone, or not ours to read.
		}
	}
}

function removeTree(directory: string): void {
	try {
		rmSync(directory, {recursive: true, force: true});
	} catch {
		// A container may leave a directory it made unreadable; give everything back to its owner first.
		const stack = [directory];
		while (stack.length > 0) {
			const current = stack.pop()!;
			try {
				chmodSync(current, 0o700);
				for (const name of readdirSync(current, {withFileTypes: true})) if (name.isDirectory()) stack.push(path.join(current, name.name));
			} catch {
				// Keep going.
			}
		}
		rmSync(directory, {recursive: true, force: true});
	}
}

export class Sandboxes {
	private root?: string;
	private readonly pods = new Map<string, PodEntry>();
	/** Every holder up and running: shutdown, at exit too, cannot wait for promises. */
	private readonly holdersNow = new Set<Holder>();
	private stopped = false;

	constructor(
		private readonly tools: Tools,
		private readonly hostUid: number | undefined,
		private readonly volumeContent: VolumeContentProvider,
	) {}

	/** The sandbox of `slot`'s running instance, made on first use. `lookup` finds a debug container's target. */
	container(pod: Pod, slot: ContainerSlot, lookup: (name: string) => ContainerSlot | undefined): Promise<BoxResult> {
		if (this.stopped) return Promise.resolve({error: 'the container runtime is shutting down'});
		const podEntry = this.pod(pod);
		const existing = podEntry.containers.get(slot);
		if (existing && existing.instance === slot.current && !existing.released) return existing.box;
		const target = slot.kind === 'ephemeral' && slot.spec.targetContainerName ? lookup(slot.spec.targetContainerName) : undefined;
		const entry: ContainerEntry = {
			instance: slot.current,
			directory: path.join(podEntry.directory, `${slot.name}-${++podEntry.instances}`),
			box: Promise.resolve({error: ''}),
			ownPid: !pod.spec.shareProcessNamespace && !target?.running,
			released: false,
		};
		podEntry.containers.set(slot, entry);
		// The instance stops: its processes, namespaces and layer go with it.
		slot.onStop(() => this.release(podEntry, slot, entry));
		entry.box = this.start(pod, slot, podEntry, entry, target?.running ? target : undefined, lookup);
		return entry.box;
	}

	/** The PID of the pod's holder if it is up (a process of the pod has run), without making one. */
	async podHolder(uid: string): Promise<number | undefined> {
		const holder = await this.pods.get(uid)?.holder;
		return holder && !('error' in holder) ? holder.pid : undefined;
	}

	/** The pod is gone: its containers, its holder, its volumes. */
	releasePod(uid: string): void {
		const entry = this.pods.get(uid);
		if (!entry) return;
		this.pods.delete(uid);
		for (const [slot, container] of entry.containers) this.release(entry, slot, container);
		void entry.holder.then(holder => {
			if ('error' in holder) return removeTree(entry.directory);
			holder.kill();
			void holder.exited.then(() => removeTree(entry.directory));
		});
	}

	/** Synchronous, for the sim's stop and its exit: kill every holder, remove every directory. */
	shutdown(): void {
		this.stopped = true;
		live.delete(this);
		for (const [uid, entry] of this.pods) {
			for (const container of entry.containers.values()) {
				container.released = true;
				if (container.holder && !container.ownPid) killMountNamespace(container.holder.pid);
				container.holder?.kill();
			}
			this.pods.delete(uid);
		}
		// Pod holders too; those still starting see `stopped` once they are up.
		for (const holder of this.holdersNow) holder.kill();
		if (this.root) removeTree(this.root);
	}

	private pod(pod: Pod): PodEntry {
		const uid = pod.metadata.uid!;
		const existing = this.pods.get(uid);
		if (existing) return existing;
		const directory = path.join(this.baseDirectory(), pod.metadata.namespace ?? 'default', `${pod.metadata.name}-${uid.slice(0, 8)}`);
		const pause = path.join(directory, 'pause');
		mkdirSync(directory, {recursive: true});
		prepareRoot(pause, undefined, this.hostUid);
		// /pause, as the pause image's, runs until it is killed: coreutils' sleep under that name.
		symlinkSync(existsSync('/usr/bin/sleep') ? '/usr/bin/sleep' : '/bin/sleep', path.join(pause, 'pause'));
		const command = podHolderCommand(this.tools, this.hostUid, {
			root: pause,
			workdir: '/',
			hostname: podHostname(pod),
			mounts: systemMounts(),
			command: ['/pause', 'infinity'],
		});
		const entry: PodEntry = {
			directory,
			holder: this.track(startHolder(command.file, command.args, this.hostUid)),
			volumes: new Map(),
			containers: new Map(),
			instances: 0,
		};
		this.pods.set(uid, entry);
		// A holder killed from outside takes the pod's namespaces with it: the next process makes new ones.
		void entry.holder.then(holder => {
			if ('error' in holder) {
				if (this.pods.get(uid) === entry) this.pods.delete(uid);
				removeTree(directory);
			} else void holder.exited.then(() => this.pods.get(uid) === entry && this.releasePod(uid));
		});
		return entry;
	}

	private async start(
		pod: Pod,
		slot: ContainerSlot,
		podEntry: PodEntry,
		entry: ContainerEntry,
		target: ContainerSlot | undefined,
		lookup: (name: string) => ContainerSlot | undefined,
	): Promise<BoxResult> {
		const podHolder = await podEntry.holder;
		if ('error' in podHolder) return {error: `failed to create the pod sandbox: ${podHolder.error}`};
		let sharePid: number | undefined;
		if (pod.spec.shareProcessNamespace) sharePid = podHolder.pid;
		else if (target) {
			// `kubectl debug --target`: the target's PID namespace, as the kubelet asks of the runtime (NamespaceMode_TARGET).
			const targetBox = await this.container(pod, target, lookup);
			if ('error' in targetBox) return targetBox;
			sharePid = targetBox.holder;
		}
		const workdir = slot.spec.workingDir || '/';
		prepareRoot(entry.directory, etcFiles(pod));
		const mounts = this.mounts(pod, slot, podEntry, entry.directory);
		if ('error' in mounts) return mounts;
		if (this.hostUid !== undefined) chownTree(entry.directory, this.hostUid);
		const command = containerHolderCommand(this.tools, this.hostUid, podHolder.pid, sharePid, {
			root: entry.directory,
			workdir,
			hostname: '',
			mounts,
			command: ['sleep', 'infinity'],
		});
		const holder = await this.track(startHolder(command.file, command.args));
		if ('error' in holder) return {error: holder.error};
		entry.holder = holder;
		if (entry.released || this.stopped) {
			this.kill(entry);
			return {error: stoppedContainer};
		}
		// Killed from outside (or by another container sharing its PID namespace): made anew on next use.
		void holder.exited.then(() => this.release(podEntry, slot, entry));
		return {holder: holder.pid, root: `/proc/${holder.pid}/root`, workdir};
	}

	private track(started: Promise<Holder | {error: string}>): Promise<Holder | {error: string}> {
		return started.then(holder => {
			if ('error' in holder) return holder;
			if (this.stopped) {
				holder.kill();
				return {error: 'the container runtime is shutting down'};
			}
			this.holdersNow.add(holder);
			void holder.exited.then(() => this.holdersNow.delete(holder));
			return holder;
		});
	}

	/** The system directories, then the container's volumes, each at its mountPath. */
	private mounts(pod: Pod, slot: ContainerSlot, podEntry: PodEntry, layer: string): RootMount[] | {error: string} {
		const planned = containerMounts(pod, slot.spec);
		if ('error' in planned) return planned;
		const mounts = systemMounts();
		for (const {volume, subPath, target, readOnly} of planned.mounts) {
			const directory = this.volume(pod, volume, podEntry);
			let source = directory;
			if (subPath) {
				// A subPath through a link a container planted must not lead out of the volume (the
				// kubelet's doSafeMakeDir and subpath checks, pkg/volume/util/subpath).
				if (!makeInside(directory, subPath)) return {error: `subPath "${subPath}" of volume "${volume.name}" is a link or leads through one`};
				source = path.join(directory, subPath);
			}
			mounts.push({kind: readOnly ? 'ro' : 'rw', source, target});
			const isFile = !statSync(source).isDirectory();
			makeInside(layer, target, isFile);
			// Under a system directory the mount point goes in the container's upper layer, as it
			// would be in an image's: the host's directory, owned by a root unmapped in the
			// sandbox, takes no new entry (sandbox-script.ts).
			const system = mounts.find(mount => mount.kind === 'sys' && target.startsWith(`${mount.target}/`));
			if (system) {
				const upper = path.join(layer, '.podscope-layers', system.target, 'upper');
				mkdirSync(upper, {recursive: true});
				makeInside(upper, path.posix.relative(system.target, target), isFile);
			}
		}
		return mounts;
	}

	/** A volume's directory, made the first time a container of the pod mounts it. */
	private volume(pod: Pod, volume: Volume, podEntry: PodEntry): string {
		const existing = podEntry.volumes.get(volume.name);
		if (existing) return existing;
		const directory = path.join(podEntry.directory, 'volumes', volume.name);
		mkdirSync(directory, {recursive: true});
		// emptyDir's directory is world-writable, as the kubelet makes it (0777, pkg/volume/emptydir).
		chmodSync(directory, isProjected(volume) ? 0o755 : 0o777);
		const files = isProjected(volume) ? this.volumeContent(pod, volume) : undefined;
		for (const [relative, content] of Object.entries(files ?? {})) {
			if (!safeRelative(relative)) continue;
			mkdirSync(path.dirname(path.join(directory, relative)), {recursive: true});
			writeFileSync(path.join(directory, relative), content, {mode: 0o644});
		}
		if (this.hostUid !== undefined) chownTree(directory, this.hostUid);
		podEntry.volumes.set(volume.name, directory);
		return directory;
	}

	private release(podEntry: PodEntry, slot: ContainerSlot, entry: ContainerEntry): void {
		if (entry.released) return;
		entry.released = true;
		if (podEntry.containers.get(slot) === entry) podEntry.containers.delete(slot);
		void entry.box.then(() => {
			if (!entry.holder) return removeTree(entry.directory);
			this.kill(entry);
			void entry.holder.exited.then(() => removeTree(entry.directory));
		});
	}

	private kill(entry: ContainerEntry): void {
		if (!entry.holder) return;
		// Sharing a PID namespace, the container's processes outlive its holder: find them by mount namespace.
		if (!entry.ownPid) killMountNamespace(entry.holder.pid);
		entry.holder.kill();
	}

	private baseDirectory(): string {
		if (!this.root) {
			this.root = mkdtempSync(path.join(tmpdir(), `podscope-sim-${process.pid}-`));
			// A root sim's sandbox user must be able to reach the roots below it, not to list them;
			// any other sim's sandboxes are its own user and the directory stays 0700.
			if (this.hostUid !== undefined) chmodSync(this.root, 0o711);
			live.add(this);
			installExitHook();
		}
		return this.root;
	}
}
