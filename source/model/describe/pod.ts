import {describeContainers, describeResources} from './containers.js';
import {clean, rfc1123z, type Writer} from './format.js';
import {describeEventsTable} from './events.js';
import {TabWriter} from './tabwriter.js';
import {describeVolumes} from './volumes.js';
import {translateTimestampSince} from '../duration.js';
import type {Container, KubeEvent, Pod, Toleration} from '../k8s.js';
import {parseQuantity} from '../quantity.js';

// `kubectl describe pod`, built from the Pod and its events rather than by running kubectl:
// a port of describePod from kubectl's describe.go, through the same tabwriter, so the text
// is the one users know. Every string from the cluster is sanitised on its way in.

const skipAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration']);
const maxAnnotationLength = 140;

export function describePod(pod: Pod, events: KubeEvent[] | undefined, now: number): string {
	const tab = new TabWriter();
	const w: Writer = {write: (level, text) => tab.write('  '.repeat(level) + text), flush: () => tab.flush()};
	const {metadata, spec} = pod;
	const status = pod.status ?? {};
	w.write(0, `Name:\t${clean(metadata.name)}\n`);
	w.write(0, `Namespace:\t${clean(metadata.namespace)}\n`);
	if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
	if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${clean(spec.priorityClassName)}\n`);
	const runtimeClass = (spec as {runtimeClassName?: string}).runtimeClassName;
	if (runtimeClass) w.write(0, `Runtime Class Name:\t${clean(runtimeClass)}\n`);
	if (spec.serviceAccountName) w.write(0, `Service Account:\t${clean(spec.serviceAccountName)}\n`);
	w.write(0, spec.nodeName ? `Node:\t${clean(spec.nodeName)}/${clean(status.hostIP)}\n` : 'Node:\t<none>\n');
	if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
	printLabels(w, 'Labels', metadata.labels);
	printAnnotations(w, 'Annotations', metadata.annotations);
	if (metadata.deletionTimestamp && status.phase !== 'Failed' && status.phase !== 'Succeeded') {
		w.write(0, `Status:\tTerminating (lasts ${translateTimestampSince(metadata.deletionTimestamp, now)})\n`);
		w.write(0, `Termination Grace Period:\t${metadata.deletionGracePeriodSeconds ?? 0}s\n`);
	} else {
		w.write(0, `Status:\t${clean(status.phase)}\n`);
	}
	if (status.reason) w.write(0, `Reason:\t${clean(status.reason)}\n`);
	if (status.message) w.write(0, `Message:\t${clean(status.message)}\n`);
	const seccomp = spec.securityContext?.seccompProfile as {type?: string; localhostProfile?: string} | undefined;
	if (seccomp) {
		w.write(0, `SeccompProfile:\t${clean(seccomp.type)}\n`);
		if (seccomp.type === 'Localhost') w.write(0, `LocalhostProfile:\t${clean(seccomp.localhostProfile)}\n`);
	}
	w.write(0, `IP:\t${clean(status.podIP)}\n`);
	if (!status.podIPs?.length) w.write(0, 'IPs:\t<none>\n');
	else {
		w.write(0, 'IPs:\n');
		for (const ip of status.podIPs) w.write(1, `IP:\t${clean(ip.ip)}\n`);
	}
	const controller = metadata.ownerReferences?.find(owner => owner.controller);
	if (controller) w.write(0, `Controlled By:\t${clean(controller.kind)}/${clean(controller.name)}\n`);
	if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${clean(status.nominatedNodeName)}\n`);
	const podResources = (spec as {resources?: {requests?: Record<string, string>; limits?: Record<string, string>}}).resources;
	if (podResources) {
		w.write(0, 'Resources:\n');
		describeResources(podResources, w, 1);
	}
	if (spec.initContainers?.length) describeContainers('Init Containers', spec.initContainers, status.initContainerStatuses, pod, w);
	describeContainers('Containers', spec.containers, status.containerStatuses, pod, w);
	if (spec.ephemeralContainers?.length) describeContainers('Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses, pod, w);
	if (spec.readinessGates?.length) {
		w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
		for (const gate of spec.readinessGates) {
			const condition = status.conditions?.find(candidate => candidate.type === gate.conditionType);
			w.write(1, `${clean(gate.conditionType)} \t${condition ? clean(condition.status) : '<none>'} \n`);
		}
	}
	if (status.conditions?.length) {
		w.write(0, 'Conditions:\n  Type\tStatus\n');
		for (const condition of status.conditions) w.write(1, `${clean(condition.type)} \t${clean(condition.status)} \n`);
	}
	describeVolumes(spec.volumes, w);
	w.write(0, `QoS Class:\t${clean(status.qosClass || computeQos(pod))}\n`);
	printLabels(w, 'Node-Selectors', spec.nodeSelector);
	printTolerations(w, 'Tolerations', spec.tolerations);
	if (events !== undefined) describeEventsTable(events, w, now);
	return tab.toString();
}

