import type {Probe} from '../../model/k8s.js';
import type {HttpAnswer} from '../behaviour.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';
import {appPasses, type ProbeKind, probePort} from '../kubelet/probe-result.js';

// A port-forward to the path a container's HTTP probe asks answers what the probe gets: an app
// that is not ready, not started or hung (x-sim readyAfter, startedAfter, unhealthyAfter) fails
// its health page for anyone who asks, with the status the prober reports (probe-result.ts:
// 503, or 500 for liveness, or the code x-sim readyFailure names), or with the path's own
// `starting` answer where the scenario gives one. So a forward shows what the kubelet sees.

const kinds: Array<[ProbeKind, 'startupProbe' | 'readinessProbe' | 'livenessProbe']> = [
	['Startup', 'startupProbe'],
	['Liveness', 'livenessProbe'],
	['Readiness', 'readinessProbe'],
];

function failureStatus(slot: ContainerSlot, kind: ProbeKind): number {
	const named = kind === 'Readiness' ? /statuscode: (\d{3})/.exec(slot.behaviour.readyFailure ?? '') : null;
	if (named) return Number(named[1]);
	return kind === 'Liveness' ? 500 : 503;
}

/** The failing probe's answer for a request to `path` on `port`, or undefined when the app passes (or no probe asks there). */
export function probeFailure(slot: ContainerSlot, port: number, path: string, elapsed: number): HttpAnswer | undefined {
	for (const [kind, field] of kinds) {
		const probe: Probe | undefined = slot.spec[field];
		if (!probe?.httpGet || probePort(slot, probe) !== port || (probe.httpGet.path ?? '/') !== path) continue;
		if (appPasses(slot, kind, elapsed)) continue;
		const status = failureStatus(slot, kind);
		return {status, body: kind === 'Liveness' ? 'unhealthy\n' : 'not ready\n', contentType: 'text/plain; charset=utf-8'};
	}
	return undefined;
}
