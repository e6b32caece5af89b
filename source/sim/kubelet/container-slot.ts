import {createHash, randomBytes} from 'node:crypto';
import type {Container, ContainerState, ContainerStatus} from '../../model/k8s.js';
import type {Behaviour} from '../behaviour.js';
import type {Cancel} from '../clock.js';
import type {CrashBackoff} from './crash-backoff.js';
import {unlocatedStatus} from './evicted-status.js';
import type {LogInstance} from './log-store.js';

export type ContainerKind = 'init' | 'sidecar' | 'main' | 'ephemeral';

/** Where a container's image comes from, as containerd reports it in the status. */
export function qualifiedImage(image: string): string {
	const [first, ...rest] = image.split('/');
	const hasRegistry = rest.length > 0 && (first!.includes('.') || first!.includes(':') || first === 'localhost');
	const path = hasRegistry ? rest.join('/') : image;
	const registry = hasRegistry ? first! : 'docker.io';
	const withLibrary = registry === 'docker.io' && !path.includes('/') ? `library/${path}` : path;
	const tagged = /:[^/]+$/.test(withLibrary) || withLibrary.includes('@') ? withLibrary : `${withLibrary}:latest`;
	return `${registry}/${tagged}`;
}

export function imageID(image: string): string {
	const qualified = qualifiedImage(image);
	const repository = qualified.replace(/:[^/]+$/, '');
	return `${repository}@sha256:${createHash('sha256').update(qualified).digest('hex')}`;
}

/**
 * Every container's mounts, whether or not it ever ran (RecursiveReadOnlyMounts, GA since
 * 1.33). A read-only mount is recursively read-only only where the runtime handler says it can
 * be; the sim's node lists no runtime handlers, so every read-only mount reads Disabled
 * (runtimeHandlerSupportsRecursiveReadOnlyMounts, kubelet_pods.go).
 */
function volumeMountStatuses(spec: Container): NonNullable<ContainerStatus['volumeMounts']> {
	return (spec.volumeMounts ?? []).map(({name, mountPath, readOnly}) => ({
		name,
		mountPath,
		...(readOnly ? {readOnly: true, recursiveReadOnly: 'Disabled'} : {}),
	}));
}

export const newContainerID = () => `containerd://${randomBytes(32).toString('hex')}`;

/** One container of a simulated Pod: its spec, its status as the kubelet reports it, its runs. */
export class ContainerSlot {
	state: ContainerState;
	lastState: ContainerState = {};
	ready = false;
	started = false;
	restartCount = 0;
	containerID?: string;
	/** Its entry in the kubelet's crash-loop back-off, from its first restart. */
	backoff?: CrashBackoff;
	startedAtMs?: number;
	finishedAtMs?: number;
	/** Timers of the current run, cancelled when it ends. */
	runTimers: Cancel[] = [];
	/** Pending restart after back-off. */
	restartTimer?: Cancel;
	/** Set from an exit until the kubelet's next relist notices it. */
	relistTimer?: Cancel;
	current?: LogInstance;
	previous?: LogInstance;
	memoryMi = 0;
	boundPorts: number[] = [];
	linesWritten = 0;
	pulled = false;
	/** The variables the kubelet gave the current instance (exec'd processes inherit them). */
	environment?: Record<string, string>;
	/** The runtime removed the container before the kubelet read how it ended (evicted-status.ts). */
	unlocated = false;
	private stopListeners = new Set<() => void>();

	constructor(
		readonly spec: Container,
		readonly kind: ContainerKind,
		readonly behaviour: Behaviour,
		waitingReason: string,
	) {
		this.state = {waiting: {reason: waitingReason}};
	}

	get name(): string {
		return this.spec.name;
	}

	get running(): boolean {
		return this.state.running !== undefined;
	}

	get hasShell(): boolean {
		if (this.behaviour.shell !== undefined) return this.behaviour.shell;
		return !/distroless|scratch/.test(this.spec.image ?? '');
	}

	/** Call `listener` once when the running instance terminates (exec sessions end with it). */
	onStop(listener: () => void): () => void {
		this.stopListeners.add(listener);
		return () => this.stopListeners.delete(listener);
	}

	/** The running instance ended: tell whoever waits on it. */
	notifyStopped(): void {
		const listeners = [...this.stopListeners];
		this.stopListeners.clear();
		for (const listener of listeners) listener();
	}

	/** The log instance `kubectl logs` reads, following kubelet's validateContainerLogStatus. */
	logInstance(previous: boolean): LogInstance | undefined {
		if (previous) return this.instance(this.lastState.terminated?.containerID);
		if (this.state.running || this.state.terminated) return this.current;
		return this.instance(this.lastState.terminated?.containerID);
	}

	/** In CrashLoopBackOff the last termination is the current instance, not the one before it. */
	private instance(containerID: string | undefined): LogInstance | undefined {
		if (!containerID) return undefined;
		return [this.current, this.previous].find(instance => instance?.containerID === containerID);
	}

	/**
	 * The status kubelet 1.35 writes for the container (convertToAPIContainerStatuses,
	 * pkg/kubelet/kubelet_pods.go).
	 */
	status(): ContainerStatus {
		if (this.unlocated) return unlocatedStatus(this.spec, this.restartCount, volumeMountStatuses(this.spec));
		const image = this.spec.image ?? '';
		const status: ContainerStatus = {
			name: this.name,
			state: this.state,
			lastState: this.lastState,
			ready: this.ready,
			restartCount: this.restartCount,
			// The runtime's name for the image once a container ran; before, the spec's (kubelet_pods.go).
			image: this.containerID ? qualifiedImage(image) : image,
			imageID: this.containerID || this.lastState.terminated ? imageID(image) : '',
			started: this.started,
		};
		if (this.containerID) {
			status.containerID = this.containerID;
			// Once the runtime has a container for it (InPlacePodVerticalScaling, GA in 1.35): the
			// allocated requests, and the resources in effect, which are the allocated ones (`{}`
			// when there are none) since the sim never resizes. A running container's CPU and memory
			// read back from its cgroup settings give the same quantities.
			const resources = structuredClone(this.spec.resources ?? {});
			status.resources = resources;
			if (resources.requests && Object.keys(resources.requests).length > 0) status.allocatedResources = {...resources.requests};
		}
		const mounts = volumeMountStatuses(this.spec);
		if (mounts.length > 0) status.volumeMounts = mounts;
		return status;
	}
}