function printLabels(w: Writer, title: string, labels: Record<string, string> | undefined): void {
	w.write(0, `${title}:\t`);
	const keys = Object.keys(labels ?? {}).sort();
	if (keys.length === 0) {
		w.write(0, '<none>\n');
		return;
	}
	keys.forEach((key, index) => {
		if (index > 0) w.write(0, '\t');
		w.write(0, `${clean(key)}=${clean(labels![key])}\n`);
	});
}

// Go measures and cuts annotations in bytes; we measure in bytes and cut at a character.
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
function shorten(text: string, max: number): string {
	if (bytes(text) <= max) return text;
	let result = '';
	for (const char of text) {
		if (bytes(result + char) > max) break;
		result += char;
	}
	return `${result}...`;
}

function printAnnotations(w: Writer, title: string, annotations: Record<string, string> | undefined): void {
	w.write(0, `${title}:\t`);
	const keys = Object.keys(annotations ?? {})
		.filter(key => !skipAnnotations.has(key))
		.sort();
	if (keys.length === 0) {
		w.write(0, '<none>\n');
		return;
	}
	keys.forEach((key, index) => {
		if (index > 0) w.write(0, '\t');
		const value = annotations![key]!.replace(/\n$/, '');
		if (bytes(value) + bytes(key) + 2 > maxAnnotationLength || value.includes('\n')) {
			w.write(0, `${clean(key)}:\n`);
			for (const line of value.split('\n')) w.write(0, `\t  ${clean(shorten(line, maxAnnotationLength - 2))}\n`);
		} else {
			w.write(0, `${clean(key)}: ${clean(value)}\n`);
		}
	});
}

function printTolerations(w: Writer, title: string, tolerations: Toleration[] | undefined): void {
	w.write(0, `${title}:\t`);
	if (!tolerations?.length) {
		w.write(0, '<none>\n');
		return;
	}
	const sorted = [...tolerations].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));
	sorted.forEach((toleration, index) => {
		if (index > 0) w.write(0, '\t');
		let line = clean(toleration.key);
		if (toleration.value) line += `=${clean(toleration.value)}`;
		if (toleration.effect) line += `:${clean(toleration.effect)}`;
		// "operator: Exists" with no key and no effect tolerates everything.
		if (toleration.operator === 'Exists' && !toleration.value) line += toleration.key || toleration.effect ? ' op=Exists' : 'op=Exists';
		if (toleration.tolerationSeconds !== undefined && toleration.tolerationSeconds !== null) line += ` for ${toleration.tolerationSeconds}s`;
		w.write(0, `${line}\n`);
	});
}

/** kubectl's ComputePodQOS, for a pod whose status does not carry its class yet. */
export function computeQos(pod: Pod): string {
	const requests = new Map<string, number>();
	const limits = new Map<string, number>();
	let guaranteed = true;
	const all: Container[] = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
	for (const container of all) {
		for (const [list, into] of [
			[container.resources?.requests, requests],
			[container.resources?.limits, limits],
		] as const) {
			for (const [name, value] of Object.entries(list ?? {})) {
				if (name !== 'cpu' && name !== 'memory') continue;
				const amount = quantity(value);
				if (amount > 0) into.set(name, (into.get(name) ?? 0) + amount);
			}
		}
		const found = Object.entries(container.resources?.limits ?? {}).filter(([name, value]) => (name === 'cpu' || name === 'memory') && quantity(value) > 0);
		if (found.length < 2) guaranteed = false;
	}
	if (requests.size === 0 && limits.size === 0) return 'BestEffort';
	if (guaranteed) {
		for (const [name, amount] of requests) if (limits.get(name) !== amount) guaranteed = false;
	}
	return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

const quantity = (value: string) => parseQuantity(value) ?? 0;
