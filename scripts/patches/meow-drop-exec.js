// Applied by scripts/build.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'meow',
	versions: '~14.1.0',
	file: 'build/dependencies.js',
	find: 'promisify(execFile);\n',
	replace: '',
	why: "meow's bundled dependencies promisify execFile for a helper meow never calls, which loads child_process, net and dgram into every start: drop the call.",
};
