import type {ContainerRef} from '../app-state.js';
import {assignColors, colorIndex, inkPalette} from './colors.js';
import {type FormatOptions, formatLine, type Row, rowCount} from './format.js';
import {defaultFields, type JsonMode} from './json.js';
import {parseFields, parseSince} from './prompt-values.js';
import {makeFilter} from './filter.js';
import {toggleHidden} from './hide.js';
import {makeMatcher, type Matcher, matcherLabel, type MatchMode} from './matcher.js';
import type {LogRecord} from './record.js';
import {SearchIndex} from './search-index.js';
import {LogSource, type SourcePhase} from './source.js';
import {saveFileName, viewName, viewText} from './save-text.js';
import {type Located, LogView} from './view.js';

// The logs screen's whole state, outside React: its sources (one per container), a view per
// source and one merged view, the toggles, the prompt. Keys call methods and notify at once;
// arriving lines notify at most every `flushMs`, so a flood costs a bounded number of frames.

export type Layout = 'columns' | 'stacked';
export type Prompt = {kind: 'search' | 'filter' | 'fields' | 'since' | 'hide' | 'save'; text: string; mode: MatchMode; error?: string};
export type Flags = {merged: boolean; layout: Layout; timestamps: boolean; wrap: boolean; json: JsonMode; stripColors: boolean; fields: string[]};

export type PaneFrame = {
	title: string;
	status: string;
	phase: SourcePhase | 'merged';
	rows: Row[];
	paused: boolean;
	newLines: number;
	filter?: string;
	search?: string;
	/** "3/40": the match n/N is on among the matching lines ("-/40" before n or N, "no match"). */
	matches?: string;
	color?: number;
};

const jsonCycle: JsonMode[] = ['off', 'pretty', 'fields'];

/** More lines than this between two repaints (10,000 a second at 50 ms) is a flood. */
const floodLines = 500;

export class LogScreenModel {
	readonly sources: LogSource[];
	readonly columnViews: LogView[];
	readonly mergedView: LogView;
	flags: Flags = {merged: false, layout: 'columns', timestamps: false, wrap: false, json: 'off', stripColors: false, fields: defaultFields};
	focus = 0;
	prompt?: Prompt;
	message?: {text: string; error: boolean; at: number};
	/** Top of each view's last window: where scrolling starts from while following. */
	private lastTops = new Map<LogView, number[]>();
	private listeners = new Set<() => void>();
	private timer?: NodeJS.Timeout;
	/** Lines arrived since the last repaint, and whether the last repaint came during a flood. */
	private arrived = 0;
	private flooding = false;
	version = 0;

	constructor(
		refs: readonly ContainerRef[],
		readonly capacity?: number,
		private readonly flushMs = 50,
		/** Label every pane pod/container, however many pods there are now (a workload's screen). */
		podLabels = false,
	) {
		const pods = new Set(refs.map(ref => `${ref.namespace}/${ref.pod}`));
		const labels = refs.map(ref => (pods.size > 1 || podLabels ? `${ref.pod}/${ref.container}` : ref.container));
		const colors = assignColors(refs.map(ref => `${ref.namespace}/${ref.pod}/${ref.container}`));
		this.sources = refs.map((ref, index) => new LogSource(ref, labels[index]!, colors.get(`${ref.namespace}/${ref.pod}/${ref.container}`)!, capacity));
		this.columnViews = this.sources.map(source => new LogView([source]));
		this.mergedView = new LogView(this.sources);
	}

	// The external store protocol (useSyncExternalStore).
	subscribe = (listener: () => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	getVersion = () => this.version;

	/** Something changed: a key repaints now; data repaints at the next flush. */
	changed(urgent = true): void {
		this.version++;
		if (urgent) {
			if (this.timer) clearTimeout(this.timer);
			this.timer = undefined;
			for (const listener of this.listeners) listener();
			return;
		}
		// In a flood nobody reads the lines as they pass, and every repaint is a whole screen
		// of new text: repaint less often, so keys find the process idle.
		this.timer ??= setTimeout(
			() => {
				this.timer = undefined;
				this.flooding = this.arrived > floodLines;
				this.arrived = 0;
				for (const listener of this.listeners) listener();
			},
			this.flooding ? this.flushMs * 3 : this.flushMs,
		);
	}

	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.listeners.clear();
	}

	append(index: number, records: readonly LogRecord[], previous = false): void {
		this.sources[index]?.append(records, previous);
		this.arrived += records.length;
		this.changed(false);
	}

