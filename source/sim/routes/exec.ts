import type {IncomingMessage} from 'node:http';
import {WebSocketServer} from 'ws';
import {refuse, refusedUpgrade, serveAttach, serveExec} from '../exec/kubelet.js';
import {negotiate, offeredProtocols, parseBool} from '../exec/protocol.js';
import type {ContainerRuntime} from '../exec/runtime.js';
import type {RemoteCommandSession, Streams} from '../exec/session.js';
import {answerSpdyRemoteCommand} from '../exec/spdy-remote-command.js';
import {isUpgrade, takeUpgrade} from '../exec/upgrade.js';
import {webSocketSession} from '../exec/websocket-session.js';
import {chooseContainer} from './logs.js';
import type {RequestContext} from '../server.js';
import {kubeletAnswer} from './kubelet-answer.js';
import {ApiError, badRequest, notFound} from './respond.js';

// pods/exec and pods/attach as kube-apiserver serves them: RBAC on the subresource (GET, the
// WebSocket verb, is "get"; POST, SPDY's, is "create"), the pod and container checks of
// ExecLocation/AttachLocation, then the upgrade to the kubelet's streams: WebSocket (v5 through
// the apiserver's translator, v4 and older straight to the kubelet) or SPDY/3.1.

const isWebSocket = (request: IncomingMessage) =>
	(request.headers.upgrade ?? '').toLowerCase() === 'websocket' && (request.headers.connection ?? '').toLowerCase().includes('upgrade');

export function execRoutes(runtime: ContainerRuntime) {
	const sockets = new WebSocketServer({noServer: true, perMessageDeflate: false, handleProtocols: offered => negotiate([...offered])?.name || false});

	return async (context: RequestContext): Promise<boolean> => {
		const {segments, request, response, url, cluster} = context;
		// /api/v1/namespaces/{namespace}/pods/{name}/{exec|attach}
		if (segments.length !== 7 || segments[0] !== 'api' || segments[1] !== 'v1' || segments[2] !== 'namespaces' || segments[4] !== 'pods') return false;
		const kind = segments[6];
		if (kind !== 'exec' && kind !== 'attach') return false;
		const namespace = segments[3]!;
		const name = segments[5]!;
		const method = request.method ?? 'GET';
		if (method !== 'GET' && method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
		context.authorize({verb: method === 'GET' ? 'get' : 'create', resource: 'pods', subresource: kind, namespace, name});

		const pod = cluster.pods.get(namespace, name);
		if (!pod) throw notFound('pods', name);
		const query = url.searchParams;
		const container = chooseContainer(pod, query.get('container'));
		if (!pod.spec.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
		if (!isUpgrade(request)) throw badRequest('Upgrade request required');

		const tty = parseBool(query.get('tty'));
		const streams: Streams = {
			stdin: parseBool(query.get('stdin')),
			stdout: parseBool(query.get('stdout')),
			// The kubelet drops stderr on a terminal: there is only one stream.
			stderr: parseBool(query.get('stderr')) && !tty,
			tty,
		};
		const command = query.getAll('command');
		const slot = cluster.worker(pod)?.slot(container);
		const refusal = refuse(kind, pod, container, slot, streams);

		const offered = offeredProtocols(request.headers['sec-websocket-protocol']);
		const protocol = isWebSocket(request) ? negotiate(offered) : undefined;
		// Without the translator, the kubelet refuses before any upgrade: its status, its text.
		if (refusal && !protocol?.translated) return kubeletAnswer(context, refusal, true);
		const start = (session: RemoteCommandSession) => {
			const run = kind === 'exec' ? serveExec(session, runtime, pod, slot!, command) : serveAttach(session, runtime, slot!);
			run.catch(error => session.finish(refusedUpgrade({code: 500, text: (error as Error).message})));
		};
		if (!isWebSocket(request)) {
			// SPDY/3.1 (kubectl before 1.30, and its fallback): the apiserver proxies it to the kubelet as it is.
			answerSpdyRemoteCommand(request, response, streams, start);
			return true;
		}
		if (!protocol) {
			// golang.org/x/net/websocket refuses an unknown subprotocol with a bare 403.
			return kubeletAnswer(context, {code: 403, text: ''}, true);
		}

		const upgrade = takeUpgrade(request)!;
		response.statusCode = 101;
		sockets.handleUpgrade(request, upgrade.socket, upgrade.head, ws => {
			const session = webSocketSession(ws, protocol, streams);
			if (refusal) {
				session.finish(refusedUpgrade(refusal));
				return;
			}
			start(session);
		});
		return true;
	};
}
