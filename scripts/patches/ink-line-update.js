// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
import {fileURLToPath} from 'node:url';

const narrowWidth = fileURLToPath(new URL('../../source/ui/narrow-width.ts', import.meta.url));

export default {
	package: 'ink',
	versions: '~8.0.0',
	file: 'build/line-update.js',
	find: "import stringWidth from 'string-width';",
	replace: `import {narrowWidth as stringWidth} from ${JSON.stringify(narrowWidth)};`,
	why: "Ink's incremental renderer measures every changed line with string-width, grapheme by grapheme: give it podscope's narrow-text fast path, which falls back to string-width.",
};