	setStatus(index: number, phase: SourcePhase, status: string): void {
		const source = this.sources[index];
		if (!source || source.gone) return;
		source.phase = phase;
		source.status = status;
		this.changed(false);
	}

	/** A container of a pod that came after the screen opened (a rollout's): a pane of its own, and in the merge. */
	addSource(ref: ContainerRef): number {
		const used = new Set(this.sources.map(source => source.color));
		let color = colorIndex(`${ref.namespace}/${ref.pod}/${ref.container}`);
		for (let step = 0; step < inkPalette.length && used.has(color); step++) color = (color + 1) % inkPalette.length;
		const source = new LogSource(ref, `${ref.pod}/${ref.container}`, color, this.capacity);
		// The merged view reads this same array; a window it holds grows by the new source's start.
		this.sources.push(source);
		this.mergedView.top?.push(0);
		this.lastTops.delete(this.mergedView);
		this.columnViews.push(new LogView([source]));
		this.closeGonePanes();
		return this.sources.length - 1;
	}

	/** A pod went away: its lines end with `text`, its panes close; the merge keeps what they said. */
	endPod(namespace: string, pod: string, text: string, ms: number): void {
		const gone = this.sources.filter(source => source.ref.namespace === namespace && source.ref.pod === pod);
		for (const source of gone) source.end(text, ms);
		this.closeGonePanes();
	}

	/** The panes of gone pods close, unless none would be left: then they stay, saying why. */
	private closeGonePanes(): void {
		const focused = this.focusedView();
		const kept = this.columnViews.filter(view => !view.sources[0]!.gone);
		if (kept.length > 0 && kept.length < this.columnViews.length) {
			this.columnViews.splice(0, this.columnViews.length, ...kept);
			if (!this.flags.merged) this.focus = Math.max(0, kept.indexOf(focused));
		}
		this.changed(false);
	}

	say(text: string, error = false): void {
		this.message = {text, error, at: Date.now()};
		this.changed();
	}

	/** The views on screen, in order: the merged one, or one per container. */
	displayed(): LogView[] {
		return this.flags.merged ? [this.mergedView] : this.columnViews;
	}

	focusedView(): LogView {
		const views = this.displayed();
		return views[Math.min(this.focus, views.length - 1)]!;
	}

	/** The sources the focused view shows (all of them when merged). */
	focusedSources(): LogSource[] {
		return [...this.focusedView().sources];
	}

	moveFocus(delta: number): void {
		const count = this.displayed().length;
		this.focus = (((this.focus + delta) % count) + count) % count;
		this.changed();
	}

	toggle(flag: 'merged' | 'timestamps' | 'wrap' | 'stripColors'): void {
		this.flags = {...this.flags, [flag]: !this.flags[flag]};
		if (flag === 'merged') this.focus = 0;
		this.changed();
	}

	toggleLayout(): void {
		this.flags = {...this.flags, layout: this.flags.layout === 'columns' ? 'stacked' : 'columns'};
		this.changed();
	}

	cycleJson(): void {
		this.flags = {...this.flags, json: jsonCycle[(jsonCycle.indexOf(this.flags.json) + 1) % jsonCycle.length]!};
		this.say(`json: ${this.flags.json === 'fields' ? `fields ${this.flags.fields.join(',')}` : this.flags.json}`);
	}

	/** Switch the focused sources between the live and the previous instance; returns the new setting. */
	togglePrevious(): {sources: LogSource[]; previous: boolean} {
		const sources = this.focusedSources();
		const previous = !sources[0]!.showPrevious;
		for (const source of sources) source.showPrevious = previous;
		this.focusedView().follow();
		this.changed();
		return {sources, previous};
	}

	togglePause(): void {
		const view = this.focusedView();
		if (view.paused) view.follow();
		else view.pause(this.lastTops.get(view) ?? view.end());
		this.changed();
	}

	scroll(delta: number): void {
		const view = this.focusedView();
		view.scroll(delta, this.lastTops.get(view) ?? view.end());
		this.changed();
	}

	toTop(): void {
		this.focusedView().toStart();
		this.changed();
	}

	toBottom(): void {
		this.focusedView().follow();
		this.changed();
	}

	/** The --since window of the streams ('' for none); changed through the `since` prompt. */
	since = '';
	/** Set by the session: restart the streams from a new window. */
	onSince?: (seconds: number | undefined) => void;

	/** Set by the session: write the focused pane to the file typed; throws an Error to show. */
	onSave?: (typed: string) => {file: string; lines: number};

