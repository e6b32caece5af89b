// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: '@alcalzone/ansi-tokenize',
	versions: '~0.3.2',
	file: 'build/diff.js',
	find: `export function diffAnsiCodes(from, to) {
`,
	replace: `export function diffAnsiCodes(from, to) {
    // podscope: styled text starting (from no style) or ending (to none) needs no Sets.
    if (from.length === 0)
        return [...to];
    if (to.length === 0)
        return undoAnsiCodes(from);
`,
	why: 'Ink diffs the styles of each pair of neighbouring cells that differ, every frame, with three Sets and three filters; most pairs go from no style to some or back (a coloured word in plain text): ~6% of what the TUI allocated with 5,000 pods changing. From nothing it is `to`; to nothing, undoing `from` (test/build/render-patches.test.ts).',
};
