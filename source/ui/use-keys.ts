import {type Key, useInput} from 'ink';
import {type KeyPress, keyPress} from './keymap.js';

// Every screen's keyboard entry. Keys typed quickly (or sent by tmux) can arrive as one
// chunk; each character is handed on as if it had arrived alone, so "jjj" moves three rows
// and "/nat⏎" filters and confirms. Handlers get the key normalised (see keyPress).

const plainKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

/** What Ink would have reported had this character arrived alone. */
export function keyOfChar(char: string): Key {
	return {
		...plainKey,
		return: char === '\r' || char === '\n',
		tab: char === '\t',
		backspace: char === '\u007f' || char === '\b',
		escape: char === '\u001b',
	};
}

export function useKeys(handle: (key: KeyPress) => void, afterChunk?: () => void): void {
	useInput((input, key) => {
		if (input.length > 1 && !key.ctrl && !key.meta && !key.upArrow && !key.downArrow) {
			for (const char of input) handle(keyPress(char, keyOfChar(char)));
		} else {
			handle(keyPress(input, key));
		}
		afterChunk?.();
	});
}