	startPrompt(kind: Prompt['kind']): void {
		if (kind === 'save') {
			this.prompt = {kind, text: saveFileName(viewName(this.focusedView()), new Date()), mode: 'plain'};
			this.changed();
			return;
		}
		if (kind === 'hide') {
			if (!this.flags.merged) return this.say('h hides containers of the merged view: press m first', true);
			this.prompt = {kind, text: '', mode: 'plain'};
			this.changed();
			return;
		}
		if (kind === 'since') {
			this.prompt = {kind, text: this.since, mode: 'plain'};
			this.changed();
			return;
		}
		if (kind === 'fields') {
			// The JSON fields to keep, comma separated, starting from the current choice.
			this.prompt = {kind, text: this.flags.fields.join(','), mode: 'plain'};
			this.changed();
			return;
		}
		const view = this.focusedView();
		const current = kind === 'filter' ? view.filter : view.search;
		this.prompt = {kind, text: current?.query ?? '', mode: current?.mode ?? 'plain'};
		this.changed();
	}

	promptInput(text: string): void {
		if (!this.prompt) return;
		this.prompt = {...this.prompt, text, error: undefined};
		if (this.prompt.kind === 'filter') this.applyFilter(false);
		this.changed();
	}

	promptToggleMode(): void {
		if (!this.prompt || (this.prompt.kind !== 'search' && this.prompt.kind !== 'filter')) return;
		this.prompt = {...this.prompt, mode: this.prompt.mode === 'plain' ? 'regex' : 'plain', error: undefined};
		if (this.prompt.kind === 'filter') this.applyFilter(false);
		this.changed();
	}

	/** The search being typed, and the index that counts its matches as lines arrive. */
	private typed?: {text: string; mode: MatchMode; matcher?: Matcher; index: SearchIndex};

	/** While a search is typed: how many lines of the focused view it finds, counted as lines arrive. */
	typedMatches(): number | undefined {
		const prompt = this.prompt;
		if (prompt?.kind !== 'search') {
			this.typed = undefined;
			return undefined;
		}
		if (this.typed?.text !== prompt.text || this.typed.mode !== prompt.mode) {
			this.typed = {text: prompt.text, mode: prompt.mode, matcher: makeMatcher(prompt.text, prompt.mode).matcher, index: new SearchIndex()};
		}
		const {matcher, index} = this.typed;
		if (!matcher) return undefined;
		const view = this.focusedView();
		index.update(
			view.sources.map(source => source.buffer),
			matcher,
			view.filter,
		);
		return index.total(view.hidden);
	}

	/** A filter applies as it is typed (`!` excludes); an invalid regex keeps the last good one and says why. */
	private applyFilter(final: boolean): boolean {
		const prompt = this.prompt!;
		const {matcher, error} = makeFilter(prompt.text, prompt.mode);
		if (error) {
			this.prompt = {...prompt, error};
			if (final) this.say(error, true);
			return false;
		}
		this.focusedView().filter = matcher;
		return true;
	}

	promptSubmit(): void {
		const prompt = this.prompt;
		if (!prompt) return;
		if (prompt.kind === 'since') {
			const {seconds, text, error} = parseSince(prompt.text);
			if (error !== undefined) return this.refuse(prompt, error);
			this.prompt = undefined;
			this.since = seconds === undefined ? '' : text;
			// The panes start over from the new window: what they held came from the old one.
			for (const source of this.sources) source.live.clear();
			for (const view of [...this.columnViews, this.mergedView]) view.follow();
			this.onSince?.(seconds);
			this.say(seconds === undefined ? 'since: the last lines (--tail)' : `since: the last ${text}`);
			return;
		}
		if (prompt.kind === 'save') return this.submitSave(prompt);
		if (prompt.kind === 'fields') {
			const {fields, error} = parseFields(prompt.text);
			if (error !== undefined) return this.refuse(prompt, error);
			this.prompt = undefined;
			this.flags = {...this.flags, json: 'fields', fields};
			this.say(`json: fields ${fields.join(',')}`);
			return;
		}
		if (prompt.kind === 'hide') {
			this.prompt = undefined;
			const {text, error} = toggleHidden(this.sources, this.mergedView.hidden, prompt.text);
			// A source shown again has its cursor where it was hidden: start from the bottom.
			this.mergedView.follow();
			this.say(text, error);
			return;
		}
		if (prompt.kind === 'filter') {
			if (!this.applyFilter(true)) return;
			this.prompt = undefined;
			this.changed();
			return;
		}
		const {matcher, error} = makeMatcher(prompt.text, prompt.mode);
		if (error) {
			this.prompt = {...prompt, error};
			this.say(error, true);
			return;
		}
		this.prompt = undefined;
		const view = this.focusedView();
		view.search = matcher;
		view.match = undefined;
		if (matcher) this.findMatch(true, true);
		else this.changed();
	}

