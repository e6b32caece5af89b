import {request, Response} from 'undici';
import {connectionError, errorFrom, type KubeHttp} from './http.js';

// One request to pods/log. Always with timestamps: the stream layer strips them again when
// the user did not ask for them, and needs them to resume and to merge. The body is read
// with undici's request() rather than fetch(): a Node stream instead of a web stream, which
// reads a log flood about three times faster.

export type LogParams = {
	container: string;
	follow?: boolean;
	previous?: boolean;
	tailLines?: number;
	sinceSeconds?: number;
	sinceTime?: string;
	limitBytes?: number;
};

export const logPath = (namespace: string, pod: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;

/** The response body as byte chunks; errors come as KubeError (kubectl's texts). */
export async function openLog(http: KubeHttp, namespace: string, pod: string, params: LogParams, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
	const url = http.url(logPath(namespace, pod), {
		container: params.container,
		follow: params.follow ? 'true' : undefined,
		previous: params.previous ? 'true' : undefined,
		timestamps: 'true',
		tailLines: params.tailLines,
		sinceSeconds: params.sinceSeconds,
		sinceTime: params.sinceTime,
		limitBytes: params.limitBytes,
	});
	const {headers, dispatcher} = await http.prepare(url);
	headers.Accept = '*/*';
	let response;
	try {
		response = await request(url, {headers, dispatcher, signal, highWaterMark: 1 << 20});
	} catch (error) {
		throw connectionError(http.server, error);
	}
	if (response.statusCode >= 300) {
		const text = await response.body.text().catch(() => '');
		const flat: Record<string, string> = {};
		for (const [key, value] of Object.entries(response.headers)) if (typeof value === 'string') flat[key] = value;
		throw await errorFrom(new Response(text, {status: response.statusCode, headers: flat}));
	}
	return response.body;
}
