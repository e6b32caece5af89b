import type {KubeletRefusal} from '../exec/kubelet.js';
import type {RequestContext} from '../server.js';

/**
 * What the kubelet refused, as the apiserver's proxy passes it on: the kubelet's
 * streaming.WriteError (or restful's WriteError) text with no newline. exec and attach answers
 * carry the apiserver's Cache-Control; the real node's port-forward answers carry none.
 */
export function kubeletAnswer(context: RequestContext, answer: KubeletRefusal, cacheControl: boolean): true {
	const body = answer.text;
	context.response.writeHead(answer.code, {
		'Content-Type': 'text/plain; charset=utf-8',
		'Content-Length': Buffer.byteLength(body),
		...(cacheControl ? {'Cache-Control': 'no-cache, private'} : {}),
	});
	context.response.end(body);
	return true;
}
