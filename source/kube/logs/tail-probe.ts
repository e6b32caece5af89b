import type {ContainerRef} from '../../model/container-ref.js';
import {stampMs} from '../../model/logs/record.js';
import type {KubeHttp} from '../http.js';
import {openLog} from './request.js';

// Small reads of a log's last lines, with the kubelet's stamps: where the log ends now (the
// stall watch, and the check that a follow got everything), and how fast it is written (the
// first guess of a tail search, tail-search.ts). Both are a few hundred bytes: no cut that a
// connection survives at all stops them.

/** How many of the log's last lines tell the rate it is written at (recentRate). */
const rateProbeLines = 256;

/** The stamp of the log's last line (tailLines=1), or undefined. */
export async function newestStamp(http: KubeHttp, ref: ContainerRef): Promise<string | undefined> {
	const body = await openLog(http, ref.namespace, ref.pod, {container: ref.container, tailLines: 1, timestamps: true});
	const chunks: Buffer[] = [];
	for await (const chunk of body) chunks.push(Buffer.from(chunk));
	const stamp = Buffer.concat(chunks).toString('latin1').split(' ', 1)[0] ?? '';
	return /^\d{4}-\d\d-\d\dT/.test(stamp) ? stamp : undefined;
}

/**
 * Lines per millisecond the log's last lines were written at: read from a tail of them (a
 * cut short read still tells), or undefined when they span too little time to say.
 */
export async function recentRate(http: KubeHttp, ref: ContainerRef): Promise<number | undefined> {
	const body = await openLog(http, ref.namespace, ref.pod, {container: ref.container, tailLines: rateProbeLines, timestamps: true});
	const stamps: number[] = [];
	let rest = '';
	try {
		for await (const chunk of body) {
			const lines = (rest + Buffer.from(chunk).toString('latin1')).split('\n');
			rest = lines.pop() ?? '';
			for (const line of lines) {
				const ms = stampMs(line.split(' ', 1)[0] ?? '');
				if (!Number.isNaN(ms)) stamps.push(ms);
			}
		}
	} catch {
		// A cut read: the lines that came are enough.
	}
	const span = stamps.length > 1 ? stamps[stamps.length - 1]! - stamps[0]! : 0;
	return span >= 5 ? (stamps.length - 1) / span : undefined;
}
