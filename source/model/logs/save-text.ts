import {stripSgr} from '../sanitize.js';
import type {LogView} from './view.js';

// A view's buffer as plain text for a file (S): colours stripped, stamps kept, each line of a
// merged view prefixed with its pane's label; named after the pod and container, or `merged`.

export function viewText(view: LogView): {text: string; name: string; lines: number} {
	const cursor = view.start();
	const merged = view.sources.length > 1;
	const out: string[] = [];
	for (let located = view.next(cursor); located; located = view.next(cursor)) {
		const source = view.sources[located.source]!;
		const prefix = merged ? `[${source.label}] ` : '';
		out.push(`${prefix}${located.line.stamp ? `${located.line.stamp} ` : ''}${stripSgr(located.line.text)}`);
	}
	const first = view.sources[0]!.ref;
	const name = merged ? `${first.pod}-merged` : `${first.pod}-${first.container}`;
	return {text: out.length ? `${out.join('\n')}\n` : '', name, lines: out.length};
}
