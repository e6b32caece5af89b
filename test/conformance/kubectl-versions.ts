import {accessSync, constants} from 'node:fs';
import path from 'node:path';
import {run, type RunResult, type TestSim} from '../helpers/sim.js';

// The older kubectl binaries the Cloud SDK installs beside its own (kubectl.1.27 … 1.33): each
// release speaks its own streaming protocols, so each is run against the sim.

const sdk = '/usr/lib/google-cloud-sdk/bin';

/** The path of kubectl 1.N, or undefined when it is not installed. */
export function kubectlRelease(minor: number): string | undefined {
	const file = path.join(sdk, `kubectl.1.${minor}`);
	try {
		accessSync(file, constants.X_OK);
		return file;
	} catch {
		return undefined;
	}
}

/** kubectl sees only the sim: no user kubeconfig, a private discovery cache, and no feature-gate variables of ours. */
export function releaseEnv(sim: TestSim, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {
		KUBECONFIG: '',
		KUBECACHEDIR: path.join(sim.dir, 'cache'),
		NO_COLOR: '1',
		TERM: 'dumb',
		KUBECTL_REMOTE_COMMAND_WEBSOCKETS: '',
		KUBECTL_PORT_FORWARD_WEBSOCKETS: '',
		...extra,
	};
}

export function kubectlAt(
	binary: string,
	sim: TestSim,
	args: string[],
	options: {input?: string; timeout?: number; env?: Record<string, string>} = {},
): Promise<RunResult> {
	return run(binary, ['--kubeconfig', sim.kubeconfigPath, ...args], {
		env: releaseEnv(sim, options.env),
		input: options.input,
		timeout: options.timeout ?? 30_000,
	});
}
