import type {ContainerRef} from '../container-ref.js';

// `podscope logs -o json`: one JSON object a line, for jq and scripts, as stern's -o json
// prints them, with the fields the issue names: namespace, pod, container, message, and the
// kubelet's timestamp with --timestamps. JSON.stringify escapes C0 controls; DEL and the C1
// controls (a terminal may act on U+009B as on ESC [) are escaped too, so the text is safe
// on a terminal and still the same string to a JSON reader.

export function jsonLine(ref: ContainerRef, message: string, timestamp?: string): string {
	const object = {namespace: ref.namespace, pod: ref.pod, container: ref.container, message, ...(timestamp === undefined ? {} : {timestamp})};
	return JSON.stringify(object).replace(/[\u007f-\u009f\u2028\u2029]/g, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
