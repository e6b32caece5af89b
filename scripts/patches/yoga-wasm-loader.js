// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'yoga-layout',
	versions: '~3.2.1',
	file: 'dist/binaries/yoga-wasm-base64-esm.js',
	find: 'var loadYoga = (() => {',
	// A module-wide `fetch` shadows the global in every place the Emscripten loader tests for it.
	replace: 'const fetch = undefined;\nvar loadYoga = (() => {',
	why: "yoga-layout's Emscripten loader reads its embedded WebAssembly with fetch() on a data: URL when fetch exists, which loads Node's whole fetch implementation (undici) into the first frame, ~20 ms; without fetch it decodes the same base64 synchronously.",
};
