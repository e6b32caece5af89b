// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'meow',
	versions: '~14.1.0',
	file: 'build/dependencies.js',
	find: 'var libExports = requireLib$1();\n',
	replace: 'const libExports = {codeFrameColumns: (...args) => requireLib$1().codeFrameColumns(...args)};\n',
	why: "meow's bundled dependencies build @babel/code-frame (for parse-json's error messages about a broken package.json) as the module loads; podscope gives meow its package (meow-own-package), so build it on first use, which lets the build leave it out.",
};
