import {humanDuration} from '../duration.js';
import {seconds} from './story.js';
import type {TimelineRow} from './timeline.js';

// What a row's state column says, in full or abbreviated when the terminal is too narrow for
// the full reason next to a useful bar, and the detail line under the chart that always says
// it in full: state, runs (how many inferred), last exit, back-off, probe wait.

export type Tone = 'ok' | 'warn' | 'error' | 'dim';

/** Short forms of the kubelet's waiting reasons (kuberuntime, images/types.go, lifecycle/handlers.go). */
const shortReasons: Record<string, string> = {
	CrashLoopBackOff: 'CrashLoop',
	ImagePullBackOff: 'PullBackOff',
	ErrImagePull: 'PullError',
	ErrImageNeverPull: 'NeverPull',
	InvalidImageName: 'BadImage',
	CreateContainerConfigError: 'ConfigError',
	CreateContainerError: 'CreateError',
	RunContainerError: 'RunError',
	PreStartHookError: 'HookError',
	PostStartHookError: 'HookError',
	ContainerCreating: 'Creating',
	PodInitializing: 'Initializing',
	ContainerStatusUnknown: 'Unknown',
};

export const abbreviateReason = (reason: string): string => shortReasons[reason] ?? reason;

const isBad = (reason: string) => /BackOff|Err|Invalid|Unknown/.test(reason);

/** The state column: a mark and the waiting reason (abbreviated when `short`), else what the last run did. */
export function stateLabel(row: TimelineRow, short: boolean): {state: string; tone: Tone} {
	const last = row.instances.at(-1);
	if (row.waiting) {
		const bad = isBad(row.waiting);
		return {state: `${bad ? '✗' : '…'} ${short ? abbreviateReason(row.waiting) : row.waiting}`, tone: bad ? 'error' : 'warn'};
	}
	if (last && last.end === undefined) return row.readyAt ? {state: '● ready', tone: 'ok'} : {state: '◐ not ready', tone: 'warn'};
	if (last?.end !== undefined) return last.exitCode === 0 ? {state: '✓ exit 0', tone: 'ok'} : {state: `✗ exit ${last.exitCode ?? '?'}`, tone: 'error'};
	return {state: '· not started', tone: 'dim'};
}

function fullState(row: TimelineRow): string {
	const last = row.instances.at(-1);
	if (row.waiting) return row.waiting;
	if (last && last.end === undefined) return row.readyAt ? 'Running, ready' : 'Running, not ready';
	if (last?.end !== undefined) return `Terminated, exit ${last.exitCode ?? '?'}${last.reason ? ` (${last.reason})` : ''}`;
	return 'not started';
}

function runsText(row: TimelineRow): string | undefined {
	if (row.runs === 0) return undefined;
	const inferred = row.instances.filter(instance => instance.inferred).length;
	return `${row.runs} ${row.runs === 1 ? 'run' : 'runs'}${inferred > 0 ? ` (${inferred} inferred)` : ''}`;
}

function lastExitText(row: TimelineRow, now: number): string | undefined {
	const last = row.instances.findLast(instance => instance.end !== undefined && !instance.inferred);
	if (last?.end === undefined || !row.restarts) return undefined;
	return `last exit ${last.exitCode ?? '?'}${last.reason ? ` (${last.reason})` : ''} ${humanDuration(now - last.end)} ago`;
}

/** How long the current run waited (or has waited) for its probes, including their initial delay. */
function probeWaitText(row: TimelineRow, now: number): string | undefined {
	const current = row.instances.at(-1);
	if (!row.gate || !current || current.end !== undefined) return undefined;
	const probes = `${row.gate.probes.join(' + ')}, initialDelaySeconds ${row.gate.delayMs / 1000}`;
	if (row.readyAt) return `probe wait ${row.readyAt.approx ? 'up to ' : ''}${seconds(row.readyAt.at - current.start)} (${probes})`;
	return `probe wait ${seconds(now - current.start)} so far (${probes})`;
}

function eventText(row: TimelineRow): string | undefined {
	if (row.probeFailures === 0) return undefined;
	const kills = row.probeKills > 0 ? `, ${row.probeKills} ${row.probeKills === 1 ? 'restart' : 'restarts'} for a failed probe` : '';
	return `${row.probeFailures} failed ${row.probeFailures === 1 ? 'probe' : 'probes'}${kills}`;
}

/** The waiting message: CrashLoopBackOff's says only the back-off, any other says why. */
function waitingText(row: TimelineRow): string | undefined {
	if (!row.message) return undefined;
	if (row.waiting === 'CrashLoopBackOff') return /^back-off (\S+) /.exec(row.message)?.[1]?.replace(/^/, 'back-off ');
	return row.message;
}

/** "app: CrashLoopBackOff · 8 runs (6 inferred) · last exit 1 (Error) 2m ago · back-off 5m0s". */
export function detailLine(row: TimelineRow, now: number): string {
	const parts = [runsText(row), lastExitText(row, now), waitingText(row), probeWaitText(row, now), eventText(row)];
	return [`${row.name}: ${fullState(row)}`, ...parts.filter((part): part is string => part !== undefined)].join(' · ');
}
