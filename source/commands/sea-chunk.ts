import {getAsset} from 'node:sea';
import {compileFunction} from 'node:vm';

// A part of the single executable kept out of its main script and compiled only when asked
// for (scripts/sea/bundle.js): @kubernetes/client-node, 16 MB of JavaScript that only a
// kubeconfig user with an auth-provider needs, would otherwise be read into every start.
// Each is a CommonJS bundle of its own, stored as an asset, whose require() is the main
// script's (builtins only: everything else is inside it).

export function loadChunk(name: string, require: NodeJS.Require): unknown {
	const filename = `${process.execPath}/${name}`;
	const run = compileFunction(getAsset(name, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], {filename});
	const module = {exports: {}};
	run(module.exports, require, module, filename, process.execPath);
	return module.exports;
}
