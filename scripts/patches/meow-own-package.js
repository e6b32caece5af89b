// Applied by scripts/build.js and scripts/sea/bundle.js; the fields are described in scripts/patch-dependencies.js.
export default {
	package: 'meow',
	versions: '~14.1.0',
	file: 'build/options.js',
	find: `	const foundPackage = options.pkg ?? readPackageUpSync({
		cwd: path.dirname(fileURLToPath(options.importMeta.url)),
		normalize: false,
	})?.packageJson;

	const pkg = foundPackage ?? {};
	let isPackageNormalized = false;
	const getPackage = () => {
		if (!isPackageNormalized) {
			normalizePackageData(pkg);
			isPackageNormalized = true;
		}

		return pkg;
	};
`,
	replace: `	const pkg = options.pkg ?? JSON.parse(__PODSCOPE_PACKAGE__);
	const getPackage = () => pkg;
`,
	why: "meow reads the package.json above the script for each command's --help and --version, and keeps read-package-up and normalize-package-data (with SPDX tables, semver, hosted-git-info) for it: ~70% of its bundle, loaded by every start. The build gives it podscope's own package instead (a single executable has none beside it), and the rest is left out.",
};
