import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';
import {fixedNano, type LogFile, type LogInstance, type LogLine} from '../kubelet/log-store.js';
import {FileFollower} from '../kubelet/log-follow.js';
import {queryBool, queryInteger} from './query-params.js';
import {badRequest, type FieldError, invalid} from './respond.js';

// pods/log as the apiserver validates it (ValidatePodLogOptions, then LogLocation's
// container choice) and the kubelet serves it: previous instances, tail, since, timestamps,
// limitBytes, and follow until the container instance ends. A read serves the instance's
// current log file only, as the kubelet's ReadLogs opens the one path the runtime reports
// (k8s.io/cri-client pkg/logs/logs.go); a follow moves to the new file after a rotation, as
// ReadLogs does on its directory watch's Create event (follow.ts). Writes wait for the socket
// to drain, so nothing is dropped.

export type LogOptions = {
	container: string | null;
	follow: boolean;
	previous: boolean;
	timestamps: boolean;
	tailLines?: number;
	sinceSeconds?: number;
	sinceTime?: number;
	limitBytes?: number;
};

/** Decode PodLogOptions from the query and validate them as the apiserver does (422 PodLogOptions). */
export function logOptions(query: URLSearchParams, podName: string): LogOptions {
	const options: LogOptions = {
		container: query.get('container') || null,
		follow: queryBool(query, 'follow'),
		previous: queryBool(query, 'previous'),
		timestamps: queryBool(query, 'timestamps'),
		tailLines: queryInteger(query, 'tailLines'),
		sinceSeconds: queryInteger(query, 'sinceSeconds'),
		limitBytes: queryInteger(query, 'limitBytes'),
	};
	const sinceTime = query.get('sinceTime');
	// metav1.Time's UnmarshalQueryParameter takes "" and "null" (older clients' JSON) as unset.
	if (sinceTime && sinceTime !== 'null') {
		const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(sinceTime) ? Date.parse(sinceTime) : Number.NaN;
		if (Number.isNaN(ms))
			throw badRequest(`parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(sinceTime)} as "2006"`);
		// LogLocation hands the kubelet sinceTime in RFC 3339 without fractions.
		options.sinceTime = Math.floor(ms / 1000) * 1000;
	}
	const errors: FieldError[] = [];
	if (options.tailLines !== undefined && options.tailLines < 0) {
		errors.push({field: 'tailLines', type: 'Invalid', value: options.tailLines, detail: 'must be greater than or equal to 0'});
	}
	if (options.limitBytes !== undefined && options.limitBytes < 1) {
		errors.push({field: 'limitBytes', type: 'Invalid', value: options.limitBytes, detail: 'must be greater than 0'});
	}
	if (options.sinceSeconds !== undefined && options.sinceTime !== undefined) {
		errors.push({field: '', type: 'Forbidden', detail: 'at most one of `sinceTime` or `sinceSeconds` may be specified'});
	} else if (options.sinceSeconds !== undefined && options.sinceSeconds < 1) {
		errors.push({field: 'sinceSeconds', type: 'Invalid', value: options.sinceSeconds, detail: 'must be greater than 0'});
	}
	if (errors.length > 0) throw invalid('PodLogOptions', podName, errors);
	return options;
}

