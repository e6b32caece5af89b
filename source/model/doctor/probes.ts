import type {Container} from '../k8s.js';
import {clean, type Finding, longRunning, type Rule} from './types.js';

// Without a readiness probe a container takes traffic the moment it starts; without a
// liveness probe a hung one is never restarted. A pod that runs to completion (restartPolicy
// Never or OnFailure: a Job's) serves no traffic and its exit is its health, and a finished pod
// has nothing left to probe: neither gets this advice.

const httpPorts = new Set([80, 443, 3000, 5000, 8000, 8080, 8443, 8888, 9090, 9113, 9901]);

/** A probe to start from: the container's other probe if it has one, else its first port. */
function suggestion(container: Container, missing: string): string {
	const existing = container.readinessProbe ?? container.livenessProbe ?? container.startupProbe;
	if (existing?.httpGet) return `(like its other probe: httpGet {path: ${clean(existing.httpGet.path ?? '/')}, port: ${clean(String(existing.httpGet.port))}})`;
	if (existing?.tcpSocket) return `(like its other probe: tcpSocket {port: ${clean(String(existing.tcpSocket.port))}})`;
	const port = container.ports?.[0]?.containerPort;
	if (port !== undefined && httpPorts.has(port)) return `(e.g. httpGet {path: ${missing === 'readinessProbe' ? '/ready' : '/healthz'}, port: ${port}})`;
	if (port !== undefined) return `(e.g. tcpSocket {port: ${port}})`;
	return `(e.g. an exec probe that proves ${clean(container.name)} works)`;
}

export const missingProbes: Rule = {
	id: 'missing-probes',
	check({pod}) {
		const findings: Finding[] = [];
		if ((pod.spec.restartPolicy ?? 'Always') !== 'Always' || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return findings;
		for (const entry of longRunning(pod)) {
			const missing = [!entry.spec.readinessProbe && 'readinessProbe', !entry.spec.livenessProbe && 'livenessProbe'].filter((name): name is string =>
				Boolean(name),
			);
			if (missing.length === 0) continue;
			findings.push({
				id: 'missing-probes',
				severity: 'warning',
				title: `${clean(entry.name)} has no ${missing.map(name => name.replace('Probe', '')).join(' or ')} probe`,
				evidence: missing.map(name => `${entry.path}.${name}: <unset>`),
				fix: `Add ${missing.map(name => `${name} ${suggestion(entry.spec, name)}`).join(' and ')}.`,
				container: entry.name,
			});
		}
		return findings;
	},
};
