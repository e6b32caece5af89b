import stringWidth from 'string-width';

// Terminal width of a string, with a fast path for text whose every character is one column
// (ASCII, Latin, box drawing, the shapes podscope draws with). string-width walks graphemes
// with Intl.Segmenter, which is right for emoji and CJK but was a fifth of every frame of a
// log flood: Ink's incremental renderer measures each changed line, and a pane's border makes
// every line non-ASCII. The set is checked against string-width itself in the tests.

export const narrowOnly = /^[\u0020-\u007E\u00A1-\u00AC\u00AE-\u02FF\u2010-\u2027\u2030-\u205E\u2190-\u21FF\u2500-\u25FC]*$/;

export function narrowWidth(text: string): number {
	return narrowOnly.test(text) ? text.length : stringWidth(text);
}
