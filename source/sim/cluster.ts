import type {ConfigMap, Container, KubeEvent, Namespace, Pod, Secret} from '../model/k8s.js';
import type {Behaviour} from './behaviour.js';
import type {Clock} from './clock.js';
import {publishRootCA} from './config/root-ca-publisher.js';
import type {ConfigSource} from './kubelet/config-source.js';
import {EventRecorder} from './event-recorder.js';
import type {ContainerSlot} from './kubelet/container-slot.js';
import {NodeImages} from './kubelet/node-images.js';
import {ContainerLogManager, defaultLogRotatePolicy, type LogRotatePolicy} from './kubelet/log-rotation.js';
import {type DeletePlan, planDelete} from './deletion.js';
import {EvictionManager} from './kubelet/eviction-manager.js';
import {PodWorker, statusTime} from './kubelet/pod-worker.js';
import {nodeLifecycle} from './node-lifecycle.js';
import {applyPodDefaults, validatePod} from './pod-defaults.js';
import {schedulerValue} from './scheduler/quantity.js';
import {Scheduler, schedulerName} from './scheduler/scheduler.js';
import {ObjectStore, Revisions} from './store.js';
import {WorkloadStores} from './workloads/stores.js';

// The cluster's state: the stores the API serves and one kubelet worker per Pod.

export type Node = {apiVersion: 'v1'; kind: 'Node'; metadata: Pod['metadata']; spec: Record<string, unknown>; status: Record<string, unknown>};

export const nodeName = 'sim-node-1';
export const hostIP = '172.18.0.2';

/** The node's capacity, all of it allocatable: a small k3s node unless `podscope sim` says otherwise. */
export type NodeResources = {cpu: string; memory: string; pods: string};
export const defaultNodeResources: NodeResources = {cpu: '2', memory: '8029584Ki', pods: '110'};
/** The node's ephemeral storage: a 60G root filesystem with the kubelet's default 10% reserve. */
const nodeStorage = {capacity: '61202244Ki', allocatable: '56403988070'};

export class Cluster {
	readonly revisions = new Revisions();
	readonly pods = new ObjectStore<Pod>(this.revisions);
	readonly events = new ObjectStore<KubeEvent>(this.revisions, 20_000);
	readonly namespaces = new ObjectStore<Namespace>(this.revisions);
	readonly nodes = new ObjectStore<Node>(this.revisions);
	readonly configMaps = new ObjectStore<ConfigMap>(this.revisions);
	readonly secrets = new ObjectStore<Secret>(this.revisions);
	/** apps/v1 and batch/v1: Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs (workloads/). */
	readonly workloads = new WorkloadStores(this.revisions);
	/** The ConfigMaps and Secrets as the kubelet's managers and the runtime read them. */
	readonly config: ConfigSource = {configMap: (ns, name) => this.configMaps.get(ns, name), secret: (ns, name) => this.secrets.get(ns, name)};
	readonly recorder: EventRecorder;
	/** Called whenever a container instance starts (the exec runtime runs real processes). */
	readonly startListeners = new Set<(pod: Pod, slot: ContainerSlot) => void>();
	readonly scheduler: Scheduler;
	private readonly workers = new Map<string, PodWorker>();
	/** The node's images: what containerd has, the pull queue and back-off. */
	readonly images: NodeImages;
	private nextIP = 10;
	/** The kubelet's container log rotation (kubelet/log-rotation.ts). */
	readonly logManager: ContainerLogManager;
	private readonly stopEvictions: () => void;

	/** `rootCA`: the CA certificate (PEM) published in every namespace as kube-root-ca.crt. */
	constructor(
		readonly clock: Clock,
		resources: NodeResources = defaultNodeResources,
		logPolicy: LogRotatePolicy = defaultLogRotatePolicy,
		options: {rootCA?: string} = {},
	) {
		this.logManager = new ContainerLogManager(clock, logPolicy, () => this.runningLogs()).start();
		this.recorder = new EventRecorder(this.events, () => clock.now(), nodeName, clock);
		this.images = new NodeImages(clock);
		publishRootCA(
			this,
			() => options.rootCA ?? '',
			() => statusTime(clock.now()),
		);
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
				// A k3s node on a 60G disk: the kubelet reports the image filesystem's size as
				// ephemeral-storage, less the eviction reserve in allocatable (nodestatus setters).
				capacity: {...resources, 'ephemeral-storage': nodeStorage.capacity},
				allocatable: {...resources, 'ephemeral-storage': nodeStorage.allocatable},
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
		nodeLifecycle(this.nodes, clock);
		this.scheduler = new Scheduler({
			clock,
			pods: this.pods,
			nodes: this.nodes,
			nodeName,
			event: (pod, type, reason, message) => this.recorder.record(pod, type, reason, message, undefined, schedulerName),
			bound: pod => {
				const worker = this.workers.get(pod.metadata.uid!);
				worker?.adopt(pod);
				worker?.start();
			},
			evict: victim => this.deletePod(victim.metadata.namespace!, victim.metadata.name),
		});
		// The kubelet's eviction manager: local storage over its limits, the node short of memory.
		this.stopEvictions = new EvictionManager({
			clock,
			workers: () => this.workers.values(),
			// The node's memory capacity, which the kubelet measures availability against.
			memoryBytes: Number(schedulerValue('memory', resources.memory)),
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
			images: this.images,
			podIP: `10.42.${Math.floor(ip / 250)}.${(ip % 250) + 2}`,
			commit: next => {
				if (this.pods.get(namespace, next.metadata.name)?.metadata.uid !== next.metadata.uid) return;
				const saved = this.pods.update(next);
				worker.adopt(saved);
			},
			event: (subject, type, reason, message, fieldPath, component) => this.recorder.record(subject, type, reason, message, fieldPath, component),
			config: this.config,
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
		// The scheduler binds the pod and starts its worker; a pod created bound skips it.
		if (stored.spec.nodeName === nodeName) worker.start();
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

	/** The current log of every running container, for the log manager's check. */
	private *runningLogs() {
		for (const worker of this.workers.values()) for (const slot of worker.slots) if (slot.running && slot.current) yield slot.current;
	}

	shutdown(): void {
		this.scheduler.stop();
		this.recorder.stop();
		this.logManager.stop();
		this.stopEvictions();
		for (const worker of this.workers.values()) worker.stopAll();
		this.workers.clear();
	}
}
