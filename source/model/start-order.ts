import type {ContainerRow} from './containers.js';
import {sanitizeName} from './sanitize.js';

// Who waits for whom, in one line per container, for the container panel. The kubelet starts
// init containers and native sidecars one at a time in spec order: an init container must
// exit 0 before the next starts; a native sidecar (restartPolicy: Always) only has to be
// running, or started when it has a startupProbe, and then keeps running beside the app,
// restarted with back-off if it exits (pkg/kubelet/kuberuntime/kuberuntime_container.go).
// Regular containers start together once every init step is through.

const names = (rows: ContainerRow[]) => {
	const list = rows.map(row => sanitizeName(row.name));
	return list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
};

/** In start order: init steps (init containers and native sidecars) by spec position. */
const initSteps = (rows: ContainerRow[]) => rows.filter(row => row.role === 'init' || row.role === 'sidecar').sort((a, b) => (a.index ?? 0) - (b.index ?? 0));

/** Whether this init step lets the next one start. */
function through(row: ContainerRow): boolean {
	if (row.role === 'init') return row.state.kind === 'terminated' && row.state.exitCode === 0;
	return row.probes.startup ? row.started : row.state.kind === 'running' || row.started || row.restartCount > 0;
}

export function startOrder(rows: ContainerRow[], row: ContainerRow): string | undefined {
	const steps = initSteps(rows);
	const mains = rows.filter(item => item.role === 'main');
	const position = steps.indexOf(row);
	const after = position < 0 ? [] : [...steps.slice(position + 1), ...mains];
	const self = sanitizeName(row.name);
	if (row.role === 'init') {
		if (through(row)) return `done: exited 0, so ${after.length > 0 ? `${names(after)} could start` : 'the pod went on'}`;
		return `must exit 0 before ${after.length > 0 ? names(after) : 'the app'} can start`;
	}
	if (row.role === 'sidecar') {
		const lasting = "keeps running beside the app for the pod's life, restarted with back-off if it exits";
		if (!row.probes.startup) return `native sidecar: ${after.length > 0 ? `${names(after)} started once it ran` : 'nothing waits for it'}; ${lasting}`;
		if (row.started) return `native sidecar: startup probe passed, so ${after.length > 0 ? names(after) : 'the pod'} could start; ${lasting}`;
		return `native sidecar: ${after.length > 0 ? `${names(after)} wait${after.length === 1 ? 's' : ''}` : 'nothing waits'} until its startup probe passes`;
	}
	if (row.role !== 'main') return undefined;
	const blocker = steps.find(step => !through(step));
	if (!blocker || row.state.kind !== 'waiting') return undefined;
	const what =
		blocker.role === 'init'
			? `init container ${sanitizeName(blocker.name)} to exit 0`
			: `native sidecar ${sanitizeName(blocker.name)}${blocker.probes.startup ? "'s startup probe to pass" : ' to run'}`;
	return `${self} waits for ${what}`;
}
