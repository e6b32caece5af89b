// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'string-width',
	versions: '~8.3.0',
	file: 'index.js',
	find: '\t\tif (rgiEmojiRegex.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment)) {\n',
	replace: '\t\tif (segment.length > 1 && (rgiEmojiRegex.test(segment) || isDoubleWidthNonRgiEmojiSequence(segment))) {\n',
	why: 'string-width tests every grapheme that is not plain ASCII against \\p{RGI_Emoji}, which V8 takes ~10-30 ms to compile on first use: the first frame pays it for its box-drawing lines. A grapheme of one UTF-16 unit is an RGI emoji only when it is East Asian wide, which the width computed next gives 2 anyway, so test only longer graphemes (test/build/string-width-patch.test.ts checks every one).',
};
