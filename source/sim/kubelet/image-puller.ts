import type {Clock} from '../clock.js';
import {goDurationMs, relistSeconds} from './backoff.js';
import type {ContainerSlot} from './container-slot.js';
import {defaultImageBytes, defaultPullSeconds, pullError, pullOutcome, unresolvable} from './image-registry.js';
import type {NodeImages} from './node-images.js';

// The kubelet's image manager for one pod: EnsureImageExists before each container start
// (pkg/kubelet/images/image_manager.go, 1.35), with its events and the waiting reasons the
// container shows when it fails.
//
// How a failure reaches the status: the kubelet computes a pod's status at the start of a
// sync and records why a container could not start (the reasonCache) at its end, so a failure
// shows at the next sync (kubelet.go SyncPod, convertToAPIContainerStatuses). A sync that ends
// in an error is requeued after the pod worker's backOffPeriod, 10 s jittered by up to half
// (pod_workers.go completeWork; the sim takes the mean, 12.5 s); the pod's first sync, which
// also created the sandbox and started its other containers, is followed by the one their
// PLEG events bring a relist later. A real node showed exactly that cadence: ErrImagePull 2 s
// after the start, ImagePullBackOff from 13 s, a pull at 1, 14, 38 and 88 s.

export type PullerHost = {
	clock: Clock;
	images: NodeImages;
	podUID(): string;
	/** Apply a change, then let the kubelet react and write the status. */
	run(mutate: () => void): void;
	event(type: 'Normal' | 'Warning', reason: string, message: string, slot: ContainerSlot): void;
};

/** The pod worker's backOffPeriod (pkg/kubelet/kubelet.go) times wait.Jitter's mean factor. */
export const syncErrorRequeueSeconds = 10 * 1.25;

type Reason = {reason: string; message: string};

export class ImagePuller {
	/** Why each container could not start, shown at the pod's next sync. */
	private readonly reasons = new Map<ContainerSlot, Reason>();
	/** The last pull error per back-off key, for the back-off's message (prevPullErrMsg). */
	private readonly lastErrors = new Map<string, string>();
	/** Containers whose image the sync has just pulled: created next, without another check. */
	private readonly pulled = new Set<ContainerSlot>();
	/** Containers whose pull is queued or running. */
	private readonly inFlight = new Set<ContainerSlot>();
	private firstSyncAt?: number;

	constructor(private readonly host: PullerHost) {}

	/** A pull of this pod is queued or running: its sync waits for it, as SyncPod does. */
	get blocking(): boolean {
		return this.inFlight.size > 0;
	}

	/** EnsureImageExists: true when the container can be created now. */
	ensure(slot: ContainerSlot): boolean {
		const {clock, images} = this.host;
		const attemptAt = clock.now();
		this.firstSyncAt ??= attemptAt;
		if (this.pulled.delete(slot)) return true;
		const image = slot.spec.image ?? '';
		const policy = slot.spec.imagePullPolicy ?? 'IfNotPresent';
		const present = images.has(image, slot.behaviour.pull !== undefined || unresolvable(image));
		if (policy !== 'Always' && present) {
			// KubeletEnsureSecretPulledImages is on by default in 1.35: the kubelet checks that the
			// pod may use the present image (a preloaded one it may), and says so.
			this.host.event('Normal', 'Pulled', `Container image "${image}" already present on machine and can be accessed by the pod`, slot);
			this.reasons.delete(slot);
			return true;
		}
		if (policy === 'Never') {
			const message = `Container image "${image}" is not present with pull policy of Never`;
			this.host.event('Warning', 'ErrImageNeverPull', message, slot);
			return this.failed(slot, {reason: 'ErrImageNeverPull', message}, attemptAt);
		}
		const key = `${this.host.podUID()}_${image}`;
		if (images.backoff.inBackOff(key)) {
			const message = `Back-off pulling image "${image}"`;
			this.host.event('Normal', 'BackOff', message, slot);
			const previous = this.lastErrors.get(key);
			return this.failed(slot, {reason: 'ImagePullBackOff', message: previous ? `${message}: ${previous}` : message}, attemptAt);
		}
		this.lastErrors.delete(key);
		this.host.event('Normal', 'Pulling', `Pulling image "${image}"`, slot);
		if (present) {
			// Pull policy Always on an image containerd has: the manifest is checked and every layer
			// is there. The sim takes that check as instant.
			const took = goDurationMs(Math.round(defaultPullSeconds(image) * 1000));
			this.host.event('Normal', 'Pulled', pulledMessage(image, took, took, defaultImageBytes(image)), slot);
			this.reasons.delete(slot);
			return true;
		}
		this.inFlight.add(slot);
		const detach = images.pull(image, pullOutcome(image, slot.behaviour.pull), result =>
			this.host.run(() => {
				this.settle(slot);
				if (result.failure) {
					const error = pullError(image, result.failure);
					this.host.event('Warning', 'Failed', `Failed to pull image "${image}": ${error}`, slot);
					images.backoff.next(key);
					this.lastErrors.set(key, `ErrImagePull: ${error}`);
					this.failed(slot, {reason: 'ErrImagePull', message: error}, attemptAt);
					return;
				}
				const [pull, total] = [result.pullSeconds, result.totalSeconds].map(seconds => goDurationMs(Math.round(seconds * 1000)));
				this.host.event('Normal', 'Pulled', pulledMessage(image, pull!, total!, result.bytes), slot);
				this.reasons.delete(slot);
				this.pulled.add(slot);
			}),
		);
		// The slot is busy while its pull runs; a delete detaches it (containerd's pull goes on).
		slot.restartTimer = () => {
			detach();
			this.settle(slot);
		};
		return false;
	}

	/** The pull of `slot` ended (or was given up): the pod's sync goes on. */
	private settle(slot: ContainerSlot): void {
		if (this.inFlight.delete(slot)) slot.restartTimer = undefined;
	}

	/** The start failed: the container waits for the next sync, which shows why. */
	private failed(slot: ContainerSlot, why: Reason, attemptAt: number): false {
		this.host.event('Warning', 'Failed', `Error: ${why.reason}`, slot);
		this.reasons.set(slot, why);
		const delay = attemptAt === this.firstSyncAt ? relistSeconds : syncErrorRequeueSeconds;
		slot.restartTimer = this.host.clock.after(delay, () =>
			this.host.run(() => {
				slot.restartTimer = undefined;
				this.show(slot);
			}),
		);
		return false;
	}

	/** The status the next sync computes: Waiting with the recorded reason, a finished run kept as the last state. */
	private show(slot: ContainerSlot): void {
		const why = this.reasons.get(slot);
		if (!why) return;
		if (slot.state.terminated) slot.lastState = {terminated: slot.state.terminated};
		slot.state = {waiting: {reason: why.reason, message: why.message}};
	}
}

/** image_manager.go's text for a pull that succeeded, durations in Go's form. */
const pulledMessage = (image: string, pull: string, total: string, bytes: number) =>
	`Successfully pulled image "${image}" in ${pull} (${total} including waiting). Image size: ${bytes} bytes.`;
