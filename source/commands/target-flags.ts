// The flags every command that reads a cluster takes, with kubectl's spelling.

export const targetFlags = {
	namespace: {type: 'string', shortFlag: 'n'},
	context: {type: 'string'},
	kubeconfig: {type: 'string'},
} as const;

export const targetFlagsHelp = `    -n, --namespace NS       namespace (default: the context's)
    --context NAME           kubeconfig context
    --kubeconfig FILE        kubeconfig to use`;
