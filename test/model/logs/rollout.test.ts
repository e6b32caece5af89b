import {describe, expect, it} from 'vitest';
import type {Row} from '../../../source/model/logs/format.js';
import type {LogRecord} from '../../../source/model/logs/record.js';
import {LogScreenModel} from '../../../source/model/logs/screen.js';

// A workload's logs screen as its rollout goes: panes for new pods, gone pods' panes closed
// with a marker while the merged view keeps what they said.

const base = Date.parse('2026-01-01T10:00:00Z');
const rec = (text: string, ms: number): LogRecord => ({text, ms: base + ms, stamp: new Date(base + ms).toISOString()});
const text = (row: Row) =>
	row
		.map(segment => segment.text)
		.join('')
		.trimEnd();
const old = {namespace: 'default', pod: 'web-7d4b9c8f6-x2k9p', container: 'app'};

describe('following a rollout', () => {
	it('labels panes with their pod from the start, adds a new pod’s panes, closes a gone pod’s with a marker', () => {
		const model = new LogScreenModel([old], 100, 50, true);
		expect(model.sources[0]!.label).toBe('web-7d4b9c8f6-x2k9p/app');
		model.append(0, [rec('old says 1', 0)]);
		const index = model.addSource({namespace: 'default', pod: 'web-5c8f7b9d4-q7w8e', container: 'app'});
		expect(index).toBe(1);
		model.append(1, [rec('new says 1', 1)]);
		expect(model.columnViews.map(view => view.sources[0]!.label)).toEqual(['web-7d4b9c8f6-x2k9p/app', 'web-5c8f7b9d4-q7w8e/app']);
		expect(model.sources[1]!.color).not.toBe(model.sources[0]!.color);

		model.endPod('default', 'web-7d4b9c8f6-x2k9p', '── pod web-7d4b9c8f6-x2k9p gone ──', base + 2);
		expect(model.columnViews.map(view => view.sources[0]!.label)).toEqual(['web-5c8f7b9d4-q7w8e/app']);
		expect(model.sources[0]!.status).toBe('gone');
		// A late state from the stopped stream does not bring it back.
		model.setStatus(0, 'streaming', 'following');
		expect(model.sources[0]!.status).toBe('gone');
		model.toggle('merged');
		const rows = model.rows(model.mergedView, 60, 5).map(text);
		expect(rows).toEqual([
			'web-7d4b9c8f6-x2k9p/app │ old says 1',
			'web-5c8f7b9d4-q7w8e/app │ new says 1',
			'web-7d4b9c8f6-x2k9p/app │ ── pod web-7d4b9c8f6-x2k9p gone ──',
		]);
		model.dispose();
	});

	it('keeps the last pane of a workload whose pods are all gone, saying so', () => {
		const model = new LogScreenModel([old], 100, 50, true);
		model.endPod('default', old.pod, `── pod ${old.pod} gone ──`, base);
		expect(model.columnViews).toHaveLength(1);
		expect(model.rows(model.columnViews[0]!, 60, 3).map(text)).toEqual([`── pod ${old.pod} gone ──`]);
		// The next pod's pane replaces it.
		model.addSource({namespace: 'default', pod: 'web-5c8f7b9d4-q7w8e', container: 'app'});
		expect(model.columnViews.map(view => view.sources[0]!.ref.pod)).toEqual(['web-5c8f7b9d4-q7w8e']);
		model.dispose();
	});

	it('keeps a paused merged view where it was when a pod joins', () => {
		const model = new LogScreenModel([old], 100, 50, true);
		model.append(
			0,
			Array.from({length: 10}, (_, line) => rec(`old ${line}`, line)),
		);
		model.toggle('merged');
		model.rows(model.mergedView, 60, 3);
		model.scroll(-4);
		const lines = () => model.rows(model.mergedView, 60, 3).map(row => text(row).replace(/^.*│ /, ''));
		expect(lines()).toEqual(['old 3', 'old 4', 'old 5']);
		model.addSource({namespace: 'default', pod: 'web-5c8f7b9d4-q7w8e', container: 'app'});
		model.append(1, [rec('new 0', 100)]);
		expect(lines()).toEqual(['old 3', 'old 4', 'old 5']);
		model.scroll(5);
		expect(lines()).toEqual(['old 8', 'old 9', 'new 0']);
		model.dispose();
	});
});
