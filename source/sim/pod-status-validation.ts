import type {Container, ContainerStatus, Pod, PodStatus} from '../model/k8s.js';
import {ipWarnings, isMapped, parseSloppy} from './pod-warnings/ip.js';
import type {FieldError} from './routes/respond.js';

// The parts of ValidatePodStatusUpdate (pkg/apis/core/validation/validation.go, 1.35) that
// look at what a client wrote into a pod's status, beyond its conditions: IPs, the nominated
// node, and containers that may not leave the terminated state. Also the v1 ↔ internal
// conversion of podIP, and the fields Go always writes, which a JSON client may leave out.

/** The family IsDualStackIPStrings sees: To4() reads an IPv4-mapped IPv6 address as IPv4. */
function family(ip: string): 4 | 6 | undefined {
	const parsed = parseSloppy(ip);
	return parsed && (isMapped(parsed.bytes) ? 4 : 6);
}

const ipText = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/** validatePodIPs / validateHostIPs: new IPs valid (old ones may stay), at most one per family. */
function ipListErrors(field: string, ips: string[], old: string[]): FieldError[] {
	const errors: FieldError[] = [];
	for (const [index, ip] of ips.entries()) {
		if (!old.includes(ip) && !parseSloppy(ip)) errors.push({field: `${field}[${index}]`, type: 'Invalid', value: ip, detail: ipText});
	}
	if (ips.length > 1) {
		const families = new Set(ips.map(family));
		const dualStack = ips.length === 2 && families.has(4) && families.has(6);
		// The internal type's field is IP, capitalised, and so is its JSON.
		if (!dualStack) errors.push({field, type: 'Invalid', value: ips.map(ip => ({IP: ip})), detail: 'may specify no more than one IP for each IP family'});
	}
	return errors;
}

export function ipErrors(next: PodStatus, current: PodStatus): FieldError[] {
	const errors = ipListErrors(
		'status.podIPs',
		(next.podIPs ?? []).map(entry => entry.ip),
		(current.podIPs ?? []).map(entry => entry.ip),
	);
	const hostIPs = (next.hostIPs ?? []).map(entry => entry.ip);
	if (hostIPs.length > 0) {
		if ((next.hostIP ?? '') !== hostIPs[0])
			errors.push({field: 'status.hostIPs[0].ip', type: 'Invalid', value: hostIPs[0], detail: 'must be equal to `hostIP`'});
		errors.push(
			...ipListErrors(
				'status.hostIPs',
				hostIPs,
				(current.hostIPs ?? []).map(entry => entry.ip),
			),
		);
	}
	return errors;
}

/**
 * Convert_v1_PodStatus_To_core_PodStatus and back: podIP wins over a podIPs that disagrees
 * and fills an empty one; the v1 podIP written back is podIPs[0].
 */
export function convertPodIPs(status: PodStatus): void {
	if (status.podIP && (!status.podIPs?.length || status.podIPs[0]!.ip !== status.podIP)) status.podIPs = [{ip: status.podIP}];
	if (status.podIPs?.length) status.podIP = status.podIPs[0]!.ip;
	else delete status.podIP;
}

type RestartRule = {action?: string; exitCodes?: {operator?: string; values?: number[]}};
type RuledContainer = Container & {restartPolicyRules?: RestartRule[]};

/** podutil.ContainerShouldRestart: the container's rules and policy, then the pod's policy. */
function shouldRestart(container: RuledContainer, pod: Pod, exitCode: number): boolean {
	if (container.restartPolicy) {
		const rule = container.restartPolicyRules?.find(candidate => {
			const {operator, values = []} = candidate.exitCodes ?? {};
			return operator === 'In' ? values.includes(exitCode) : operator === 'NotIn' ? !values.includes(exitCode) : false;
		});
		if (rule?.action === 'Restart') return true;
		if (container.restartPolicy === 'Always') return true;
		if (container.restartPolicy === 'OnFailure') return exitCode !== 0;
		if (container.restartPolicy === 'Never') return false;
	}
	const policy = pod.spec.restartPolicy ?? 'Always';
	return policy === 'OnFailure' ? exitCode !== 0 : policy !== 'Never';
}

/**
 * ValidateContainerStateTransition and its init-container twin, as 1.35 runs them (the
 * ContainerRestartRules gate is on by default): a terminated container whose policy would not
 * restart it may not be reported as anything else. A status for a container the spec lacks
 * counts as one that would not restart.
 */
export function stateTransitionErrors(
	field: string,
	next: ContainerStatus[] | undefined,
	current: ContainerStatus[] | undefined,
	containers: Container[],
	pod: Pod,
): FieldError[] {
	const errors: FieldError[] = [];
	for (const [index, old] of (current ?? []).entries()) {
		const exitCode = old.state?.terminated?.exitCode;
		if (exitCode === undefined) continue;
		const now = (next ?? []).find(status => status.name === old.name && !status.state?.terminated);
		if (!now) continue;
		const container = containers.find(candidate => candidate.name === old.name);
		if (!container || !shouldRestart(container, pod, exitCode)) {
			errors.push({field: `${field}[${index}].state`, type: 'Forbidden', detail: 'may not be transitioned to non-terminated state'});
		}
	}
	return errors;
}

/** The ContainerStatus fields Go writes even when empty (no omitempty, or a struct). */
export function completeContainerStatuses(statuses: ContainerStatus[] | undefined): void {
	for (const status of statuses ?? []) {
		status.name ??= '';
		status.state ??= {};
		status.lastState ??= {};
		status.ready ??= false;
		status.restartCount ??= 0;
		status.image ??= '';
		status.imageID ??= '';
		for (const state of [status.state, status.lastState]) {
			// metav1.Time is a struct: Go writes a missing time as null.
			if (state.running) state.running.startedAt ??= null as unknown as string;
			if (state.terminated) {
				state.terminated.exitCode ??= 0;
				state.terminated.startedAt ??= null as unknown as string;
				state.terminated.finishedAt ??= null as unknown as string;
			}
		}
	}
}

/** podStatusStrategy.WarningsOnUpdate: IPs in a form a later release will refuse. */
export function statusIPWarnings(status: PodStatus): string[] {
	return [
		...(status.podIPs ?? []).flatMap((entry, index) => ipWarnings(`status.podIPs[${index}].ip`, entry.ip)),
		...(status.hostIPs ?? []).flatMap((entry, index) => ipWarnings(`status.hostIPs[${index}].ip`, entry.ip)),
	];
}
