import type {IncomingMessage} from 'node:http';
import {WebSocketServer} from 'ws';
import {podPortDial} from '../exec/port-dial.js';
import {negotiatePortForward} from '../exec/port-forward-frames.js';
import {kubeletPorts, portForwardRefusal} from '../exec/port-forward-kubelet.js';
import {servePortForward} from '../exec/port-forward-session.js';
import {answerSpdyPortForward, answerTunnel, isTunnelRequest} from '../exec/port-forward-tunnel.js';
import {apiserverPorts} from '../exec/port-query.js';
import {offeredProtocols} from '../exec/protocol.js';
import type {ContainerRuntime} from '../exec/runtime.js';
import {isUpgrade, takeUpgrade} from '../exec/upgrade.js';
import type {RequestContext} from '../server.js';
import {kubeletAnswer} from './kubelet-answer.js';
import {ApiError, badRequest, notFound} from './respond.js';

// pods/portforward as kube-apiserver serves it (pkg/registry/core/pod/rest/subresources.go
// PortForwardREST, strategy.go PortForwardLocation) in front of the kubelet's getPortForward
// (pkg/kubelet/server/server.go) and its streaming server. In the apiserver's order: RBAC on the
// subresource by the request's verb (GET, WebSocket's, is "get"; POST, SPDY's, "create"); the
// `ports` query decoded (400); "create" too for a GET (AuthorizePodWebsocketUpgradeCreatePermission,
// beta and on in 1.35); the pod (404) and its node (400); an upgrade required. Then the kubelet:
// its own `ports` checks for a WebSocket, the pod among the runtime's running ones, and the
// protocol: WebSocket v4 here (port-forward-session.ts), SPDY/3.1 and the apiserver's tunnel of
// it (port-forward-tunnel.ts).

const isWebSocket = (request: IncomingMessage) =>
	(request.headers.upgrade ?? '').toLowerCase() === 'websocket' && (request.headers.connection ?? '').toLowerCase().includes('upgrade');

export function portForwardRoutes(runtime: ContainerRuntime) {
	const sockets = new WebSocketServer({
		noServer: true,
		perMessageDeflate: false,
		handleProtocols: offered => negotiatePortForward([...offered])?.name || false,
	});

	return async (context: RequestContext): Promise<boolean> => {
		const {segments, request, url, cluster} = context;
		// /api/v1/namespaces/{namespace}/pods/{name}/portforward
		if (segments.length !== 7 || segments[0] !== 'api' || segments[1] !== 'v1' || segments[2] !== 'namespaces' || segments[4] !== 'pods') return false;
		if (segments[6] !== 'portforward') return false;
		const namespace = segments[3]!;
		const name = segments[5]!;
		const method = request.method ?? 'GET';
		if (method !== 'GET' && method !== 'POST') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
		const attributes = {resource: 'pods', subresource: 'portforward', namespace, name};
		context.authorize({...attributes, verb: method === 'GET' ? 'get' : 'create'});
		const decoded = apiserverPorts(url.searchParams.getAll('ports'));
		if ('error' in decoded) throw badRequest(decoded.error);
		if (method === 'GET') authorizeCreate(context, attributes);

		const pod = cluster.pods.get(namespace, name);
		if (!pod) throw notFound('pods', name);
		if (!pod.spec.nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
		if (!isUpgrade(request)) throw badRequest('Upgrade request required');

		// The apiserver's own tunnel (PortForwardWebsockets, 1.30+) takes a WebSocket that offers
		// SPDY/3.1+portforward.k8s.io (wsstream.IsWebSocketRequestWithTunnelingProtocol) and speaks
		// SPDY to the kubelet, which then reads no ports from the query.
		const offered = offeredProtocols(request.headers['sec-websocket-protocol']);
		// The kubelet, behind the apiserver's proxy: what it refuses reaches the client as it said it.
		const tunnel = isWebSocket(request) && isTunnelRequest(request);
		const webSocket = isWebSocket(request) && !tunnel;
		const ports = webSocket ? kubeletPorts(decoded.ports?.join(',')) : [];
		if (!Array.isArray(ports)) return kubeletAnswer(context, ports, false);
		const refusal = portForwardRefusal(cluster, pod);
		if (refusal) return kubeletAnswer(context, refusal, false);

		// SPDY/3.1 (kubectl up to 1.30), or inside the apiserver's WebSocket tunnel (1.31 on).
		if (tunnel) {
			answerTunnel(request, context.response, podPortDial(cluster, runtime, pod));
			return true;
		}
		if (!webSocket) {
			answerSpdyPortForward(request, context.response, podPortDial(cluster, runtime, pod));
			return true;
		}
		const protocol = negotiatePortForward(offered);
		// golang.org/x/net/websocket refuses an unknown subprotocol with a bare 403.
		if (!protocol) return kubeletAnswer(context, {code: 403, text: ''}, false);

		const upgrade = takeUpgrade(request)!;
		context.response.statusCode = 101;
		const dial = podPortDial(cluster, runtime, pod);
		sockets.handleUpgrade(request, upgrade.socket, upgrade.head, ws => servePortForward(ws, protocol, ports, dial));
		return true;
	};
}

/**
 * ensureAuthorizedForVerb (pkg/registry/core/pod/rest/authorize.go): a WebSocket's GET must also
 * be allowed to create, and a denial is NewForbidden with the authorizer's reason, which RBAC
 * leaves empty when no rule matched.
 */
function authorizeCreate(context: RequestContext, attributes: {resource: string; subresource: string; namespace: string; name: string}): void {
	try {
		context.authorize({...attributes, verb: 'create'});
	} catch (error) {
		if (!(error instanceof ApiError) || error.code !== 403) throw error;
		throw new ApiError(403, 'Forbidden', `pods ${JSON.stringify(attributes.name)} is forbidden: `, {name: attributes.name, kind: 'pods'});
	}
}
