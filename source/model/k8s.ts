// Kubernetes objects as they travel on the wire (JSON, timestamps as RFC 3339 strings).
// One shape for the simulator, the API layer and the views, so nothing converts Dates
// back and forth and a watch event looks exactly like a list item.

export type ObjectMeta = {
	name: string;
	namespace?: string;
	uid?: string;
	resourceVersion?: string;
	generation?: number;
	creationTimestamp?: string;
	deletionTimestamp?: string;
	deletionGracePeriodSeconds?: number;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	ownerReferences?: Array<{apiVersion: string; kind: string; name: string; uid: string; controller?: boolean}>;
	generateName?: string;
	/** What must finish before a deleted object goes (the API keeps it until the list is empty). */
	finalizers?: string[];
	managedFields?: unknown[];
};

export type EnvVar = {
	name: string;
	value?: string;
	valueFrom?: {
		secretKeyRef?: {name: string; key: string; optional?: boolean};
		configMapKeyRef?: {name: string; key: string; optional?: boolean};
		fieldRef?: {fieldPath: string; apiVersion?: string};
		resourceFieldRef?: {resource: string; containerName?: string; divisor?: string};
	};
};

export type Probe = {
	httpGet?: {path?: string; port: number | string; scheme?: string; host?: string};
	tcpSocket?: {port: number | string; host?: string};
	exec?: {command: string[]};
	grpc?: {port: number; service?: string};
	initialDelaySeconds?: number;
	periodSeconds?: number;
	timeoutSeconds?: number;
	successThreshold?: number;
	failureThreshold?: number;
	terminationGracePeriodSeconds?: number;
};

export type ResourceList = Record<string, string>;

export type ContainerPort = {name?: string; containerPort: number; protocol?: string; hostPort?: number; hostIP?: string};

export type Container = {
	name: string;
	image?: string;
	imagePullPolicy?: string;
	command?: string[];
	args?: string[];
	workingDir?: string;
	ports?: ContainerPort[];
	env?: EnvVar[];
	envFrom?: Array<{configMapRef?: {name: string; optional?: boolean}; secretRef?: {name: string; optional?: boolean}; prefix?: string}>;
	resources?: {requests?: ResourceList; limits?: ResourceList};
	volumeMounts?: Array<{name: string; mountPath: string; readOnly?: boolean; subPath?: string}>;
	livenessProbe?: Probe;
	readinessProbe?: Probe;
	startupProbe?: Probe;
	lifecycle?: {postStart?: {exec?: {command: string[]}; httpGet?: unknown}; preStop?: {exec?: {command: string[]}; httpGet?: unknown}};
	/** On an init container, `Always` makes it a native sidecar. */
	restartPolicy?: string;
	securityContext?: Record<string, unknown>;
	stdin?: boolean;
	stdinOnce?: boolean;
	tty?: boolean;
	terminationMessagePath?: string;
	terminationMessagePolicy?: string;
	/** Only on ephemeral containers. */
	targetContainerName?: string;
};

export type KeyToPath = {key: string; path: string; mode?: number};

export type DownwardAPIVolumeFile = {
	path: string;
	fieldRef?: {fieldPath: string; apiVersion?: string};
	resourceFieldRef?: {resource: string; containerName?: string; divisor?: string};
	mode?: number;
};

/** One source of a projected volume; exactly one member is set. */
export type VolumeProjection = {
	secret?: {name?: string; items?: KeyToPath[]; optional?: boolean};
	configMap?: {name?: string; items?: KeyToPath[]; optional?: boolean};
	downwardAPI?: {items?: DownwardAPIVolumeFile[]};
	serviceAccountToken?: {audience?: string; expirationSeconds?: number; path: string};
	clusterTrustBundle?: {name?: string; signerName?: string; labelSelector?: LabelSelector | null; optional?: boolean; path: string};
	podCertificate?: {signerName: string; keyType: string; credentialBundlePath?: string; keyPath?: string; certificateChainPath?: string};
};

