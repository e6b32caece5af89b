import type {Container, KubeEvent, Namespace, Pod} from '../model/k8s.js';
import type {Behaviour} from './behaviour.js';
import type {Clock} from './clock.js';
import {type DeletePlan, planDelete} from './deletion.js';
import {EventRecorder} from './event-recorder.js';
import type {ContainerSlot} from './kubelet/container-slot.js';
import {EvictionManager} from './kubelet/eviction-manager.js';
import {PodWorker, statusTime} from './kubelet/pod-worker.js';
import {applyPodDefaults, validatePod} from './pod-defaults.js';
import {ObjectStore, Revisions} from './store.js';

// The cluster's state: the stores the API serves and one kubelet worker per Pod.

export type Node = {apiVersion: 'v1'; kind: 'Node'; metadata: Pod['metadata']; spec: Record<string, unknown>; status: Record<string, unknown>};

export const nodeName = 'sim-node-1';
export const hostIP = '172.18.0.2';

export class Cluster {
	readonly revisions = new Revisions();
	readonly pods = new ObjectStore<Pod>(this.revisions);
	readonly events = new ObjectStore<KubeEvent>(this.revisions, 20_000);
	readonly namespaces = new ObjectStore<Namespace>(this.revisions);
	readonly nodes = new ObjectStore<Node>(this.revisions);
	readonly recorder: EventRecorder;
	/** Called whenever a container instance starts (the exec runtime runs real processes). */
	readonly startListeners = new Set<(pod: Pod, slot: ContainerSlot) => void>();
	private readonly workers = new Map<string, PodWorker>();
	private nextIP = 10;
	private readonly stopEvictions: () => void;

