import {describe, expect, it} from 'vitest';
import {computeQos, describePod} from '../../../source/model/describe/pod.js';
import {describeProbe} from '../../../source/model/describe/containers.js';
import {TabWriter} from '../../../source/model/describe/tabwriter.js';
import type {KubeEvent, Pod} from '../../../source/model/k8s.js';

const now = Date.parse('2026-01-01T12:00:00Z');

function pod(overrides: Partial<Pod['spec']> = {}, metadata: Partial<Pod['metadata']> = {}): Pod {
	return {
		metadata: {name: 'web', namespace: 'default', uid: 'u1', ...metadata},
		spec: {containers: [{name: 'app', image: 'nginx:1.25'}], ...overrides},
		status: {phase: 'Running', podIP: '10.0.0.1', podIPs: [{ip: '10.0.0.1'}], qosClass: 'BestEffort'},
	};
}

describe('TabWriter', () => {
	it('aligns a column only across consecutive lines that have it', () => {
		const tab = new TabWriter();
		tab.write('Name:\tweb\nLong Label:\tx\nSection:\n  a:\t1\n  bbbb:\t2\n');
		expect(tab.toString()).toBe('Name:        web\nLong Label:  x\nSection:\n  a:     1\n  bbbb:  2\n');
	});

	it('keeps a flushed block apart from what follows', () => {
		const tab = new TabWriter();
		tab.write('A:\t1\n');
		tab.flush();
		tab.write('Longer:\t2\n');
		expect(tab.toString()).toBe('A:  1\nLonger:  2\n');
	});
});

describe('describePod', () => {
	it('shows Secret and ConfigMap values as references, never values', () => {
		const text = describePod(
			pod({
				containers: [
					{
						name: 'app',
						image: 'myapp',
						env: [
							{name: 'PASSWORD', valueFrom: {secretKeyRef: {name: 'db', key: 'password'}}},
							{name: 'MODE', valueFrom: {configMapKeyRef: {name: 'cfg', key: 'mode', optional: true}}},
							{name: 'POD', valueFrom: {fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.name'}}},
							{name: 'MULTI', value: 'one\ntwo'},
						],
					},
				],
			}),
			undefined,
			now,
		);
		expect(text).toContain("PASSWORD:  <set to the key 'password' in secret 'db'>   Optional: false");
		expect(text).toContain("MODE:      <set to the key 'mode' of config map 'cfg'>  Optional: true");
		expect(text).toContain('POD:       web (v1:metadata.name)');
		expect(text).toMatch(/MULTI: +one\n +two\n/);
	});

	it('sanitises cluster strings and folds long annotations like kubectl', () => {
		const text = describePod(
			pod({}, {annotations: {note: 'evil\x1b]0;title\x07', long: 'x'.repeat(200), 'kubectl.kubernetes.io/last-applied-configuration': '{}'}}),
			undefined,
			now,
		);
		expect(text).not.toContain('\x1b');
		expect(text).toContain('note: evil␛]0;title␇');
		expect(text).toContain(`Annotations:  long:\n${' '.repeat(16)}${'x'.repeat(138)}...\n`);
		expect(text).not.toContain('last-applied');
	});

	it('writes events oldest first with kubectl ages', () => {
		const event = (name: string, reason: string, last: string, count = 1, type = 'Normal'): KubeEvent => ({
			metadata: {name, namespace: 'default'},
			involvedObject: {name: 'web'},
			reason,
			type,
			message: `${reason} happened`,
			source: {component: 'kubelet'},
			firstTimestamp: '2026-01-01T11:50:00Z',
			lastTimestamp: last,
			count,
		});
		const text = describePod(pod(), [event('b', 'BackOff', '2026-01-01T11:59:00Z', 5, 'Warning'), event('a', 'Started', '2026-01-01T11:50:00Z')], now);
		expect(text).toContain('Events:\n  Type     Reason   Age                From     Message\n  ----     ------   ----               ----     -------\n');
		expect(text.indexOf('Started')).toBeLessThan(text.indexOf('BackOff'));
		expect(text).toContain('60s (x5 over 10m)');
		expect(describePod(pod(), [], now)).toMatch(/Events: +<none>\n$/);
	});

	it('prints tolerations and node selectors like kubectl', () => {
		const text = describePod(
			pod({nodeSelector: {disk: 'ssd'}, tolerations: [{operator: 'Exists'}, {key: 'a', operator: 'Equal', value: 'b', effect: 'NoSchedule'}]}),
			undefined,
			now,
		);
		expect(text).toMatch(/Node-Selectors: +disk=ssd\nTolerations: +op=Exists\n +a=b:NoSchedule\n/);
	});
});

describe('describeProbe', () => {
	it('formats each kind of probe', () => {
		expect(describeProbe({exec: {command: ['cat', '/tmp/ok']}, periodSeconds: 5})).toBe(
			'exec [cat /tmp/ok] delay=0s timeout=0s period=5s #success=0 #failure=0',
		);
		expect(describeProbe({tcpSocket: {port: 5432}, timeoutSeconds: 1})).toBe('tcp-socket :5432 delay=0s timeout=1s period=0s #success=0 #failure=0');
		expect(describeProbe({httpGet: {path: '/healthz', port: 'http', scheme: 'HTTPS'}})).toMatch(/^http-get https:\/\/:http\/healthz /);
	});
});

describe('computeQos', () => {
	it('follows kubectl for pods whose status has no class', () => {
		const withResources = (requests?: Record<string, string>, limits?: Record<string, string>): Pod =>
			pod({containers: [{name: 'a', resources: {requests, limits}}]});
		expect(computeQos(withResources())).toBe('BestEffort');
		expect(computeQos(withResources({cpu: '100m'}))).toBe('Burstable');
		expect(computeQos(withResources({cpu: '100m', memory: '64Mi'}, {cpu: '0.1', memory: '64Mi'}))).toBe('Guaranteed');
	});
});