/** validateContainer in pkg/registry/core/pod/strategy.go. */
export function chooseContainer(pod: Pod, requested: string | null): string {
	const name = pod.metadata.name;
	const init = (pod.spec.initContainers ?? []).map(c => c.name);
	const main = pod.spec.containers.map(c => c.name);
	const ephemeral = (pod.spec.ephemeralContainers ?? []).map(c => c.name);
	if (!requested) {
		if (main.length === 1) return main[0]!;
		if (main.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
		// VisitContainers order: init, regular, ephemeral; printed as a Go []string.
		throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${[...init, ...main, ...ephemeral].join(' ')}]`);
	}
	if (![...init, ...main, ...ephemeral].includes(requested)) {
		throw badRequest(`container ${requested} is not valid for pod ${name}`);
	}
	return requested;
}

/** The kubelet's validateContainerLogStatus: which instance a request reads, or why none. */
function pickInstance(slot: ContainerSlot | undefined, pod: Pod, container: string, previous: boolean): LogInstance {
	const podName = pod.metadata.name;
	if (previous) {
		const instance = slot?.logInstance(true);
		if (!instance) throw badRequest(`previous terminated container "${container}" in pod "${podName}" not found`);
		return instance;
	}
	const instance = slot?.logInstance(false);
	if (!instance) {
		const reason = slot?.state.waiting?.reason ?? 'ContainerCreating';
		throw badRequest(`container "${container}" in pod "${podName}" is waiting to start: ${reason}`);
	}
	return instance;
}

/** Fault injection: cut the connection mid-line after this many bytes. */
export type LogCut = {afterBytes: number; onCut(): void};

/** Log faults: a cut, and a follow that misses the rotation of its file (faults.ts). */
export type LogFaults = LogCut & {missesRotation?(): boolean};

/** cri-client's `since`: sinceSeconds back from now, or sinceTime when that is later. */
function sinceOf(options: LogOptions, now: () => number): number | undefined {
	let sinceMs = options.sinceSeconds !== undefined ? now() - options.sinceSeconds * 1000 : undefined;
	if (options.sinceTime !== undefined && (sinceMs === undefined || options.sinceTime > sinceMs)) sinceMs = options.sinceTime;
	return sinceMs;
}

/** Where the read starts in the current file: at `since`, then no further back than tailLines. */
function firstLine(file: LogFile, options: LogOptions, sinceMs: number | undefined): number {
	let cursor = file.start;
	if (sinceMs !== undefined) cursor = file.indexAtOrAfter(sinceMs);
	if (options.tailLines !== undefined) cursor = Math.max(cursor, file.end - options.tailLines);
	return cursor;
}

/** Resolves once the socket takes writes again, or has closed. */
function drained(response: ServerResponse): Promise<void> {
	return new Promise<void>(resolve => {
		const done = () => {
			response.off('drain', done);
			response.off('close', done);
			resolve();
		};
		response.on('drain', done);
		response.on('close', done);
	});
}

export async function serveLogs(
	cluster: Cluster,
	pod: Pod,
	query: URLSearchParams,
	request: IncomingMessage,
	response: ServerResponse,
	cut?: LogFaults,
): Promise<void> {
	const options = logOptions(query, pod.metadata.name);
	const container = chooseContainer(pod, options.container);
	const headers = {'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private'};
	if (!pod.spec.nodeName) {
		// LogLocation has no node to proxy to: the apiserver streams nothing, successfully.
		response.writeHead(200, {...headers, 'Content-Length': 0});
		response.end();
		return;
	}

	const slot = cluster.worker(pod)?.slot(container);
	const instance = pickInstance(slot, pod, container, options.previous);

	const reader = new FileFollower(instance, cut?.missesRotation);
	const sinceMs = sinceOf(options, () => cluster.clock.now());
	let cursor = firstLine(reader.file, options, sinceMs);
	// cri-client's writer drops every line older than `since`, the ones a follow reads later
	// (written after the request, or in a file reopened after a rotation) too: a sinceTime
	// ahead of the log's last line delivers nothing until the log reaches it.
	let beforeSince = sinceMs !== undefined;
	const fromSince = (lines: LogLine[]): LogLine[] => {
		if (!beforeSince) return lines;
		const first = lines.findIndex(line => line.ms >= sinceMs!);
		if (first === -1) return [];
		beforeSince = false;
		return first === 0 ? lines : lines.slice(first);
	};

	response.writeHead(200, {...headers, 'Transfer-Encoding': 'chunked'});
	if (options.follow) response.flushHeaders();
	let closed = false;
	const gone = new Promise<void>(resolve => {
		const close = () => {
			closed = true;
			resolve();
		};
		request.once('close', close);
		response.once('close', close);
	});
	let budget = options.limitBytes ?? Number.POSITIVE_INFINITY;
	let untilCut = cut && Number.isFinite(cut.afterBytes) ? cut.afterBytes : Number.POSITIVE_INFINITY;
	const format = options.timestamps ? (line: LogLine) => `${fixedNano(line.stamp)} ${line.text}\n` : (line: LogLine) => `${line.text}\n`;
	// One flat string per batch, encoded once: a string grown line by line is a rope that
	// measuring it flattens, and writing it encodes again.
	const encode = (lines: LogLine[]) => {
		const parts = new Array<string>(lines.length);
		for (let index = 0; index < lines.length; index++) parts[index] = format(lines[index]!);
		return Buffer.from(parts.join(''));
	};

	for (;;) {
		while (cursor < reader.file.end && !closed) {
			const file = reader.file;
			// Dropped under us (the sim's memory bound): skip to what is still kept.
			cursor = Math.max(cursor, file.start);
			// Write in batches of up to ~64 KiB; wait for the socket when it is full.
			const read = file.read(cursor, Math.min(file.end, cursor + 512));
			cursor += read.length;
			const lines = fromSince(read);
			if (lines.length === 0) continue;
			const chunk = encode(lines);
			const bytes = chunk.length;
			if (bytes >= budget) {
				// The kubelet's LimitWriter stops mid-line once the budget is spent.
				response.end(chunk.subarray(0, budget));
				return;
			}
			budget -= bytes;
			if (bytes >= untilCut) {
				// A network failure in the middle of a line: what was sent stays sent, the rest is lost.
				response.write(chunk.subarray(0, Math.max(1, untilCut)));
				cut!.onCut();
				setTimeout(() => response.socket?.destroy(), 20);
				return;
			}
			untilCut -= bytes;
			if (!response.write(chunk)) await drained(response);
		}
		if (closed || !options.follow) break;
		const next = reader.atEnd();
		if (next === 'end') break;
		if (next === 'reopened') {
			cursor = reader.file.start;
			continue;
		}
		if (next === 'again') continue;
		await Promise.race([instance.changed(), gone]);
	}
	if (!response.writableEnded) response.end();
}
