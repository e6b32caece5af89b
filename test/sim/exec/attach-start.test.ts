import {afterEach, expect, test} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {realClock} from '../../../source/sim/clock.js';
import {Cluster} from '../../../source/sim/cluster.js';
import {type AttachTarget, LogAttachTarget} from '../../../source/sim/exec/attach.js';
import {ContainerRuntime} from '../../../source/sim/exec/runtime.js';
import {probeSandboxOnce} from '../../../source/sim/exec/sandbox-support.js';
import {eventually} from '../../helpers/sim.js';

// A container reads as running a moment before the runtime has its process up. An attach in
// that moment (kubectl debug -it attaches as soon as it sees running) must still reach the
// process: before, it got the log alone and its stdin went nowhere.

let cluster: Cluster | undefined;
let runtime: ContainerRuntime | undefined;

afterEach(() => {
	runtime?.shutdown();
	cluster?.shutdown();
});

test('an attach the moment the container starts waits for its process', async () => {
	cluster = new Cluster(realClock());
	runtime = new ContainerRuntime(cluster, {sandbox: await probeSandboxOnce()});
	let attached: Promise<AttachTarget> | undefined;
	// Registered after the runtime's own listener: called in the very sync that starts the container.
	cluster.startListeners.add((_pod, slot) => {
		if (slot.name === 'shell') attached ??= runtime!.attachTarget(slot);
	});
	const pod: Pod = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: 'interactive', namespace: 'default'},
		spec: {containers: [{name: 'shell', image: 'busybox:1.36', stdin: true}]},
	};
	cluster.createPod(pod);
	const target = await eventually(() => attached);
	expect(target).not.toBeInstanceOf(LogAttachTarget);
	let output = '';
	target.onOutput((_stream, data) => (output += data.toString('utf8')));
	target.write(Buffer.from('echo early bird\nexit 3\n'));
	await target.ended;
	expect(output).toBe('early bird\n');
});
