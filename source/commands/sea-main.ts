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

main(args).then(
	code => process.stdout.write('', () => process.exit(code)),
	error => {
		process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exit(1);
	},
);
