import {existsSync} from 'node:fs';
import {PassThrough} from 'node:stream';
import {PortForward} from '@kubernetes/client-node';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, run, startTestSim, type TestSim} from '../helpers/sim.js';
import {kubeConfig} from '../sim/exec/client.js';

// pods/portforward with clients nobody here wrote: client-node's PortForward and Debian's Python
// client (kubernetes.stream.portforward), both over the kubelet's WebSocket protocol. Each
// reads the bytes the scenario's container answers, and the error channel's text when nothing
// listens.

let sim: TestSim;
const python = '/usr/bin/python3';

/** One exchange through the Python client: what came back on the port, then its error channel. */
const pythonForward = `import sys
from kubernetes import client, config
from kubernetes.stream import portforward
config.load_kube_config(config_file=sys.argv[1])
port = int(sys.argv[3])
forward = portforward(client.CoreV1Api().connect_get_namespaced_pod_portforward, sys.argv[2], 'default', ports=str(port))
sock = forward.socket(port)
sock.settimeout(30)
try:
    sock.sendall(sys.argv[4].encode().replace(b'|', b'\\r\\n'))
except OSError:
    # A refused port's error can arrive first: the client has closed the socket by then.
    pass
data = b''
while True:
    chunk = sock.recv(65536)
    if not chunk:
        break
    data += chunk
sys.stdout.write(data.decode('latin1'))
sys.stderr.write(forward.error(port) or '')
`;

const hasPythonClient = existsSync(python) && (await run(python, ['-c', 'import kubernetes.stream']).then(result => result.code === 0));

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['native-sidecar', 'app-with-db-ambassador'], speed: 20});
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'native-sidecar')!)?.slot('app')?.boundPorts.includes(8080));
	await eventually(() => sim.cluster.worker(sim.cluster.pods.get('default', 'app-with-db-ambassador')!)?.slot('db-ambassador')?.boundPorts.includes(8404));
});

afterAll(async () => {
	await sim?.close();
});

async function clientNodeForward(pod: string, port: number, send: string): Promise<{output: string; errors: string}> {
	const output = new PassThrough();
	const errors = new PassThrough();
	const input = new PassThrough();
	let received = '';
	let errorText = '';
	output.on('data', (data: Buffer) => (received += data.toString('utf8')));
	errors.on('data', (data: Buffer) => (errorText += data.toString('utf8')));
	const ws = await new PortForward(kubeConfig(sim)).portForward('default', pod, [port], output, errors, input);
	const closed = new Promise<void>(resolve => (ws as unknown as {once(event: string, listener: () => void): void}).once('close', () => resolve()));
	input.write(send);
	await closed;
	return {output: received, errors: errorText};
}

describe('client-node PortForward', () => {
	test("reads envoy's admin /ready through the forward", async () => {
		const {output, errors} = await clientNodeForward('native-sidecar', 9901, 'GET /ready HTTP/1.0\r\n\r\n');
		expect(output).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: envoy\r\nContent-Type: text\/plain; charset=utf-8\r\nContent-Length: 5\r\n[\s\S]*\r\n\r\nLIVE\n$/);
		expect(errors).toBe('');
	});

	test("gets containerd's refused text when nothing listens", async () => {
		const {output, errors} = await clientNodeForward('native-sidecar', 9000, 'hello');
		expect(output).toBe('');
		expect(errors).toMatch(/^error forwarding port 9000 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace .*connection refused $/);
	});
});

describe.runIf(hasPythonClient)('the Python client (kubernetes.stream.portforward)', () => {
	test("reads haproxy's health frontend and envoy's admin through the forward", async () => {
		const health = await run(python, ['-c', pythonForward, sim.kubeconfigPath, 'app-with-db-ambassador', '8404', 'GET /healthz HTTP/1.0||'], {timeout: 60_000});
		expect(health.stderr).toBe('');
		expect(health.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\nContent-Length: 2\r\n[\s\S]*\r\n\r\nok$/);
		const ready = await run(python, ['-c', pythonForward, sim.kubeconfigPath, 'native-sidecar', '9901', 'GET /ready HTTP/1.0||'], {timeout: 60_000});
		expect(ready.stdout).toMatch(/\r\n\r\nLIVE\n$/);
	});

	test('the database port behind the ambassador accepts and closes: no bytes, no error', async () => {
		const database = await run(python, ['-c', pythonForward, sim.kubeconfigPath, 'app-with-db-ambassador', '5432', 'x'], {timeout: 60_000});
		expect(database).toMatchObject({code: 0, stdout: '', stderr: ''});
	});

	test("nothing listening: the error channel's text", async () => {
		const refused = await run(python, ['-c', pythonForward, sim.kubeconfigPath, 'app-with-db-ambassador', '6432', 'x'], {timeout: 60_000});
		expect(refused.stdout).toBe('');
		expect(refused.stderr).toMatch(
			/^error forwarding port 6432 to pod [0-9a-f]{64}, uid : .*failed to connect to localhost:6432 inside namespace .*connection refused $/,
		);
	});
});
