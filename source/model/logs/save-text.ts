import {stripSgr} from '../sanitize.js';
import type {LogView} from './view.js';

// A view's buffer as plain text for a file (S): colours stripped, stamps kept, each line of a
// merged view prefixed with its pane's label; named after the pod and container, or `merged`.

const stamp = (date: Date) => date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');

/** S's proposal: podscope-<pod>-<container>-<UTC stamp>.log, in the working directory. */
export const saveFileName = (name: string, date: Date) => `podscope-${name.replace(/[^\w.-]+/g, '_')}-${stamp(date)}.log`;

export function viewText(view: LogView): {text: string; name: string; lines: number} {
	const cursor = view.start();
	const merged = view.sources.length > 1;
	const out: string[] = [];
	for (let located = view.next(cursor); located; located = view.next(cursor)) {
		const source = view.sources[located.source]!;
		const prefix = merged ? `[${source.label}] ` : '';
		out.push(`${prefix}${located.line.stamp ? `${located.line.stamp} ` : ''}${stripSgr(located.line.text)}`);
	}
	return {text: out.length ? `${out.join('\n')}\n` : '', name: viewName(view), lines: out.length};
}

/** What the file is named after: the pod and container, or `merged`. */
export function viewName(view: LogView): string {
	const first = view.sources[0]!.ref;
	return view.sources.length > 1 ? `${first.pod}-merged` : `${first.pod}-${first.container}`;
}
