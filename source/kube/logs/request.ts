import type {KubeHttp} from '../http.js';

// One request to pods/log, with the kubelet's timestamps unless `timestamps` is false: the
// stream layer needs them to resume a live log and to merge, and strips them again when the
// user did not ask for them. The body is a Node stream of Buffers.

export type LogParams = {
	container: string;
	follow?: boolean;
	previous?: boolean;
	tailLines?: number;
	sinceSeconds?: number;
	sinceTime?: string;
	limitBytes?: number;
	/** false: the lines as the container wrote them, for a request that never resumes by time. */
	timestamps?: boolean;
};

export const logPath = (namespace: string, pod: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;

/** The response body as byte chunks; errors come as KubeError (kubectl's texts). */
export async function openLog(http: KubeHttp, namespace: string, pod: string, params: LogParams, signal?: AbortSignal): Promise<AsyncIterable<Uint8Array>> {
	const response = await http.fetch(logPath(namespace, pod), {
		query: {
			container: params.container,
			follow: params.follow ? 'true' : undefined,
			previous: params.previous ? 'true' : undefined,
			timestamps: params.timestamps === false ? undefined : 'true',
			tailLines: params.tailLines,
			sinceSeconds: params.sinceSeconds,
			sinceTime: params.sinceTime,
			limitBytes: params.limitBytes,
		},
		accept: '*/*',
		signal,
		// The log stream's own loop decides when to try again.
		retries: 0,
	});
	return response.body;
}
