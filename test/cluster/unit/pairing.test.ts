import {describe, expect, it} from 'vitest';
import {emptyObservation, type Observation} from '../observe.js';
import {pairKeys} from '../pairing.js';

const pod = (owner: string | undefined, created: string): Observation => ({...emptyObservation(), owner, created});

describe('pairKeys', () => {
	it('names a Deployment’s pods by the Deployment and their order of creation, others by name', () => {
		const seen = new Map<string, Observation>([
			['web-5d8f7c9b4-zzzzz', pod('ReplicaSet/web-5d8f7c9b4', '2026-12-05T22:00:02Z')],
			['web-5d8f7c9b4-aaaaa', pod('ReplicaSet/web-5d8f7c9b4', '2026-12-05T22:00:01Z')],
			['web-5d8f7c9b4-bbbbb', pod('ReplicaSet/web-5d8f7c9b4', '2026-12-05T22:00:02Z')],
			['db-0', pod('StatefulSet/db', '2026-12-05T22:00:01Z')],
			['node-agent-7k8d6', pod('DaemonSet/node-agent', '2026-12-05T22:00:01Z')],
			['crashloop', pod(undefined, '2026-12-05T22:00:01Z')],
		]);
		expect(Object.fromEntries(pairKeys(seen))).toEqual({
			'web#0': 'web-5d8f7c9b4-aaaaa',
			'web#1': 'web-5d8f7c9b4-bbbbb',
			'web#2': 'web-5d8f7c9b4-zzzzz',
			'db-0': 'db-0',
			'node-agent#0': 'node-agent-7k8d6',
			crashloop: 'crashloop',
		});
	});

	it('pairs the two sides’ replicas although their ReplicaSets’ hashes differ', () => {
		const sim = pairKeys(new Map([['web-6b7c-x1', pod('ReplicaSet/web-6b7c', '2026-12-05T22:00:01Z')]]));
		const real = pairKeys(new Map([['web-84d9f5-q2', pod('ReplicaSet/web-84d9f5', '2026-12-05T22:00:03Z')]]));
		expect([...sim.keys()]).toEqual([...real.keys()]);
	});
});
