import {describe, expect, it} from 'vitest';
import {count, selectedPod, shots} from '../../scripts/screens/shots.ts';

describe('the screenshots’ reading of the screen', () => {
	const list = ['┌─ Pods (3) ───┐', '│  NAME         │', '│ !web          │', '│▸✗web-with-logging 2/2 │', '│  api 1/1 │'].join('\n');

	it('finds the selected pod by its whole name, doctor’s mark or not', () => {
		expect(selectedPod(list, 'web-with-logging')).toBe(true);
		expect(selectedPod(list, 'web')).toBe(false);
		expect(selectedPod(list, 'api')).toBe(false);
		expect(selectedPod('│▸ api 1/1 │', 'api')).toBe(true);
		// A name is text, not a pattern.
		expect(selectedPod(list, 'web.with.logging')).toBe(false);
	});

	it('finds it by the start of its name when the column cuts it', () => {
		const narrow = '│▸✗sidecar-startup… 0/2   Init:0/1 │';
		expect(selectedPod(narrow, 'sidecar-startup-stuck')).toBe(true);
		expect(selectedPod(narrow, 'sidecar-other')).toBe(false);
		// Too little of a name to tell it from another.
		expect(selectedPod('│▸ sid… 0/2 │', 'sidecar-startup-stuck')).toBe(false);
	});

	it('counts the lines that contain a text', () => {
		expect(count(list, 'web')).toBe(2);
	});

	it('names each picture once, with alt text', () => {
		expect(new Set(shots.map(shot => shot.name)).size).toBe(shots.length);
		expect(shots.map(shot => shot.name).sort()).toEqual(['doctor', 'logs', 'pods', 'timeline']);
		for (const shot of shots) expect(shot.title).toMatch(/^podscope: .{40,}/);
	});
});
