import meow from 'meow';
import {connect, errorText} from '../kube/pod-details.js';
import {ListenError, PortForwarder} from '../kube/port-forward-listeners.js';
import {joinHostPort, parseAddresses} from '../model/port-forward/addresses.js';
import {checkPortForwardArgs} from '../model/port-forward/args.js';
import {handleErrorLines, unhandledError} from '../model/port-forward/klog.js';
import {PortSpecError, resolvePorts} from '../model/port-forward/ports.js';
import {forwardablePod} from './port-forward-target.js';
import {targetFlagsHelp} from './target-flags.js';
import {portForwardFlags} from './command-flags.js';
import {exitOnFlagError} from './flag-check.js';

// `podscope port-forward POD|TYPE/NAME [LOCAL:]REMOTE...`: kubectl port-forward's flags, checks,
// output and exit codes (k8s.io/kubectl/pkg/cmd/portforward/portforward.go and client-go's
// tools/portforward), over the WebSocket port-forward protocol, one WebSocket per connection.
// Like kubectl since 1.23, an error from the pod's side on any connection ends the command
// ("lost connection to pod", exit 1); Ctrl-C ends it cleanly (exit 0).

const help = `
  Usage
    $ podscope port-forward POD|TYPE/NAME [LOCAL_PORT:]REMOTE_PORT [...]

  Forward local ports to a pod, like kubectl port-forward. TYPE/NAME picks one pod of a
  workload (deploy/, rs/, sts/, ds/, job/, pod/) as kubectl picks it.

  Ports
    8080                     local 8080 to the pod's 8080
    8888:80                  local 8888 to the pod's 80
    :80                      a random local port to the pod's 80
    8080:http                a named container port of the pod

  Flags
    --address ADDR,...       addresses to listen on (default: localhost, i.e. 127.0.0.1 and ::1)
    --pod-running-timeout D  how long to wait for a workload's first pod (default: 1m0s)
    --read-only              refuse (port-forward is a write: pods/portforward create)
${targetFlagsHelp}

  Examples
    $ podscope port-forward web-with-logging 8080:80
    $ podscope port-forward deploy/web :80 --address 0.0.0.0
`;

const out = (text: string) => process.stdout.write(`${text}\n`);
const err = (text: string) => process.stderr.write(`${text}\n`);

export async function run(argv: string[]): Promise<number> {
	const cli = meow(help, {
		// kubectl's usage errors point at `-h`: it is --help here too.
		argv: exitOnFlagError(argv, portForwardFlags, 'podscope port-forward').map(arg => (arg === '-h' ? '--help' : arg)),
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: portForwardFlags,
	});
	const request = checkPortForwardArgs(cli.input, cli.flags);
	if ('error' in request) {
		err(request.error);
		return 1;
	}
	let forwarder: PortForwarder;
	try {
		const {http, namespace} = await connect(cli.flags);
		const pod = await forwardablePod(http, namespace, request.resource, request.podRunningTimeoutMs);
		const ports = resolvePorts(request.ports, pod);
		if (pod.status?.phase !== 'Running')
			throw new PortSpecError(`unable to forward port because pod is not running. Current status=${pod.status?.phase ?? ''}`);
		const addresses = parseAddresses(request.addresses);
		forwarder = new PortForwarder(http.access, {namespace, pod: pod.metadata.name}, addresses, ports, {
			forwarding: (address, port) => out(`Forwarding from ${joinHostPort(address, port.local)} -> ${port.remote}`),
			unableToListen: (port, message) => err(`Unable to listen on port ${port.local}: ${message}`),
			connection: port => out(`Handling connection for ${port.local}`),
		});
		await forwarder.listen();
	} catch (error) {
		err(error instanceof ListenError || error instanceof PortSpecError ? `error: ${error.message}` : errorText(error));
		return 1;
	}
	return serve(forwarder);
}

/** Forward until Ctrl-C (exit 0), or until a connection fails as kubectl's would end it (exit 1). */
function serve(forwarder: PortForwarder): Promise<number> {
	return new Promise(resolve => {
		let stopping = false;
		const stop = (code: number, message?: string) => {
			if (stopping) return;
			stopping = true;
			process.off('SIGINT', interrupted);
			void forwarder.close().then(() => {
				if (message) err(message);
				resolve(code);
			});
		};
		const interrupted = () => stop(0);
		process.on('SIGINT', interrupted);
		forwarder.events.ended = (port, outcome) => {
			if (outcome.kind === 'error') {
				err(
					unhandledError(
						`an error occurred forwarding ${port.local} -> ${port.remote}: ${outcome.message}`,
						new Date(),
						process.pid,
						handleErrorLines.forwarding,
					),
				);
				stop(1, 'error: lost connection to pod');
			} else if (outcome.kind === 'dropped') {
				err(
					unhandledError(`error copying from remote stream to local connection: ${outcome.message}`, new Date(), process.pid, handleErrorLines.copyFromRemote),
				);
			} else if (outcome.kind === 'refused') {
				stop(1, `error: error upgrading connection: ${outcome.error.message}`);
			}
		};
	});
}
