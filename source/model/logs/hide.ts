import type {LogSource} from './source.js';

// Showing and hiding containers in the merged view (h). The query names a container, a pod or
// pod/container, exactly first, else as a case-insensitive part of the pane labels, so one key
// and a few letters silence a chatty sidecar or a whole pod of a workload. Naming what is all
// hidden shows it again; an empty query shows everything.

/** The indexes of the sources a query names: exact names first, else labels containing it. */
export function sourcesNamed(sources: readonly LogSource[], query: string): number[] {
	const wanted = query.trim();
	if (!wanted) return [];
	const all = sources.map((_, index) => index);
	const exact = all.filter(index => {
		const {ref, label} = sources[index]!;
		return ref.container === wanted || ref.pod === wanted || label === wanted || `${ref.pod}/${ref.container}` === wanted;
	});
	if (exact.length > 0) return exact;
	const needle = wanted.toLowerCase();
	return all.filter(index => sources[index]!.label.toLowerCase().includes(needle));
}

/** Toggle what the query names in `hidden`; the message says what happened. */
export function toggleHidden(sources: readonly LogSource[], hidden: Set<number>, query: string): {text: string; error: boolean} {
	if (!query.trim()) {
		const count = hidden.size;
		hidden.clear();
		return {text: count ? `showing every container again (${count} were hidden)` : 'nothing is hidden', error: false};
	}
	const named = sourcesNamed(sources, query);
	if (named.length === 0) return {text: `no container or pod named ${query.trim()}`, error: true};
	const show = named.every(index => hidden.has(index));
	for (const index of named) {
		if (show) hidden.delete(index);
		else hidden.add(index);
	}
	const labels = named.map(index => sources[index]!.label);
	const list = labels.length > 3 ? `${labels.slice(0, 3).join(', ')} and ${labels.length - 3} more` : labels.join(', ');
	return {text: `${show ? 'shown' : 'hidden'}: ${list}`, error: false};
}
