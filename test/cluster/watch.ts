import {spawn} from 'node:child_process';
import type {Pod} from '../../source/model/k8s.js';
import {jsonStream} from './json-stream.js';
import {parseTable, type TableRow} from './observe.js';

// Every change of every pod, as kubectl watches it: rows of `kubectl get pods -w` (the STATUS
// the API server's table printer computed) and objects of `kubectl get pods -w -o json`. A
// state that lasts a second (CrashLoopBackOff at the end of a short back-off) is seen on both
// sides, where sampling once a second would catch it or not by chance.

export type PodWatch = {stop(): void};

export function watchPods(kubectl: string, kubeconfig: string, onRow: (row: TableRow) => void, onPod: (pod: Pod) => void): PodWatch {
	const common = ['--kubeconfig', kubeconfig, 'get', 'pods', '--watch', '--request-timeout=0'];
	const rows = spawn(kubectl, [...common, '--no-headers'], {stdio: ['ignore', 'pipe', 'inherit']});
	const objects = spawn(kubectl, [...common, '-o', 'json'], {stdio: ['ignore', 'pipe', 'inherit']});
	let partial = '';
	rows.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		const lines = (partial + chunk).split('\n');
		partial = lines.pop() ?? '';
		for (const row of parseTable(lines.join('\n'))) onRow(row);
	});
	const feed = jsonStream(document => onPod(document as Pod));
	objects.stdout.setEncoding('utf8').on('data', feed);
	return {
		stop() {
			rows.kill();
			objects.kill();
		},
	};
}
