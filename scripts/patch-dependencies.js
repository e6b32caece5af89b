// Text patches of files inside dependencies, applied as esbuild loads them. Each patch is a
// plain object in scripts/patches/<name>.js:
//   package   the dependency, as named in node_modules
//   versions  the semver range of the package the patch was checked against
//   file      the patched file, relative to the package's folder
//   find      text that occurs exactly once in that file
//   replace   what it becomes
//   why       what the patch saves, in a sentence or two
// A patch that no longer fits its dependency fails the build, naming the patch: an upgrade
// would otherwise drop it, or apply it to code that means something else, without a word.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {basename, dirname, join, relative} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import semver from 'semver';

const root = fileURLToPath(new URL('..', import.meta.url));
const patchesFolder = join(root, 'scripts', 'patches');
/** Patches only the single executable's bundle needs (scripts/sea/bundle.js). */
export const seaPatchesFolder = join(root, 'scripts', 'sea', 'patches');
const fields = ['package', 'versions', 'file', 'find', 'replace', 'why'];

/** Every patch of scripts/patches/, in name order, each with its name and the patched file's path. */
export async function loadPatches(folder = patchesFolder) {
	const files = readdirSync(folder)
		.filter(file => file.endsWith('.js'))
		.sort();
	return Promise.all(
		files.map(async file => {
			const {default: patch} = await import(pathToFileURL(join(folder, file)).href);
			const name = basename(file, '.js');
			const problem = shapeProblem(patch);
			// Named as the repository names it, or in full when it lies elsewhere (the tests' own).
			const full = join(folder, file);
			const source = full.startsWith(root) ? relative(root, full) : full;
			if (problem) throw new Error(`patch ${name} (${source}): ${problem}`);
			return {...patch, name, source, path: join(root, 'node_modules', patch.package, patch.file)};
		}),
	);
}

function shapeProblem(patch) {
	if (typeof patch !== 'object' || patch === null) return 'the default export is not an object';
	const keys = Object.keys(patch);
	const odd = keys.filter(key => !fields.includes(key));
	if (odd.length > 0) return `unknown field ${odd.join(', ')} (known: ${fields.join(', ')})`;
	const absent = fields.filter(key => typeof patch[key] !== 'string' || (patch[key] === '' && key !== 'replace'));
	if (absent.length > 0) return `${absent.join(', ')} must be ${absent.length > 1 ? 'non-empty strings' : 'a non-empty string'}`;
	if (semver.validRange(patch.versions) === null) return `versions ${JSON.stringify(patch.versions)} is not a semver range`;
	if (patch.file.split(/[\\/]/).includes('..')) return 'file must lie inside the package';
	return undefined;
}

/**
 * The installed version of a patch's package, which must lie in the patch's range (checked
 * first: text that still matches in a new version may no longer mean what `why` says).
 */
export function checkVersion(patch) {
	const manifest = join(root, 'node_modules', patch.package, 'package.json');
	if (!existsSync(manifest)) throw new Error(`patch ${patch.name}: ${patch.package} is not installed (no ${manifest})`);
	const {version} = JSON.parse(readFileSync(manifest, 'utf8'));
	if (!semver.satisfies(version, patch.versions)) {
		throw new Error(
			`patch ${patch.name}: ${patch.package} ${version} is installed, outside the patch's range ${patch.versions}; check that ${patch.source} still does what its why says, then widen versions`,
		);
	}
	return version;
}

/** How often the patch's find-text occurs in `source` (the package's file unless given). */
export function occurrences(patch, source = readFileSync(patch.path, 'utf8')) {
	return source.split(patch.find).length - 1;
}

/** `source` with the patch applied: its find-text must occur exactly once. */
export function applyPatch(patch, source) {
	const count = occurrences(patch, source);
	if (count !== 1) {
		const where = `${patch.package}/${patch.file} (${patch.package} ${checkVersion(patch)})`;
		throw new Error(`patch ${patch.name}: the text to find occurs ${count === 0 ? 'nowhere' : `${count} times`} in ${where}; update ${patch.source}`);
	}
	return source.replace(patch.find, () => patch.replace);
}

/** An esbuild plugin applying `patches`, and after the build, `unapplied()`: those whose file was never loaded. */
export function patchDependencies(patches) {
	for (const patch of patches) {
		const version = checkVersion(patch);
		if (!existsSync(patch.path)) throw new Error(`patch ${patch.name}: ${patch.package} ${version} has no ${patch.file}; update ${patch.source}`);
		applyPatch(patch, readFileSync(patch.path, 'utf8'));
	}
	const loaded = new Set();
	const escapeRegExp = path => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const unapplied = () => patches.filter(patch => !loaded.has(patch.path)).map(patch => patch.name);
	const plugin = {
		name: 'patch-dependencies',
		setup(builder) {
			if (patches.length === 0) return;
			const filter = new RegExp(`^(${[...new Set(patches.map(patch => escapeRegExp(patch.path)))].join('|')})$`);
			builder.onLoad({filter}, ({path}) => {
				loaded.add(path);
				const contents = patches.filter(patch => patch.path === path).reduce((source, patch) => applyPatch(patch, source), readFileSync(path, 'utf8'));
				// A replacement may import by relative path, from the patched file's folder.
				return {contents, loader: 'js', resolveDir: dirname(path)};
			});
		},
	};
	return {plugin, unapplied};
}
