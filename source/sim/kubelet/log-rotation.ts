import {parseQuantity} from '../../model/quantity.js';
import type {Cancel, Clock} from '../clock.js';
import type {LogInstance} from './log-store.js';

// The kubelet's container log manager (pkg/kubelet/logs/container_log_manager.go, 1.35): every
// containerLogMonitorInterval (10 s) it looks at each RUNNING container's current log file and,
// when the file has reached containerLogMaxSize, rotates it: rotated files beyond the
// containerLogMaxFiles - 2 newest are removed (oldest first), the ones left are compressed, and
// the current file is renamed to `<path>.<YYYYMMDD-hhmmss>` while the runtime reopens a new one.
// Between two checks a file can grow well past the limit; a stopped container is never rotated.

export type LogRotatePolicy = {
	/** containerLogMaxSize in bytes; negative turns rotation off (the kubelet's stub manager). */
	maxSize: number;
	/** containerLogMaxFiles: the current file and the rotated ones together. */
	maxFiles: number;
	/** containerLogMonitorInterval, in simulated seconds. */
	monitorSeconds: number;
};

/** The kubelet's defaults (pkg/kubelet/apis/config/v1beta1/defaults.go). */
export const defaultLogRotatePolicy: LogRotatePolicy = {maxSize: 10 * 2 ** 20, maxFiles: 5, monitorSeconds: 10};

/**
 * A containerLogMaxSize as the kubelet parses it (parseMaxSize: a resource quantity, whole
 * bytes). Throws the kubelet's start-up error.
 */
export function parseLogMaxSize(text: string): number {
	const bytes = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+|[KMGTPE]i|[mkMGTPE])?$/.test(text.trim()) ? parseQuantity(text) : undefined;
	if (bytes === undefined) {
		throw new Error(
			`failed to initialize container log manager: failed to parse container log max size ${JSON.stringify(text)}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
		);
	}
	if (!Number.isInteger(bytes))
		throw new Error(`failed to initialize container log manager: failed to parse container log max size ${JSON.stringify(text)}: invalid max log size`);
	return bytes;
}

/** The kubelet's configuration validation (pkg/kubelet/apis/config/validation/validation.go). */
export function checkLogMaxFiles(files: number): void {
	if (!(files > 1)) throw new Error('invalid configuration: containerLogMaxFiles must be greater than 1');
}

/** time.Format("20060102-150405") in the node's zone; the sim's node runs in UTC. */
export function rotatedSuffix(ms: number): string {
	const iso = new Date(ms).toISOString();
	return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** rotateLog for one container whose current file has reached the size limit. */
export function rotateLog(instance: LogInstance, maxFiles: number, now: number): void {
	// removeExcessLogs: the new file and the one rotated now count too, so MaxFiles - 2 stay.
	const keep = Math.max(0, maxFiles - 2);
	instance.rotated.splice(0, Math.max(0, instance.rotated.length - keep));
	// Compress what is left uncompressed; the lines go (a reader still holding the file keeps them).
	for (const rotated of instance.rotated) {
		if (rotated.compressed) continue;
		rotated.compressed = true;
		rotated.name += '.gz';
		rotated.file = undefined;
	}
	// rotateLatestLog: rename, then ReopenContainerLog.
	const file = instance.reopen();
	instance.rotated.push({name: rotatedSuffix(now), lines: file.lines.length, bytes: file.bytes, compressed: false, file});
}

/** The periodic check over every running container, on the sim's clock. */
export class ContainerLogManager {
	private cancel?: Cancel;

	constructor(
		private readonly clock: Clock,
		readonly policy: LogRotatePolicy,
		private readonly running: () => Iterable<LogInstance>,
	) {}

	start(): this {
		if (this.policy.maxSize >= 0) this.cancel = this.clock.every(this.policy.monitorSeconds, () => this.check());
		return this;
	}

	/** One round of rotateLogs/processContainer. */
	check(): void {
		const now = this.clock.now();
		for (const instance of this.running()) {
			if (!instance.ended && instance.current.bytes >= this.policy.maxSize) rotateLog(instance, this.policy.maxFiles, now);
		}
	}

	stop(): void {
		this.cancel?.();
	}
}
