import {useRef, useState} from 'react';
import type {SessionController} from '../../session/controller.js';
import type {Command} from '../keymap.js';
import {useKeys} from '../use-keys.js';
import {type Search, scrollIntent} from './scroll-intent.js';

// The inspect screens' keys: scrollIntent decides, this keeps the offset and search and closes
// the screen. Extra commands go to `onCommand`.

type Options = {
	controller: SessionController;
	total: number;
	rows: number;
	commands?: Command[];
	/** Line indexes that match a query, for search; omit to offer no search. */
	matches?: (query: string) => number[];
	/** A screen's own command; a number returned is the new offset (a wrap toggle keeps the top line). */
	onCommand?: (command: Command, offset: number) => number | undefined;
};

export function useScrollKeys({controller, total, rows, commands = [], matches, onCommand}: Options) {
	// Keys can arrive faster than renders (one chunk from tmux or a paste): the state they act
	// on lives in refs, so each key sees what the one before it did.
	const offsetRef = useRef(0);
	const searchRef = useRef<Search | undefined>(undefined);
	const [, setVersion] = useState(0);
	// Scrolled to the end (G), the view stays at the end as the live text grows (new events,
	// each perhaps wrapped over several rows), as a follow would.
	const endRef = useRef(false);
	const max = Math.max(0, total - rows);
	offsetRef.current = endRef.current ? max : Math.min(offsetRef.current, max);

	useKeys(
		key => {
			const intent = scrollIntent({offset: offsetRef.current, max, rows, search: searchRef.current, searchable: matches !== undefined, commands}, key);
			if (intent.type === 'offset') {
				offsetRef.current = intent.to;
				endRef.current = max > 0 && intent.to >= max;
			} else if (intent.type === 'close') controller.store.dispatch({type: 'screen-close'});
			else if (intent.type === 'command') {
				const to = onCommand?.(intent.command, offsetRef.current);
				if (typeof to === 'number') {
					offsetRef.current = Math.max(0, to);
					endRef.current = false;
				}
			} else if (intent.type === 'search') {
				searchRef.current = intent.search;
				const found = intent.jump && intent.search ? (matches?.(intent.search.query) ?? []) : [];
				if (intent.jump && found.length > 0) {
					offsetRef.current = Math.min(max, Math.max(0, nextMatch(found, intent.jump.direction, intent.jump.from) - 1));
					endRef.current = false;
				}
			}
		},
		() => setVersion(version => version + 1),
	);

	return {offset: offsetRef.current, search: searchRef.current};
}

/** The first match past `from` in the direction, wrapping around. */
function nextMatch(found: number[], direction: 1 | -1, from: number): number {
	return direction > 0 ? (found.find(line => line > from) ?? found[0]!) : ([...found].reverse().find(line => line < from) ?? found.at(-1)!);
}
