import type {Key} from 'ink';
import {useRef, useState} from 'react';
import type {SessionController} from '../../session/controller.js';
import {type Command, commandFor, keyName} from '../keymap.js';
import {printable, useKeys} from '../use-keys.js';

// Keys shared by the inspect screens: scrolling, esc to go back, and (where offered) a
// search prompt with n/N between matches. Extra commands go to `onCommand`.


type Options = {
	controller: SessionController;
	total: number;
	rows: number;
	commands?: Command[];
	/** Line indexes that match a query, for search; omit to offer no search. */
	matches?: (query: string) => number[];
	onCommand?: (command: Command) => void;
};

export function useScrollKeys({controller, total, rows, commands = [], matches, onCommand}: Options) {
	// Keys can arrive faster than renders (one chunk from tmux or a paste): the state they act
	// on lives in refs, so each key sees what the one before it did.
	const offsetRef = useRef(0);
	const searchRef = useRef<{query: string; typing: boolean} | undefined>(undefined);
	const [, setVersion] = useState(0);
	const max = Math.max(0, total - rows);
	offsetRef.current = Math.min(offsetRef.current, max);
	const allowed: Command[] = ['up', 'down', 'page-up', 'page-down', 'top', 'bottom', 'back', ...(matches ? (['inspect-search', 'inspect-next', 'inspect-prev'] as Command[]) : []), ...commands];

	const setOffset = (value: number) => {
		offsetRef.current = Math.min(max, Math.max(0, value));
	};
	const setSearch = (value: {query: string; typing: boolean} | undefined) => {
		searchRef.current = value;
	};
	const jump = (query: string, direction: 1 | -1, from: number) => {
		const found = matches?.(query) ?? [];
		if (found.length === 0) return;
		const next = direction > 0 ? (found.find(line => line > from) ?? found[0]!) : ([...found].reverse().find(line => line < from) ?? found.at(-1)!);
		setOffset(next - 1);
	};

	useKeys(handle, () => setVersion(version => version + 1));

	function handle(input: string, key: Key): void {
		const name = keyName(input, key);
		const top = offsetRef.current;
		const search = searchRef.current;
		if (search?.typing) {
			if (name === 'escape') setSearch(undefined);
			else if (name === 'return') {
				setSearch({...search, typing: false});
				jump(search.query, 1, top - 1);
			} else if (name === 'backspace') setSearch({...search, query: search.query.slice(0, -1)});
			else if (printable(input) && !key.ctrl && !key.meta) setSearch({...search, query: search.query + input});
			return;
		}
		const command = commandFor(name, allowed);
		switch (command) {
			case 'up':
				return setOffset(top - 1);
			case 'down':
				return setOffset(top + 1);
			case 'page-up':
				return setOffset(top - rows);
			case 'page-down':
				return setOffset(top + rows);
			case 'top':
				return setOffset(0);
			case 'bottom':
				return setOffset(max);
			case 'back':
				if (search) return setSearch(undefined);
				controller.store.dispatch({type: 'screen-close'});
				return;
			case 'inspect-search':
				return setSearch({query: '', typing: true});
			case 'inspect-next':
				if (search) jump(search.query, 1, top + 1);
				return;
			case 'inspect-prev':
				if (search) jump(search.query, -1, top + 1);
				return;
			default:
				if (command) onCommand?.(command);
		}
	}

	return {offset: offsetRef.current, search: searchRef.current};
}
