import {complete, completionText} from '../model/completion/candidates.js';
import {completionTable} from './completion-commands.js';
import {clusterLookups} from './completion-lookup.js';

// `podscope __complete <words>`: what the completion scripts (and kubectl, for
// `kubectl podscope`) call on every Tab. Answers on stdout in cobra's protocol and never
// writes to stderr: kubectl passes a plugin's stderr to the terminal mid-line.

export async function run(argv: string[]): Promise<number> {
	let text: string;
	try {
		text = completionText(await complete(argv, completionTable, clusterLookups));
	} catch {
		text = ':4\n';
	}
	process.stdout.write(text);
	return 0;
}
