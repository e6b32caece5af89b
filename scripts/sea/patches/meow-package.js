// Applied by scripts/sea/bundle.js (the single executable only); the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'meow',
	versions: '~14.1.0',
	file: 'build/options.js',
	find: 'const foundPackage = options.pkg ?? readPackageUpSync({',
	replace: 'const foundPackage = options.pkg ?? JSON.parse(__PODSCOPE_PACKAGE__) ?? readPackageUpSync({',
	why: "meow reads the description in each command's --help from the package.json above the script; a single executable has none beside it (and one found above it would be someone else's), so the build gives it podscope's own.",
};
