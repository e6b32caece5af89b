import type {Container} from '../../model/k8s.js';

// How a container stops when the kubelet kills it (kuberuntime_container.go killContainer):
// its preStop hook runs, then the runtime sends the stop signal (TERM) and, when the grace
// period is over, KILL. What the process does with TERM decides the exit, and the spec often
// says: a shell script as PID 1 that traps TERM exits with the trap's code once the command in
// the foreground returns (a `sleep N` loop: within N seconds); one that does not trap it
// ignores it (PID 1 has no default action for a signal it does not handle) until the KILL,
// exit 137, reason Error. A program of the image's own, or one a script `exec`s, is taken to
// exit 0 on TERM at once, as the servers the scenarios name do.

export type StopOutcome = {after: number; exitCode: number; reason: string};

const shells = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);

/** The script of `sh -c SCRIPT` (command and args together), if the container runs one. */
function shellScript(spec: Container): string | undefined {
	const argv = [...(spec.command ?? []), ...(spec.args ?? [])];
	const shell = argv[0]?.split('/').pop();
	if (!shell || !shells.has(shell) || argv[1] !== '-c') return undefined;
	return argv[2] ?? '';
}

/** Seconds the process takes to exit after TERM, and how; Infinity: it waits for the KILL. */
function onTerm(spec: Container): {seconds: number; exitCode: number} {
	const script = shellScript(spec);
	if (script === undefined || /\bexec\s/.test(script)) return {seconds: 0.2, exitCode: 0};
	const trap = /\btrap\s+(?:"([^"]*)"|'([^']*)'|(\S+))\s+([^;\n]*)/.exec(script);
	const signals = trap?.[4] ?? '';
	if (!trap || !/\b(SIG)?TERM\b|\b15\b/.test(signals)) return {seconds: Number.POSITIVE_INFINITY, exitCode: 137};
	const action = trap[1] ?? trap[2] ?? trap[3] ?? '';
	const code = /\bexit\s+(\d+)/.exec(action);
	// The trap runs when the foreground command returns: on average half way through a sleep.
	const sleep = /\bsleep\s+(\d+(?:\.\d+)?)/.exec(script);
	return {seconds: sleep ? Number(sleep[1]) / 2 : 0.2, exitCode: code ? Number(code[1]) : 0};
}

/** How a container killed with `graceSeconds` stops. */
export function stopOutcome(spec: Container, graceSeconds: number): StopOutcome {
	const preStop = spec.lifecycle?.preStop?.exec?.command?.join(' ') ?? '';
	const hook = Number(/sleep (\d+)/.exec(preStop)?.[1] ?? 0);
	const process = onTerm(spec);
	const total = hook + process.seconds;
	if (total > graceSeconds) return {after: graceSeconds, exitCode: 137, reason: 'Error'};
	return {after: total, exitCode: process.exitCode, reason: process.exitCode === 0 ? 'Completed' : 'Error'};
}
