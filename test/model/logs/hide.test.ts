import {describe, expect, it} from 'vitest';
import type {LogRecord} from '../../../source/model/logs/record.js';
import {LogScreenModel} from '../../../source/model/logs/screen.js';

// h in the merged view: a container, a pod or a part of a label goes, and comes back.

const base = Date.parse('2026-01-01T10:00:00Z');
const rec = (text: string, ms: number): LogRecord => ({text, ms: base + ms, stamp: new Date(base + ms).toISOString()});
const refs = [
	{namespace: 'default', pod: 'web-7d4b9c8f6-a1', container: 'app'},
	{namespace: 'default', pod: 'web-7d4b9c8f6-a1', container: 'istio-proxy'},
	{namespace: 'default', pod: 'web-7d4b9c8f6-b2', container: 'app'},
	{namespace: 'default', pod: 'web-7d4b9c8f6-b2', container: 'istio-proxy'},
];

function merged() {
	const model = new LogScreenModel(refs);
	refs.forEach((ref, index) => {
		model.append(index, [rec(`${ref.pod.slice(-2)} ${ref.container} says`, index)]);
	});
	model.toggle('merged');
	return model;
}

const shown = (model: LogScreenModel) =>
	model.rows(model.mergedView, 80, 10).map(row =>
		row
			.map(segment => segment.text)
			.join('')
			.replace(/^.*│ /, '')
			.trimEnd(),
	);

function hide(model: LogScreenModel, query: string) {
	model.startPrompt('hide');
	model.promptInput(query);
	model.promptSubmit();
}

describe('hiding in the merged view', () => {
	it('hides a container by name in every pod, then shows it again', () => {
		const model = merged();
		hide(model, 'istio-proxy');
		expect(shown(model)).toEqual(['a1 app says', 'b2 app says']);
		expect(model.message?.text).toBe('hidden: web-7d4b9c8f6-a1/istio-proxy, web-7d4b9c8f6-b2/istio-proxy');
		const frame = model.frame(model.mergedView, 80, 10);
		expect(frame.title).toBe('merged (2 of 4)');
		expect(frame.status).toContain('web-7d4b9c8f6-a1/istio-proxy: hidden');
		hide(model, 'istio-proxy');
		expect(shown(model)).toHaveLength(4);
		expect(model.message?.text).toMatch(/^shown: /);
	});

	it('hides a whole pod, or what a part of the label names', () => {
		const model = merged();
		hide(model, 'web-7d4b9c8f6-b2');
		expect(shown(model)).toEqual(['a1 app says', 'a1 istio-proxy says']);
		hide(model, 'a1/ist');
		expect(shown(model)).toEqual(['a1 app says']);
		hide(model, '');
		expect(shown(model)).toHaveLength(4);
		expect(model.message?.text).toBe('showing every container again (3 were hidden)');
	});

	it('says when nothing has the name, and works in the merged view only', () => {
		const model = merged();
		hide(model, 'nginx');
		expect(model.message).toMatchObject({text: 'no container or pod named nginx', error: true});
		expect(shown(model)).toHaveLength(4);
		model.toggle('merged');
		model.startPrompt('hide');
		expect(model.prompt).toBeUndefined();
		expect(model.message).toMatchObject({text: 'h hides containers of the merged view: press m first', error: true});
	});
});
