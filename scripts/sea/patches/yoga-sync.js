// Applied by scripts/sea/bundle.js (the single executable only); the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'yoga-layout',
	versions: '~3.2.1',
	file: 'dist/src/index.js',
	find: 'const Yoga = wrapAssembly(await loadYoga());',
	// Emscripten's instantiateWasm hook, answered at once: the loader then runs to the end before
	// loadYoga() returns, and its module object is the ready one its promise would resolve to.
	replace: `const Yoga = wrapAssembly((() => {
	const wasm = new WebAssembly.Module(process.getBuiltinModule('node:sea').getRawAsset('yoga.wasm'));
	const ready = {instantiateWasm: (imports, receive) => (receive(new WebAssembly.Instance(wasm, imports)), {})};
	loadYoga(ready);
	return ready;
})());`,
	why: "A single executable's main script is CommonJS, which has no top-level await, and yoga-layout awaits its WebAssembly at the top level: instantiate it synchronously instead, from the executable's own asset (the same bytes, not decoded from base64), while the module loads.",
};
