import {describe, expect, it} from 'vitest';
import {reportIntent} from '../../../source/ui/inspect/report-intent.js';

// The namespace doctor's keys: move within the rows, open the selected pod, go back.

describe('reportIntent', () => {
	it('moves the selection and stays within the rows', () => {
		expect(reportIntent(0, 5, 3, {name: 'j', text: 'j'})).toEqual({type: 'select', to: 1});
		expect(reportIntent(0, 5, 3, {name: 'up'})).toEqual({type: 'select', to: 0});
		expect(reportIntent(4, 5, 3, {name: 'down'})).toEqual({type: 'select', to: 4});
		expect(reportIntent(1, 5, 3, {name: 'pagedown'})).toEqual({type: 'select', to: 4});
		expect(reportIntent(4, 5, 3, {name: 'pageup'})).toEqual({type: 'select', to: 1});
		expect(reportIntent(2, 5, 3, {name: 'G', text: 'G'})).toEqual({type: 'select', to: 4});
		expect(reportIntent(2, 5, 3, {name: 'g', text: 'g'})).toEqual({type: 'select', to: 0});
	});

	it('opens the selected row with ⏎ and closes with esc', () => {
		expect(reportIntent(3, 5, 3, {name: 'return'})).toEqual({type: 'open', index: 3});
		expect(reportIntent(0, 0, 3, {name: 'return'})).toEqual({type: 'none'});
		expect(reportIntent(0, 5, 3, {name: 'escape'})).toEqual({type: 'close'});
		expect(reportIntent(0, 5, 3, {name: 'x', text: 'x'})).toEqual({type: 'none'});
	});
});
