// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: '@alcalzone/ansi-tokenize',
	versions: '~0.3.2',
	file: 'build/ansiCodes.js',
	find: `export function ansiCodesToString(codes) {
`,
	replace: `export function ansiCodesToString(codes) {
    // podscope: no code or one, as most style changes in a frame, needs no Set.
    if (codes.length === 0)
        return "";
    if (codes.length === 1)
        return codes[0].code;
`,
	why: "Ink joins each style change of each line of each frame into text through a Set that drops repeated codes, and most changes carry one code or none: ~5% of what the TUI allocated with 5,000 pods changing. No code is '', one code is itself (test/build/render-patches.test.ts).",
};
