// Applied by scripts/sea/bundle.js (the single executable only); the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'ink',
	versions: '~8.0.0',
	file: 'build/reconciler.js',
	find: "        await import('./devtools.js');",
	replace: "        console.warn('React DevTools cannot be loaded by podscope as a single executable; use the npm package');",
	why: 'Ink awaits React DevTools at the top level when DEV=true and it is installed; a single executable cannot load a package from node_modules, and its CommonJS main script has no top-level await.',
};