export type Volume = {
	name: string;
	emptyDir?: {medium?: string; sizeLimit?: string};
	configMap?: {name: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean};
	secret?: {secretName: string; items?: KeyToPath[]; defaultMode?: number; optional?: boolean};
	persistentVolumeClaim?: {claimName: string; readOnly?: boolean};
	hostPath?: {path: string; type?: string};
	projected?: {sources: VolumeProjection[]; defaultMode?: number};
	downwardAPI?: {items: DownwardAPIVolumeFile[]};
	ephemeral?: {volumeClaimTemplate?: {metadata?: Partial<ObjectMeta>; spec: {resources?: {requests?: ResourceList; limits?: ResourceList}}}};
};

export type Toleration = {key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number};

export type LabelSelectorRequirement = {key: string; operator: string; values?: string[]};
export type LabelSelector = {matchLabels?: Record<string, string>; matchExpressions?: LabelSelectorRequirement[]};

export type NodeSelectorTerm = {matchExpressions?: LabelSelectorRequirement[]; matchFields?: LabelSelectorRequirement[]};

/** A null labelSelector matches no pod (the apiserver warns about it). */
export type PodAffinityTerm = {labelSelector?: LabelSelector | null; topologyKey: string; namespaces?: string[]; namespaceSelector?: LabelSelector | null};
export type WeightedPodAffinityTerm = {weight: number; podAffinityTerm: PodAffinityTerm};
export type PodAffinity = {
	requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
	preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
};

export type Affinity = {
	nodeAffinity?: {
		requiredDuringSchedulingIgnoredDuringExecution?: {nodeSelectorTerms: NodeSelectorTerm[]};
		preferredDuringSchedulingIgnoredDuringExecution?: Array<{weight: number; preference: NodeSelectorTerm}>;
	};
	podAffinity?: PodAffinity;
	podAntiAffinity?: PodAffinity;
};

export type TopologySpreadConstraint = {maxSkew: number; topologyKey: string; whenUnsatisfiable: string; labelSelector?: LabelSelector | null};

export type PodSpec = {
	initContainers?: Container[];
	containers: Container[];
	ephemeralContainers?: Container[];
	volumes?: Volume[];
	restartPolicy?: string;
	terminationGracePeriodSeconds?: number;
	dnsPolicy?: string;
	nodeName?: string;
	nodeSelector?: Record<string, string>;
	serviceAccountName?: string;
	serviceAccount?: string;
	schedulerName?: string;
	priority?: number;
	priorityClassName?: string;
	tolerations?: Toleration[];
	enableServiceLinks?: boolean;
	preemptionPolicy?: string;
	securityContext?: Record<string, unknown>;
	shareProcessNamespace?: boolean;
	hostname?: string;
	subdomain?: string;
	readinessGates?: Array<{conditionType: string}>;
	hostNetwork?: boolean;
	hostAliases?: Array<{ip: string; hostnames?: string[]}>;
	imagePullSecrets?: Array<{name?: string}>;
	dnsConfig?: {nameservers?: string[]; searches?: string[]; options?: Array<{name?: string; value?: string}>};
	overhead?: ResourceList;
	affinity?: Affinity;
	topologySpreadConstraints?: TopologySpreadConstraint[];
	os?: {name: string};
	/** While any is left, the scheduler does not consider the pod (PodSchedulingReadiness, GA in 1.30). */
	schedulingGates?: Array<{name: string}>;
	/** Pod-level requests and limits (PodLevelResources, beta and on in 1.34). */
	resources?: {requests?: ResourceList; limits?: ResourceList};
};

export type ContainerStateWaiting = {reason?: string; message?: string};
export type ContainerStateRunning = {startedAt?: string};
export type ContainerStateTerminated = {
	exitCode: number;
	signal?: number;
	reason?: string;
	message?: string;
	startedAt?: string;
	finishedAt?: string;
	containerID?: string;
};
export type ContainerState = {
	waiting?: ContainerStateWaiting;
	running?: ContainerStateRunning;
	terminated?: ContainerStateTerminated;
};

