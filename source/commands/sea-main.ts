// The single executable's entry (scripts/sea/, `npm run build:sea`): what bin/podscope.js and
// bin/kubectl_complete-podscope.js do for the npm package, in one CommonJS bundle with no Node
// installed. It is one file under several names (podscope, kubectl-podscope, and
// kubectl_complete-podscope when linked so), told apart by the name it was started as.
import path from 'node:path';
import {main} from './cli.js';

// In a single executable argv[1] is argv[0] again (there is no script), so the arguments start at 2.
const args = process.argv.slice(2);
// kubectl (1.26+) completes a plugin's arguments by running kubectl_complete-<plugin>.
if (path.basename(process.argv0) === 'kubectl_complete-podscope') args.unshift('__complete');

// The sim's relay into a pod's network namespace (sim/exec/netns-dial.ts) runs
// `process.execPath -e SCRIPT ARGS...`, which is this file: run the script as `node -e` would,
// with process.argv as Node gives it (execPath, then ARGS) and builtins for require().
if (args[0] === '__node-eval' && args[1] !== undefined) {
	const script = args[1];
	process.argv.splice(1, 3);
	new Function('require', script)(require);
} else {
	run();
}

function run() {
	main(args).then(
		code => process.stdout.write('', () => process.exit(code)),
		error => {
			process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exit(1);
		},
	);
}