	/** The prompt stays open, saying why its text was refused. */
	private refuse(prompt: Prompt, error: string): void {
		this.prompt = {...prompt, error};
		this.changed();
	}

	/** Saved: say where, in full; refused (the file exists, …): say why and keep the name to edit. */
	private submitSave(prompt: Prompt): void {
		if (!this.onSave) return;
		try {
			const {file, lines} = this.onSave(prompt.text);
			this.prompt = undefined;
			this.say(`saved ${lines} ${lines === 1 ? 'line' : 'lines'} to ${file}`);
		} catch (error) {
			this.say((error as Error).message, true);
		}
	}

	promptCancel(): void {
		this.prompt = undefined;
		this.changed();
	}

	/** n: the next older match; N: the next newer. The first search starts at the bottom. */
	findMatch(older: boolean, fromBottom = false): void {
		const view = this.focusedView();
		if (!view.search) {
			this.say('no search: press / to search', true);
			return;
		}
		const top = fromBottom ? view.end() : (view.top ?? this.lastTops.get(view) ?? view.end());
		if (fromBottom) view.follow();
		if (!view.findMatch(older, top)) this.say(`no ${older ? 'older' : 'newer'} match for ${view.search.query}`, true);
		this.changed();
	}

	/** Esc: close the prompt, else clear the focused view's filter and search; false: nothing left to clear. */
	back(): boolean {
		if (this.prompt) {
			this.promptCancel();
			return true;
		}
		const view = this.focusedView();
		if (view.filter || view.search) {
			view.filter = undefined;
			view.search = undefined;
			view.match = undefined;
			this.changed();
			return true;
		}
		return false;
	}

	private formatOptions(view: LogView, width: number): (located: Located) => FormatOptions {
		const merged = view.sources.length > 1;
		const labelWidth = merged ? Math.min(24, Math.max(...view.sources.map(source => source.label.length))) : 0;
		const base: FormatOptions = {
			width,
			wrap: this.flags.wrap,
			timestamps: this.flags.timestamps,
			json: this.flags.json,
			fields: this.flags.fields,
			stripColors: this.flags.stripColors,
			search: view.search,
		};
		if (!merged) return () => base;
		const perSource = view.sources.map(source => ({...base, prefix: {label: source.label, color: source.color, labelWidth}}));
		return located => perSource[located.source]!;
	}

	/** The rows of a view for a pane of `width` × `height` cells: only the visible lines are laid out. */
	rows(view: LogView, width: number, height: number): Row[] {
		const optionsOf = this.formatOptions(view, width);
		const {lines, top, clipTop} = view.window(height, located => rowCount(located.line, optionsOf(located)));
		this.lastTops.set(view, top);
		const rows = lines.flatMap(located => formatLine(located.line, optionsOf(located))).slice(clipTop, clipTop + height);
		return rows;
	}

	frame(view: LogView, width: number, height: number): PaneFrame {
		const rows = this.rows(view, width, height);
		const merged = view.sources.length > 1;
		const source = view.sources[0]!;
		const previous = view.sources.some(item => item.showPrevious);
		const shown = view.sources.length - view.hidden.size;
		const counts = view.searchCounts();
		const title = merged ? `merged (${view.hidden.size ? `${shown} of ` : ''}${view.sources.length})` : source.label;
		const status = merged
			? view.sources.map((item, index) => `${item.label}: ${view.hidden.has(index) ? 'hidden' : item.status}`).join(' · ')
			: `${source.status}${source.restarts ? ` · ${source.restarts} restart${source.restarts > 1 ? 's' : ''}` : ''}`;
		return {
			title: previous ? `${title} (previous)` : title,
			status,
			phase: merged ? 'merged' : source.phase,
			rows,
			paused: view.paused,
			newLines: view.newWhilePaused,
			filter: matcherLabel(view.filter),
			search: matcherLabel(view.search),
			matches: counts ? (counts.total === 0 ? 'no match' : `${counts.position ?? '-'}/${counts.total}`) : undefined,
			color: merged ? undefined : source.color,
		};
	}

	/** The focused view's buffer as plain text for a file: colours stripped, stamps kept. */
	saveText(): {text: string; name: string; lines: number} {
		return viewText(this.focusedView());
	}
}
