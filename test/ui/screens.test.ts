import {describe, expect, it} from 'vitest';
import {bindings, hint, keyLabel} from '../../source/ui/keymap.js';
import {commandAvailable, screens} from '../../source/ui/screens.js';

// The screen table's footers are built from the keymap's labels; these are the footers as
// they read on screen.

const text = (kind: keyof typeof screens) => screens[kind]!.hints.map(([key, what]) => `${key} ${what}`).join('  ');

describe('screen table', () => {
	it('has every screen, and the footers read as they do', () => {
		expect(text('logs')).toBe(
			'space pause  / search  n/N older/newer  f filter  t time  w wrap  p previous  m merge  h hide  v stack  J json  F fields  s since  c colours  S save  ←/→ pane  esc back  ? help',
		);
		// Most useful first: a narrow footer keeps the start (Footer's fitHints).
		expect(text('describe')).toBe('j/k scroll  esc back  / search  w wrap  n/N next/prev  ←/→ sideways  PgUp/PgDn page  g/G top/end');
		expect(text('events')).toBe('j/k scroll  esc back  W warnings  w wrap  ←/→ sideways  PgUp/PgDn page  g/G top/end');
		expect(text('timeline')).toBe('j/k scroll  PgUp/PgDn page  g/G top/end  esc back');
		expect(text('doctor')).toBe('j/k scroll  esc back  w wrap  ←/→ sideways  PgUp/PgDn page  g/G top/end');
	});

	it('offers every command whose screen is there', () => {
		for (const binding of bindings) expect(commandAvailable(binding.command)).toBe(true);
	});

	it('labels keys from one table', () => {
		expect(hint(['up', 'down'], 'move')).toEqual(['k/j', 'move']);
		expect(hint(['help'], 'help')).toEqual(['?', 'help']);
		expect([keyLabel('return'), keyLabel('escape'), keyLabel('ctrl+b'), keyLabel('x')]).toEqual(['⏎', 'esc', '^B', 'x']);
	});
});