	constructor(readonly clock: Clock) {
		this.recorder = new EventRecorder(this.events, () => clock.now(), nodeName);
		for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) this.ensureNamespace(name);
		const created = statusTime(clock.now() - 3600_000);
		this.nodes.create({
			apiVersion: 'v1',
			kind: 'Node',
			metadata: {
				name: nodeName,
				uid: crypto.randomUUID(),
				creationTimestamp: created,
				labels: {'kubernetes.io/hostname': nodeName, 'kubernetes.io/os': 'linux', 'node-role.kubernetes.io/control-plane': 'true'},
			},
			spec: {podCIDR: '10.42.0.0/24'},
			status: {
				addresses: [
					{type: 'InternalIP', address: hostIP},
					{type: 'Hostname', address: nodeName},
				],
				capacity: {cpu: '2', memory: '8029584Ki', pods: '110'},
				allocatable: {cpu: '2', memory: '8029584Ki', pods: '110'},
				conditions: [
					{
						type: 'Ready',
						status: 'True',
						reason: 'KubeletReady',
						message: 'kubelet is posting ready status',
						lastHeartbeatTime: created,
						lastTransitionTime: created,
					},
				],
				// k3s v1.35.4+k3s1 and the containerd it embeds (its nodes report 2.2.3-k3s1). The
				// kubelet of 1.35 clears kubeProxyVersion (DisableNodeKubeProxyVersion is on since 1.33,
				// pkg/kubelet/nodestatus/setters.go VersionInfo), so the sim leaves it out.
				nodeInfo: {
					kubeletVersion: 'v1.35.4+k3s1',
					containerRuntimeVersion: 'containerd://2.2.3-k3s1',
					osImage: 'podscope sim',
					architecture: 'amd64',
					operatingSystem: 'linux',
				},
			},
		});
		// The kubelet's eviction manager: local storage over its limits, the node short of memory.
		this.stopEvictions = new EvictionManager({
			clock,
			workers: () => this.workers.values(),
			memoryBytes: 8029584 * 1024,
			now: () => statusTime(clock.now()),
		}).start();
	}

	ensureNamespace(name: string): Namespace {
		const existing = this.namespaces.get(undefined, name);
		if (existing) return existing;
		return this.namespaces.create({
			apiVersion: 'v1',
			kind: 'Namespace',
			metadata: {name, uid: crypto.randomUUID(), creationTimestamp: statusTime(this.clock.now()), labels: {'kubernetes.io/metadata.name': name}},
			spec: {finalizers: ['kubernetes']},
			status: {phase: 'Active'},
		});
	}

	/** Create a Pod as the API would, and hand it to its kubelet worker. Throws a validation message. */
	createPod(input: Pod, behaviours: Record<string, Behaviour> = {}, namespace = input.metadata.namespace ?? 'default'): Pod {
		const invalid = validatePod(input);
		if (invalid) throw new Error(invalid);
		this.ensureNamespace(namespace);
		const pod = applyPodDefaults(input, namespace, statusTime(this.clock.now()));
		if (this.pods.get(namespace, pod.metadata.name)) throw new Error(`pods "${pod.metadata.name}" already exists`);
		const stored = this.pods.create(pod);
		const ip = this.nextIP++;
		const worker = new PodWorker(stored, behaviours, {
			clock: this.clock,
			nodeName,
			hostIP,
			podIP: `10.42.${Math.floor(ip / 250)}.${(ip % 250) + 2}`,
			commit: next => {
				if (this.pods.get(namespace, next.metadata.name)?.metadata.uid !== next.metadata.uid) return;
				const saved = this.pods.update(next);
				worker.adopt(saved);
			},
			event: (subject, type, reason, message, fieldPath, component) => this.recorder.record(subject, type, reason, message, fieldPath, component),
			started: (current, slot) => {
				for (const listener of this.startListeners) listener(current, slot);
			},
			// The kubelet has stopped a deleted pod: its status manager deletes it with grace 0 and
			// the pod's UID as precondition (status_manager.go), which finalizers still hold back.
			remove: gone => {
				this.workers.delete(gone.metadata.uid!);
				this.recorder.forget(gone.metadata.uid);
				const current = this.pods.get(namespace, gone.metadata.name);
				if (current && current.metadata.uid === gone.metadata.uid) this.applyDelete(planDelete(current, 0, this.clock.now()));
			},
		});
		this.workers.set(stored.metadata.uid!, worker);
		worker.start();
		return this.pods.get(namespace, stored.metadata.name)!;
	}

	worker(pod: Pod): PodWorker | undefined {
		return this.workers.get(pod.metadata.uid!);
	}

	/**
	 * DELETE of a pod as kube-apiserver does it (deletion.ts): Terminating with its deletion
	 * timestamp while the kubelet stops it, kept while finalizers remain, gone at once otherwise.
	 * Returns what the API answers with, or undefined when there is no such pod.
	 */
	deletePod(namespace: string, name: string, graceSeconds?: number): Pod | undefined {
		const pod = this.pods.get(namespace, name);
		if (!pod) return undefined;
		return this.applyDelete(planDelete(pod, graceSeconds, this.clock.now()));
	}

	/** Write what a delete decided: mark the pod (and let its kubelet stop it) or remove it. */
	private applyDelete(plan: DeletePlan): Pod {
		if (plan.kind === 'pending') return plan.pod;
		const uid = plan.pod.metadata.uid!;
		const worker = this.workers.get(uid);
		const saved = this.pods.update(plan.pod);
		if (plan.kind === 'update') {
			worker?.adopt(saved);
			worker?.delete(plan.grace);
			return saved;
		}
		this.removePod(saved);
		return saved;
	}

	/** The pod leaves the store now; a kubelet still running it stops (it no longer exists). */
	removePod(pod: Pod): void {
		const uid = pod.metadata.uid!;
		this.workers.get(uid)?.stopAll();
		this.workers.delete(uid);
		this.recorder.forget(uid);
		if (this.pods.get(pod.metadata.namespace, pod.metadata.name)?.metadata.uid === uid) this.pods.delete(pod.metadata.namespace, pod.metadata.name);
	}

	/** Add an ephemeral container to the stored Pod's spec and start it. Returns the updated Pod. */
	addEphemeralContainer(pod: Pod, container: Container, behaviour: Behaviour = {}): Pod {
		return this.addEphemeralContainers(pod, [{container, behaviour}]);
	}

	/**
	 * Add ephemeral containers in one update of the stored Pod's spec, which is one new generation
	 * (the ephemeralcontainers strategy's updatePodGeneration, pkg/registry/core/pod/strategy.go),
	 * and start them. Returns the updated Pod.
	 */
	addEphemeralContainers(pod: Pod, added: Array<{container: Container; behaviour?: Behaviour}>): Pod {
		const current = this.pods.get(pod.metadata.namespace, pod.metadata.name) ?? pod;
		if (added.length === 0) return current;
		const updated = this.pods.update({
			...current,
			metadata: {...current.metadata, generation: (current.metadata.generation ?? 0) + 1},
			spec: {...current.spec, ephemeralContainers: [...(current.spec.ephemeralContainers ?? []), ...added.map(({container}) => container)]},
		});
		const worker = this.workers.get(current.metadata.uid!);
		worker?.adopt(updated);
		for (const {container, behaviour} of added) worker?.addEphemeral(container, behaviour ?? {});
		return this.pods.get(current.metadata.namespace, current.metadata.name) ?? updated;
	}

	shutdown(): void {
		this.stopEvictions();
		for (const worker of this.workers.values()) worker.stopAll();
		this.workers.clear();
	}
}
