import type {ServerResponse} from 'node:http';

// kube-apiserver's per-request warning recorder (k8s.io/apiserver pkg/endpoints/filters/
// warning.go, with net.NewWarningHeader of apimachinery pkg/util/net/http.go): each text once,
// as a `299 - "<text>"` Warning header in the order added; past 4096 characters in all, every
// text, those already sent included, is cut to 256. A text with a control character makes no
// header at all. Decoding, strategy and admission all add to the one recorder of a request.

const truncateAtTotalRunes = 4 * 1024;
const truncateItemRunes = 256;

type Recorder = {recorded: Set<string>; ordered: string[]; headers: string[]; written: number; truncating: boolean};

const recorders = new WeakMap<ServerResponse, Recorder>();

// unicode.IsControl: C0, DEL and C1.
const control = /[\u0000-\u001f\u007f-\u009f]/;

/** NewWarningHeader with agent "-", sent as UTF-8 bytes as Go's server writes them. */
function header(text: string): string | undefined {
	if (control.test(text)) return undefined;
	const value = `299 - "${text.replace(/["\\]/g, '\\$&')}"`;
	// Node writes a header string as latin1: hand it the UTF-8 bytes one per character.
	return Buffer.from(value, 'utf8').toString('latin1');
}

const cut = (text: string) => [...text].slice(0, truncateItemRunes).join('');

export function addWarning(response: ServerResponse, text: string): void {
	if (text === '') return;
	let recorder = recorders.get(response);
	if (!recorder) {
		recorder = {recorded: new Set(), ordered: [], headers: [], written: 0, truncating: false};
		recorders.set(response, recorder);
	}
	if (recorder.written >= truncateAtTotalRunes && recorder.truncating) return;
	if (recorder.recorded.has(text)) return;
	recorder.recorded.add(text);
	recorder.ordered.push(text);
	const item = recorder.truncating ? cut(text) : text;
	const runes = [...item].length;
	const value = header(item);
	if (value === undefined) return;
	if (recorder.written + runes <= truncateAtTotalRunes || recorder.truncating) {
		recorder.written += runes;
		recorder.headers.push(value);
	} else {
		// Over the limit: start again with every text so far cut short.
		recorder.truncating = true;
		recorder.written = 0;
		recorder.headers = [];
		for (const earlier of recorder.ordered) {
			const short = cut(earlier);
			const replayed = header(short);
			if (replayed === undefined) continue;
			recorder.written += [...short].length;
			recorder.headers.push(replayed);
		}
	}
	response.setHeader('Warning', recorder.headers);
}

export function addWarnings(response: ServerResponse, texts: string[]): void {
	for (const text of texts) addWarning(response, text);
}
