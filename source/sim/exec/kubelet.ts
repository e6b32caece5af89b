import type {Pod} from '../../model/k8s.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';
import {exitStatus, internalError, type Protocol, type StreamStatus, success} from './protocol.js';
import type {ContainerRuntime} from './runtime.js';
import type {RemoteCommandSession, Streams} from './session.js';

// The kubelet's half of exec and attach (pkg/kubelet/server and cri/streaming), and how its
// answers reach the client: straight from the kubelet for v4 and older, or re-told by the
// apiserver's stream translator for v5, which talks SPDY to the kubelet and wraps what it
// cannot pass through as an internal error of its own.

/** An error the kubelet answers before any stream exists: HTTP status and plain text. */
export type KubeletRefusal = {code: number; text: string};

export function refuse(kind: 'exec' | 'attach', pod: Pod, container: string, slot: ContainerSlot | undefined, streams: Streams): KubeletRefusal | undefined {
	if (!streams.stdin && !streams.stdout && !streams.stderr) return {code: 400, text: 'you must specify at least 1 of stdin, stdout, stderr'};
	// findContainer looks among running containers only.
	if (slot?.running) return undefined;
	if (kind === 'exec') return {code: 500, text: `container not found ("${container}")`};
	return {code: 500, text: `container ${container} not found in pod ${pod.metadata.name}_${pod.metadata.namespace}`};
}

/** The translator's SPDY client got a non-101 answer from the kubelet. */
export const refusedUpgrade = (refusal: KubeletRefusal) => internalError(`unable to upgrade connection: ${refusal.text}`);

function exitCodeStatus(protocol: Protocol, code: number, command: string[]): StreamStatus {
	if (code === 0) return success();
	// client-go's decoder turns the kubelet's Status into "command terminated with exit code N",
	// which the translator reports inside its own.
	const message = protocol.translated ? `command terminated with exit code ${code}` : `error executing command [${command.join(' ')}], exit code ${code}`;
	return exitStatus(code, message);
}

function runtimeErrorStatus(protocol: Protocol, error: string): StreamStatus {
	const kubelet = internalError(`error executing command in container: ${error}`);
	return protocol.translated ? internalError(kubelet.message!) : kubelet;
}

export async function serveExec(session: RemoteCommandSession, runtime: ContainerRuntime, pod: Pod, slot: ContainerSlot, command: string[]): Promise<void> {
	const {streams} = session;
	// The process starts at the client's size when it says it at once, as kubectl does.
	const size = streams.tty ? await session.firstSize(500) : undefined;
	const started = await runtime.exec(pod, slot, command, {...streams, size});
	if ('error' in started) {
		session.finish(runtimeErrorStatus(session.protocol, started.error));
		return;
	}
	const {process} = started;
	process.onOutput((stream, data) => session.output(stream, data));
	session.connect(process, process);
	// A client that hangs up hangs up the terminal.
	void session.closed.then(() => {
		process.endInput();
		process.signal('SIGHUP');
	});
	const code = await process.exit;
	session.finish(exitCodeStatus(session.protocol, code, command));
}

export async function serveAttach(session: RemoteCommandSession, runtime: ContainerRuntime, slot: ContainerSlot): Promise<void> {
	const target = await runtime.attachTarget(slot);
	const unsubscribe = target.onOutput((stream, data) => session.output(target.tty ? 'stdout' : stream, data));
	session.connect(target);
	const gone = session.closed.then(() => 'gone' as const);
	const outcome = await Promise.race([target.ended.then(() => 'ended' as const), gone]);
	unsubscribe();
	target.detach(session.streams.stdin);
	// containerd's attach returns when the container's output ends, whatever its exit code.
	if (outcome === 'ended') session.finish(success());
}
