import type {KubeEvent, Probe} from '../k8s.js';
import {podEvents} from './pod-facts.js';
import {clean, type DoctorInput, type Entry} from './types.js';

// Probes as a person reads them, the kubelet's defaults (pkg/apis/core/v1/defaults.go:
// periodSeconds 10, timeoutSeconds 1, failureThreshold 3), and the kubelet's probe events:
// Unhealthy "Readiness probe failed: <output>" (pkg/kubelet/prober/prober.go) and Killing
// "Container app failed liveness probe, will be restarted" / "Init container x failed startup
// probe" (kuberuntime_manager.go, kuberuntime_container.go).

export type ProbeKind = 'Readiness' | 'Liveness' | 'Startup';

export const period = (probe: Probe) => probe.periodSeconds ?? 10;
export const threshold = (probe: Probe) => probe.failureThreshold ?? 3;

export function probeText(probe: Probe): string {
	const how = probe.httpGet
		? `httpGet ${clean(probe.httpGet.scheme === 'HTTPS' ? 'https ' : '')}:${clean(String(probe.httpGet.port))}${clean(probe.httpGet.path ?? '/')}`
		: probe.tcpSocket
			? `tcpSocket :${clean(String(probe.tcpSocket.port))}`
			: probe.grpc
				? `grpc :${probe.grpc.port}`
				: probe.exec
					? `exec ${clean(probe.exec.command.join(' '))}`
					: 'no handler';
	return `${how}, every ${period(probe)}s, failureThreshold ${threshold(probe)}${probe.initialDelaySeconds ? `, initialDelaySeconds ${probe.initialDelaySeconds}` : ''}`;
}

/** Unhealthy events of one probe of the container, oldest first. */
export const probeFailures = (input: DoctorInput, entry: Entry, kind: ProbeKind): KubeEvent[] =>
	podEvents(input, /^Unhealthy$/, entry.path).filter(event => (event.message ?? '').startsWith(`${kind} probe`));

/** Killing events for failing this probe. */
export const probeKills = (input: DoctorInput, entry: Entry, kind: 'liveness' | 'startup'): KubeEvent[] =>
	podEvents(input, /^Killing$/, entry.path).filter(event => (event.message ?? '').includes(`failed ${kind} probe`));

/** The probe's own output, without "Readiness probe failed: ". */
export const failureText = (event: KubeEvent | undefined) =>
	(event?.message ?? '')
		.replace(/^\w+ probe (?:failed|errored[^:]*): ?/, '')
		.replace(/\s+/g, ' ')
		.trim();

/** What a failure text says about the probe, and what to change. */
export function probeAdvice(pod: string, entry: Entry, kind: ProbeKind, probe: Probe, text: string): string {
	const field = `${entry.path}.${kind.toLowerCase()}Probe`;
	const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
	if (/statuscode: 404/.test(text))
		return `${clean(probe.httpGet?.path ?? '/')} does not exist on :${clean(String(port))} (404): point ${field}.httpGet.path at an endpoint the app serves, or add that endpoint.`;
	if (/statuscode: 5\d\d/.test(text))
		return `The app answers ${clean(/statuscode: (\d+)/.exec(text)![1]!)}: it reports itself unhealthy (often a dependency it checks); read its log, or probe a cheaper endpoint in ${field}.`;
	if (/connection refused/.test(text))
		return `Nothing listens on :${clean(String(port ?? '?'))}: make ${field} use the port the app really listens on (its log or ss -ltn in the container), or fix the app so it listens there.`;
	if (/timeout|deadline exceeded|Client\.Timeout/i.test(text))
		return `The probe times out after ${probe.timeoutSeconds ?? 1}s: raise ${field}.timeoutSeconds, or make the endpoint answer without slow work.`;
	if (probe.exec && text === '')
		return `The command ${clean(probe.exec.command.join(' '))} exits non-zero with no output: run it by hand (kubectl exec ${clean(pod)} -c ${clean(entry.name)} -- ${clean(probe.exec.command.join(' '))}; echo $?) and fix what it checks, or ${field}.exec.command.`;
	return `Run the probe by hand in the container (kubectl exec ${clean(pod)} -c ${clean(entry.name)}) to see why it fails, then fix the app or ${field}.`;
}

/** What an exit after a probe kill means: the answer to SIGTERM, or SIGKILL once the grace period ran out. */
export const killExit = (exitCode: number) =>
	exitCode === 137
		? 'SIGKILLed when the grace period ran out (it ignores SIGTERM)'
		: exitCode === 0 || exitCode === 143
			? 'its answer to SIGTERM'
			: 'how it ended when killed';
