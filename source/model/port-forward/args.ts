import {parseGoDuration} from '../logs/options.js';

// `podscope port-forward`'s arguments checked before any request, with kubectl's texts
// (k8s.io/kubectl/pkg/cmd/portforward/portforward.go, Complete; cmdutil.UsageErrorf and
// GetPodRunningTimeoutFlag). The port arguments need the pod (named ports): see ports.ts.

export type PortForwardFlags = {address?: string[]; podRunningTimeout: string; readOnly: boolean};

export type PortForwardRequest = {
	/** POD or TYPE/NAME, as typed. */
	resource: string;
	ports: string[];
	/** `--address`, each value split at commas (a StringSlice flag). */
	addresses: string[];
	podRunningTimeoutMs: number;
};

const usage = (message: string) => `error: ${message}\nSee 'podscope port-forward -h' for help and examples`;

/** The request, or the text to print on stderr (without the final newline; exit code 1). */
export function checkPortForwardArgs(input: string[], flags: PortForwardFlags): PortForwardRequest | {error: string} {
	// Refused before anything else, so no request is ever made in read-only mode.
	if (flags.readOnly) return {error: 'error: read-only mode: port-forward is disabled (--read-only)'};
	let timeout: number;
	try {
		timeout = parseGoDuration(flags.podRunningTimeout);
	} catch (error) {
		return {
			error: `Error: invalid argument ${JSON.stringify(flags.podRunningTimeout)} for "--pod-running-timeout" flag: ${(error as Error).message}\nSee 'podscope port-forward --help' for usage.`,
		};
	}
	if (input.length < 2) return {error: usage('TYPE/NAME and list of ports are required for port-forward')};
	if (timeout <= 0) return {error: usage('--pod-running-timeout must be higher than zero')};
	const addresses = (flags.address?.length ? flags.address : ['localhost']).flatMap(value => value.split(','));
	return {resource: input[0]!, ports: input.slice(1), addresses, podRunningTimeoutMs: timeout};
}
