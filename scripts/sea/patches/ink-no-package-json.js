// Applied by scripts/sea/bundle.js (the single executable only); the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'ink',
	versions: '~8.0.0',
	file: 'build/reconciler.js',
	find: 'const loaded = await loadPackageJson();',
	replace: 'const loaded = {};',
	why: 'With DEV=true Ink awaits its own package.json at the top level to name itself to React DevTools; a single executable has no such file beside it and its CommonJS main script has no top-level await, so it keeps the name it already has.',
};