export type ContainerStatus = {
	name: string;
	state?: ContainerState;
	lastState?: ContainerState;
	ready: boolean;
	restartCount: number;
	image: string;
	imageID: string;
	containerID?: string;
	started?: boolean;
	/** The requests allocated to the container (InPlacePodVerticalScaling, GA in 1.35). */
	allocatedResources?: ResourceList;
	resources?: {requests?: ResourceList; limits?: ResourceList};
	/** The container's mounts as the kubelet reports them (RecursiveReadOnlyMounts, GA in 1.33). */
	volumeMounts?: Array<{name: string; mountPath: string; readOnly?: boolean; recursiveReadOnly?: string}>;
};

export type PodCondition = {
	type: string;
	/** The pod generation the condition was computed for (PodObservedGenerationTracking, on since 1.34). */
	observedGeneration?: number;
	status: 'True' | 'False' | 'Unknown';
	lastProbeTime?: string | null;
	lastTransitionTime?: string;
	reason?: string;
	message?: string;
};

export type PodStatus = {
	/** The pod generation the kubelet last reported on (PodObservedGenerationTracking, on since 1.34). */
	observedGeneration?: number;
	phase?: string;
	conditions?: PodCondition[];
	message?: string;
	reason?: string;
	hostIP?: string;
	hostIPs?: Array<{ip: string}>;
	podIP?: string;
	podIPs?: Array<{ip: string}>;
	startTime?: string;
	initContainerStatuses?: ContainerStatus[];
	containerStatuses?: ContainerStatus[];
	ephemeralContainerStatuses?: ContainerStatus[];
	qosClass?: string;
	nominatedNodeName?: string;
};

export type Pod = {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	spec: PodSpec;
	status?: PodStatus;
};

export type KubeEvent = {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	involvedObject: {
		kind?: string;
		namespace?: string;
		name?: string;
		uid?: string;
		apiVersion?: string;
		resourceVersion?: string;
		fieldPath?: string;
	};
	reason?: string;
	message?: string;
	source?: {component?: string; host?: string};
	firstTimestamp?: string | null;
	lastTimestamp?: string | null;
	eventTime?: string | null;
	count?: number;
	type?: string;
	reportingComponent?: string;
	reportingInstance?: string;
	/** An events.k8s.io event seen again: how often, and when last (client-go tools/events). */
	series?: {count: number; lastObservedTime: string};
};

export type Namespace = {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	spec?: {finalizers?: string[]};
	status?: {phase?: string; conditions?: Array<{type: string; status: string; lastTransitionTime?: string; reason?: string; message?: string}>};
};

/** A ConfigMap: `data` is text, `binaryData` base64 on the wire. */
export type ConfigMap = {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	data?: Record<string, string>;
	binaryData?: Record<string, string>;
	immutable?: boolean;
};

/** A Secret: `data` values are base64 on the wire; `stringData` is write-only (merged into data, never stored). */
export type Secret = {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	data?: Record<string, string>;
	stringData?: Record<string, string>;
	type?: string;
	immutable?: boolean;
};

export type ListMeta = {resourceVersion?: string; continue?: string; remainingItemCount?: number};

export type List<T> = {apiVersion: string; kind: string; metadata: ListMeta; items: T[]};

export type WatchEvent<T> = {type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'; object: T};

export type Status = {
	apiVersion: 'v1';
	kind: 'Status';
	metadata: Record<string, never>;
	status: 'Success' | 'Failure';
	message?: string;
	reason?: string;
	details?: {name?: string; group?: string; kind?: string; causes?: Array<{reason?: string; message?: string; field?: string}>; retryAfterSeconds?: number};
	code?: number;
};

/** Timestamps on the wire are RFC 3339 strings; accept a Date too for values built locally. */
export function toTime(value: string | Date | null | undefined): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const ms = value instanceof Date ? value.getTime() : Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}
