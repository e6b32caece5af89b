import type {Container, PodSpec, Probe} from '../../model/k8s.js';
import type {PodTemplate, Workload} from './types.js';

// What kube-apiserver's defaulting adds to an apps/v1 or batch/v1 object on decode
// (pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go) and to the pod template in it
// (SetDefaults_PodSpec, SetDefaults_Container in pkg/apis/core/v1/defaults.go): what
// `kubectl get -o yaml` shows, and what a template is compared by.

/** SetDefaults_Probe and SetDefaults_HTTPGetAction. */
function defaultProbe(probe: Probe | undefined): Probe | undefined {
	if (!probe) return undefined;
	const filled: Probe = {timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...probe};
	if (probe.httpGet) filled.httpGet = {path: '/', scheme: 'HTTP', ...probe.httpGet};
	return filled;
}

function defaultTemplateContainer(container: Container): Container {
	const image = container.image ?? '';
	const tag = /:([^/@]+)$/.exec(image)?.[1];
	return {
		...container,
		...(container.ports ? {ports: container.ports.map(port => ({...port, protocol: port.protocol ?? 'TCP'}))} : {}),
		resources: container.resources ?? {},
		...(container.livenessProbe ? {livenessProbe: defaultProbe(container.livenessProbe)} : {}),
		...(container.readinessProbe ? {readinessProbe: defaultProbe(container.readinessProbe)} : {}),
		...(container.startupProbe ? {startupProbe: defaultProbe(container.startupProbe)} : {}),
		terminationMessagePath: container.terminationMessagePath ?? '/dev/termination-log',
		terminationMessagePolicy: container.terminationMessagePolicy ?? 'File',
		// Always for :latest or no tag, else IfNotPresent (SetDefaults_Container).
		imagePullPolicy: container.imagePullPolicy ?? (image.includes('@') ? 'IfNotPresent' : !tag || tag === 'latest' ? 'Always' : 'IfNotPresent'),
	};
}

export function defaultTemplate(template: PodTemplate): PodTemplate {
	const spec = template.spec ?? ({containers: []} as unknown as PodSpec);
	return {
		...template,
		metadata: {...(template.metadata ?? {}), creationTimestamp: null} as unknown as PodTemplate['metadata'],
		spec: {
			...spec,
			...(spec.initContainers ? {initContainers: spec.initContainers.map(defaultTemplateContainer)} : {}),
			containers: (spec.containers ?? []).map(defaultTemplateContainer),
			restartPolicy: spec.restartPolicy ?? 'Always',
			terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
			dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
			securityContext: spec.securityContext ?? {},
			schedulerName: spec.schedulerName ?? 'default-scheduler',
		},
	};
}

const rolling = (value: Record<string, unknown> | undefined, defaults: Record<string, unknown>) => ({...defaults, ...(value ?? {})});

/** The defaults of each kind; the object is a fresh copy the caller owns. */
export function applyWorkloadDefaults(object: Workload): Workload {
	const spec = {...object.spec};
	switch (object.kind) {
		case 'Deployment': {
			spec.replicas ??= 1;
			const strategy = {type: 'RollingUpdate', ...(spec.strategy ?? {})};
			if (strategy.type === 'RollingUpdate') strategy.rollingUpdate = rolling(strategy.rollingUpdate, {maxUnavailable: '25%', maxSurge: '25%'});
			spec.strategy = strategy;
			spec.revisionHistoryLimit ??= 10;
			spec.progressDeadlineSeconds ??= 600;
			break;
		}
		case 'ReplicaSet':
			spec.replicas ??= 1;
			break;
		case 'DaemonSet': {
			const strategy = {type: 'RollingUpdate', ...(spec.updateStrategy ?? {})};
			if (strategy.type === 'RollingUpdate') strategy.rollingUpdate = rolling(strategy.rollingUpdate, {maxUnavailable: 1, maxSurge: 0});
			spec.updateStrategy = strategy;
			spec.revisionHistoryLimit ??= 10;
			break;
		}
		case 'StatefulSet': {
			spec.podManagementPolicy ??= 'OrderedReady';
			const strategy = {type: 'RollingUpdate', ...(spec.updateStrategy ?? {})};
			if (strategy.type === 'RollingUpdate') strategy.rollingUpdate = rolling(strategy.rollingUpdate, {partition: 0});
			spec.updateStrategy = strategy;
			spec.persistentVolumeClaimRetentionPolicy = {whenDeleted: 'Retain', whenScaled: 'Retain', ...(spec.persistentVolumeClaimRetentionPolicy ?? {})};
			spec.replicas ??= 1;
			spec.revisionHistoryLimit ??= 10;
			break;
		}
		case 'Job':
			if (spec.completions === undefined && spec.parallelism === undefined) {
				spec.completions = 1;
				spec.parallelism = 1;
			}
			spec.parallelism ??= 1;
			spec.backoffLimit ??= 6;
			spec.completionMode ??= 'NonIndexed';
			spec.suspend ??= false;
			spec.podReplacementPolicy ??= 'TerminatingOrFailed';
			spec.manualSelector ??= false;
			break;
	}
	// A Job's template defaults to Always too, which its validation then refuses (as the real one does).
	if (spec.template) spec.template = defaultTemplate(spec.template);
	const metadata = {...object.metadata};
	// A Job without labels takes its template's (SetDefaults_Job); so do the others in apps/v1beta1.
	if (object.kind === 'Job' && !metadata.labels && object.spec.template?.metadata?.labels) metadata.labels = {...object.spec.template.metadata.labels};
	return {...object, metadata, spec};
}
