import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';
import type {LogInstance, LogLine} from '../kubelet/log-store.js';
import {badRequest} from './respond.js';

// pods/log as the apiserver validates it and the kubelet serves it: container choice and
// its errors, previous instances, tail, since, timestamps, limitBytes, and follow until the
// container instance ends. Writes wait for the socket to drain, so nothing is dropped.

const goList = (names: string[]) => `[${names.join(' ')}]`;

function chooseContainer(pod: Pod, requested: string | null): string {
	const name = pod.metadata.name;
	const init = (pod.spec.initContainers ?? []).map(c => c.name);
	const main = pod.spec.containers.map(c => c.name);
	const ephemeral = (pod.spec.ephemeralContainers ?? []).map(c => c.name);
	if (!requested) {
		if (main.length === 1 && init.length === 0 && ephemeral.length === 0) return main[0]!;
		let message = `a container name must be specified for pod ${name}, choose one of: ${goList(main)}`;
		if (init.length > 0) message += ` or one of the init containers: ${goList(init)}`;
		if (ephemeral.length > 0) message += ` or one of the ephemeral containers: ${goList(ephemeral)}`;
		throw badRequest(message);
	}
	if (![...init, ...main, ...ephemeral].includes(requested)) {
		throw badRequest(`container ${requested} is not valid for pod ${name}`);
	}
	return requested;
}

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

function positiveInteger(query: URLSearchParams, name: string): number | undefined {
	const raw = query.get(name);
	if (raw === null) return undefined;
	const value = Number(raw);
	if (!Number.isInteger(value)) throw badRequest(`${name}: Invalid value: "${raw}": must be an integer`);
	return value;
}

export async function serveLogs(cluster: Cluster, pod: Pod, query: URLSearchParams, request: IncomingMessage, response: ServerResponse): Promise<void> {
	const container = chooseContainer(pod, query.get('container'));
	const follow = query.get('follow') === 'true';
	const previous = query.get('previous') === 'true';
	const timestamps = query.get('timestamps') === 'true';
	const tailLines = positiveInteger(query, 'tailLines');
	const sinceSeconds = positiveInteger(query, 'sinceSeconds');
	const limitBytes = positiveInteger(query, 'limitBytes');
	const sinceTimeRaw = query.get('sinceTime');
	if (sinceSeconds !== undefined && sinceTimeRaw) throw badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
	if (sinceSeconds !== undefined && sinceSeconds < 1) throw badRequest(`sinceSeconds: Invalid value: ${sinceSeconds}: must be greater than 0`);
	if (tailLines !== undefined && tailLines < 0) throw badRequest(`tailLines: Invalid value: ${tailLines}: must be greater than or equal to 0`);
	if (limitBytes !== undefined && limitBytes < 1) throw badRequest(`limitBytes: Invalid value: ${limitBytes}: must be greater than 0`);
	let sinceMs: number | undefined;
	if (sinceTimeRaw) {
		sinceMs = Date.parse(sinceTimeRaw);
		if (Number.isNaN(sinceMs)) throw badRequest(`sinceTime: Invalid value: "${sinceTimeRaw}": must be RFC 3339`);
	}
	if (sinceSeconds !== undefined) sinceMs = cluster.clock.now() - sinceSeconds * 1000;

	const slot = cluster.worker(pod)?.slot(container);
	const instance = pickInstance(slot, pod, container, previous);

	let cursor = instance.start;
	if (sinceMs !== undefined) cursor = instance.indexAtOrAfter(sinceMs);
	if (tailLines !== undefined) cursor = Math.max(cursor, instance.end - tailLines);

	response.writeHead(200, {'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked'});
	let closed = false;
	const gone = new Promise<void>(resolve => {
		const close = () => {
			closed = true;
			resolve();
		};
		request.once('close', close);
		response.once('close', close);
	});
	let budget = limitBytes ?? Number.POSITIVE_INFINITY;
	const format = timestamps ? (line: LogLine) => `${line.stamp} ${line.text}\n` : (line: LogLine) => `${line.text}\n`;

	for (;;) {
		while (cursor < instance.end && !closed) {
			// Write in batches of up to ~64 KiB; wait for the socket when it is full.
			const lines = instance.read(cursor, Math.min(instance.end, cursor + 512));
			cursor += lines.length;
			let chunk = '';
			for (const line of lines) chunk += format(line);
			if (Buffer.byteLength(chunk) > budget) {
				response.end(Buffer.from(chunk).subarray(0, budget));
				return;
			}
			budget -= Buffer.byteLength(chunk);
			if (!response.write(chunk)) {
				await new Promise<void>(resolve => {
					const done = () => {
						response.off('drain', done);
						response.off('close', done);
						resolve();
					};
					response.on('drain', done);
					response.on('close', done);
				});
			}
		}
		if (closed || !follow || (instance.ended && cursor >= instance.end)) break;
		await Promise.race([instance.changed(), gone]);
	}
	if (!response.writableEnded) response.end();
}
