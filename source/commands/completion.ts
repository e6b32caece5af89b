import {completionScript, type Shell, shells} from '../model/completion/scripts.js';
import {exitOnFlagError} from './flag-check.js';

// `podscope completion bash|zsh|fish`: prints the script, with kubectl completion's texts and
// exit codes for a missing, unknown or extra shell argument.

export const help = `
  Usage
    $ podscope completion SHELL

  Print the shell completion script for bash, zsh or fish. It completes subcommands, flags,
  and names from the cluster: contexts (--context), namespaces (-n), pods and containers (-c),
  reading the --kubeconfig, --context and -n already on the line.

  Examples
    # bash: this shell, then every new one
    $ source <(podscope completion bash)
    $ podscope completion bash > ~/.local/share/bash-completion/completions/podscope

    # zsh (compinit must have run)
    $ source <(podscope completion zsh)
    $ podscope completion zsh > "\${fpath[1]}/_podscope"

    # fish
    $ podscope completion fish | source
    $ podscope completion fish > ~/.config/fish/completions/podscope.fish

  As a kubectl plugin, \`kubectl podscope <Tab>\` completes the same through the
  kubectl_complete-podscope executable installed next to kubectl-podscope (kubectl 1.26+).
`;

const usageHint = "See 'podscope completion -h' for help and examples";

export async function run(argv: string[]): Promise<number> {
	const args = exitOnFlagError(argv, {}, 'podscope completion');
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(`${help.trimEnd()}\n\n`);
		return 0;
	}
	const positionals = args.filter(arg => arg !== '--');
	// k8s.io/kubectl/pkg/cmd/completion/completion.go, RunCompletion
	let error: string | undefined;
	if (positionals.length === 0) error = 'Shell not specified.';
	else if (positionals.length > 1) error = 'Too many arguments. Expected only the shell type.';
	else if (!shells.includes(positionals[0] as Shell)) error = `Unsupported shell type ${JSON.stringify(positionals[0])}.`;
	if (error !== undefined) {
		process.stderr.write(`error: ${error}\n${usageHint}\n`);
		return 1;
	}
	process.stdout.write(completionScript(positionals[0] as Shell));
	return 0;
}
