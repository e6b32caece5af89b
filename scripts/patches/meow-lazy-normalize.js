// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'meow',
	versions: '~14.1.0',
	file: 'build/dependencies.js',
	find: 'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);\n',
	replace: 'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);\n',
	why: "meow's bundled dependencies build normalize-package-data (sorted SPDX licence tables, hosted-git-info) as the module loads, ~25 ms of every start, though it only runs when `cli.pkg` is read: build it on first use, which (with meow-own-package) lets the build leave it out.",
};
